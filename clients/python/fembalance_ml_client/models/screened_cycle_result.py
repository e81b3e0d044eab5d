from enum import StrEnum


class ScreenedCycleResult(StrEnum):
    INSUFFICIENT_DATA = "insufficient_data"
    MRMD = "mrmd"
    NO_DIAGNOSIS = "no_diagnosis"
    PMDD = "pmdd"
    PME = "pme"

    def __str__(self) -> str:
        return str(self.value)
