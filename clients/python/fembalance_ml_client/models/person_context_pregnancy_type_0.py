from enum import StrEnum


class PersonContextPregnancyType0(StrEnum):
    NOT_PREGNANT = "not_pregnant"
    POSSIBLY_PREGNANT = "possibly_pregnant"
    PREGNANT = "pregnant"

    def __str__(self) -> str:
        return str(self.value)
