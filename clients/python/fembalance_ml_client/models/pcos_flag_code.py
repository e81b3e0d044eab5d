from enum import StrEnum


class PcosFlagCode(StrEnum):
    ADOLESCENT_CRITERIA = "adolescent_criteria"
    HIGH_TESTOSTERONE = "high_testosterone"
    HORMONAL_CONTRACEPTION = "hormonal_contraception"
    MENOPAUSAL_TRANSITION = "menopausal_transition"
    MENOPAUSE = "menopause"
    POSTPARTUM = "postpartum"
    PREGNANCY = "pregnancy"
    PRIMARY_AMENORRHOEA = "primary_amenorrhoea"
    PROLACTIN_CHECK = "prolactin_check"
    THYROID_CHECK = "thyroid_check"
    TWO_OR_MORE_CRITERIA = "two_or_more_criteria"
    VERY_HIGH_TESTOSTERONE = "very_high_testosterone"

    def __str__(self) -> str:
        return str(self.value)
