from enum import StrEnum


class PcosResponseVariant(StrEnum):
    CLINICAL = "clinical"
    SCREENING = "screening"

    def __str__(self) -> str:
        return str(self.value)
