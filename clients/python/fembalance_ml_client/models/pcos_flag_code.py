from enum import StrEnum


class PcosFlagCode(StrEnum):
    ADOLESCENT_CRITERIA = "adolescent_criteria"
    HIGH_TESTOSTERONE = "high_testosterone"
    PROLACTIN_CHECK = "prolactin_check"
    THYROID_CHECK = "thyroid_check"
    TWO_OR_MORE_CRITERIA = "two_or_more_criteria"
    VERY_HIGH_TESTOSTERONE = "very_high_testosterone"

    def __str__(self) -> str:
        return str(self.value)
