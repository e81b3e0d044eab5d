from enum import StrEnum


class CycleResponseRegularity(StrEnum):
    INSUFFICIENT_DATA = "insufficient_data"
    IRREGULAR = "irregular"
    REGULAR = "regular"

    def __str__(self) -> str:
        return str(self.value)
