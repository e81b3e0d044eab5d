from enum import StrEnum


class PersonContextBreastfeedingType0(StrEnum):
    FULLY = "fully"
    NO = "no"
    PARTIALLY = "partially"

    def __str__(self) -> str:
        return str(self.value)
