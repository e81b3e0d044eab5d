from enum import StrEnum


class CycleStatusCurrentPhase(StrEnum):
    FOLLICULAR = "follicular"
    LUTEAL = "luteal"
    MENSTRUAL = "menstrual"
    OVULATORY = "ovulatory"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
