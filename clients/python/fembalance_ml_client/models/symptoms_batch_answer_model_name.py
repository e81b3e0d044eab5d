from enum import StrEnum


class SymptomsBatchAnswerModelName(StrEnum):
    SYMPTOMS = "symptoms"

    def __str__(self) -> str:
        return str(self.value)
