from enum import StrEnum


class PersonContextMenopauseType0(StrEnum):
    NATURAL = "natural"
    NO = "no"
    PERIMENOPAUSE = "perimenopause"
    SURGICAL = "surgical"

    def __str__(self) -> str:
        return str(self.value)
