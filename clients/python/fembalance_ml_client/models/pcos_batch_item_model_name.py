from enum import StrEnum


class PcosBatchItemModelName(StrEnum):
    PCOS = "pcos"

    def __str__(self) -> str:
        return str(self.value)
