from enum import StrEnum


class PcosBatchAnswerModelName(StrEnum):
    PCOS = "pcos"

    def __str__(self) -> str:
        return str(self.value)
