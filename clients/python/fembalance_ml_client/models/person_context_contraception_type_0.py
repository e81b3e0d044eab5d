from enum import StrEnum


class PersonContextContraceptionType0(StrEnum):
    COMBINED_HORMONAL = "combined_hormonal"
    COPPER_IUD = "copper_iud"
    HORMONAL_IUS = "hormonal_ius"
    IMPLANT = "implant"
    INJECTION = "injection"
    NONE = "none"
    PROGESTOGEN_ONLY_PILL = "progestogen_only_pill"

    def __str__(self) -> str:
        return str(self.value)
