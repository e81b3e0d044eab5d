from enum import StrEnum


class SymptomsBatchItemModelName(StrEnum):
    SYMPTOMS = "symptoms"

    def __str__(self) -> str:
        return str(self.value)
