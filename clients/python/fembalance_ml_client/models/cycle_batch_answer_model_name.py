from enum import StrEnum


class CycleBatchAnswerModelName(StrEnum):
    CYCLE = "cycle"

    def __str__(self) -> str:
        return str(self.value)
