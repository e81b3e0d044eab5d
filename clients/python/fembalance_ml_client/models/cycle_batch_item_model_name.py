from enum import StrEnum


class CycleBatchItemModelName(StrEnum):
    CYCLE = "cycle"

    def __str__(self) -> str:
        return str(self.value)
