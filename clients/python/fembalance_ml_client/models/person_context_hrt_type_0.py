from enum import StrEnum


class PersonContextHrtType0(StrEnum):
    CONTINUOUS = "continuous"
    NONE = "none"
    SEQUENTIAL = "sequential"

    def __str__(self) -> str:
        return str(self.value)
