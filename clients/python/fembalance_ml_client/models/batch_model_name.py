from enum import StrEnum


class BatchModelName(StrEnum):
    CYCLE = "cycle"
    PCOS = "pcos"
    SYMPTOMS = "symptoms"

    def __str__(self) -> str:
        return str(self.value)
