"""Flags about the current cycle's timing: late, absent, a missed withdrawal bleed; and why
regularity is not assessed.

A late or absent period always mentions pregnancy, in the words that fit what she said:
unstated (the cautious reading: she could be), possibly pregnant, or not pregnant (the
answer takes her word, and says to test if that may have changed). The 7-day threshold of
`late_period` is this service's own: FIGO 2018's 7-9 days measure something else (the
spread between the shortest and longest cycle of a year), so the message does not cite it.
"""

from __future__ import annotations

from typing import Final

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.clinical.situation import ADOLESCENT_YEARS_SINCE_MENARCHE, Situation
from fembalance_ml.clinical.sources import ACOG_CO_651, FSRH_CHC
from fembalance_ml.cycle.flag import Flag

LATE_PERIOD_DAYS: Final = 7  # past the predicted date: this service's threshold
ABSENT_PERIOD_DAYS: Final = 90  # NICE CKS amenorrhoea: 3 months after regular cycles
ABSENT_PERIOD_DAYS_IRREGULAR: Final = 180  # ... and 6 months after irregular ones
FIGO_MIN_AGE: Final = 18
FIGO_MAX_AGE: Final = 45


def _pregnancy_words(situation: Situation, when: str) -> tuple[str, str]:
    """The sentence on pregnancy, and its `params.pregnancy` value (`when`: "" or " first")."""
    stated = situation.context.pregnancy
    if stated == "possibly_pregnant":
        return f"You told us you could be pregnant: take a pregnancy test{when}.", "possible"
    if stated == "not_pregnant":
        return (
            "You told us you are not pregnant, and this answer takes that as given; if it may "
            "have changed (sex without contraception since your last period), take a "
            "pregnancy test.",
            "ruled_out_by_you",
        )
    return f"If you could be pregnant, take a pregnancy test{when}.", "not_stated"


def late_flag(days_late: int | None, situation: Situation) -> list[Flag]:
    """A period 7 or more days past the predicted date."""
    if days_late is None or days_late < LATE_PERIOD_DAYS:
        return []
    pregnancy, stated = _pregnancy_words(situation, "")
    return [
        Flag(
            "late_period",
            f"Your period is {days_late} days later than predicted. {pregnancy} From "
            f"{LATE_PERIOD_DAYS} days late (this service's own threshold, not a guideline's) "
            "ovulation and the fertile window are not predicted until a new period is "
            "logged. If it does not come, talk to a clinician.",
            {"days_late": days_late, "limit_days": LATE_PERIOD_DAYS, "pregnancy": stated},
        )
    ]


def _absent_message(days: int, cycle_regularity: str, pregnancy: str) -> str:
    """Pregnancy test first, then a clinician, with the 3- or 6-month definition that applies."""
    opening = f"No period has been logged for {days} days. {pregnancy} "
    if cycle_regularity == "regular":
        return opening + (
            "After regular cycles, 3 months without a period is what guidelines call absent "
            "periods (secondary amenorrhoea, NICE CKS): please see a clinician."
        )
    if cycle_regularity == "irregular":
        passed = "That point has passed: " if days >= ABSENT_PERIOD_DAYS_IRREGULAR else ""
        return opening + (
            "After irregular cycles, guidelines call periods absent after 6 months without "
            f"one (secondary amenorrhoea, NICE CKS). {passed}please see a clinician."
        )
    return opening + (
        "Guidelines call periods absent after 3 months without one when cycles were regular, "
        "or 6 months when they were irregular (secondary amenorrhoea, NICE CKS): please see "
        "a clinician."
    )


def absent_flag(days: int, cycle_regularity: str, situation: Situation) -> list[Flag]:
    """No period for 90 days or more."""
    if days < ABSENT_PERIOD_DAYS:
        return []
    pregnancy, stated = _pregnancy_words(situation, " first")
    return [
        Flag(
            "absent_period",
            _absent_message(days, cycle_regularity, pregnancy),
            {
                "days": days,
                "regularity": cycle_regularity,
                "limit_days_regular": ABSENT_PERIOD_DAYS,
                "limit_days_irregular": ABSENT_PERIOD_DAYS_IRREGULAR,
                "pregnancy": stated,
            },
        )
    ]


def missed_withdrawal_bleed_flag(days_late: int | None, situation: Situation) -> list[Flag]:
    """On combined hormonal contraception: no withdrawal bleed 7+ days after the expected one."""
    if days_late is None or days_late < LATE_PERIOD_DAYS:
        return []
    return [
        Flag(
            "missed_withdrawal_bleed",
            f"No bleed has been logged {days_late} days after the expected date. On combined "
            "hormonal contraception a missed withdrawal bleed is not unusual, and expected if "
            "you skip the break between packs. If you missed or were late with any pills "
            "(or patch or ring days), were sick or had severe diarrhoea, or could be pregnant "
            "for another reason, take a pregnancy test; if you are unsure, ask a pharmacist or "
            f"clinician ({FSRH_CHC}).",
            {
                "days_late": days_late,
                "limit_days": LATE_PERIOD_DAYS,
                "method": situation.context.contraception or "",
            },
        )
    ]


def regularity_assessed(age: float | None) -> bool:
    """Whether FIGO 2018's regularity ranges apply: age 18 to 45, or age not given."""
    return age is None or FIGO_MIN_AGE <= age <= FIGO_MAX_AGE


def regularity_assessed_for(situation: Situation) -> bool:
    """FIGO's age range, and adult norms (not within 3 years of the first period)."""
    return regularity_assessed(situation.age) and situation.norms == "adult"


def regularity_flag(situation: Situation) -> list[Flag]:
    """Say why regularity is not assessed: under 18, over 45, or soon after menarche."""
    if regularity_assessed_for(situation):
        return []
    age = situation.age
    ranges = "FIGO 2018's ranges for cycle regularity apply from age 18 to 45."
    if age is not None and not regularity_assessed(age):
        params: dict[str, NoteParam] = {
            "age": age,
            "min_age": FIGO_MIN_AGE,
            "max_age": FIGO_MAX_AGE,
        }
        if age < FIGO_MIN_AGE:
            advice = (
                "Cycles often vary in the first years after the first period; a clinician can "
                "advise, and should if periods are very far apart, very heavy or painful."
            )
        else:
            advice = (
                "From 45 on, cycle changes are common near the menopause; a clinician can advise."
            )
        return [
            Flag(
                "regularity_not_assessed", f"Regularity is not assessed: {ranges} {advice}", params
            )
        ]
    years = situation.years_since_menarche or 0.0
    return [
        Flag(
            "regularity_not_assessed",
            "Regularity is not assessed: in the first 3 years after the first period cycles "
            f"often vary ({ACOG_CO_651}), and FIGO 2018's regularity ranges are for adult "
            "cycles. A clinician can advise, and should if periods come less than 21 or more "
            "than 45 days apart, or are very heavy or painful.",
            {
                "years_since_menarche": round(years, 1),
                "limit_years": ADOLESCENT_YEARS_SINCE_MENARCHE,
            },
        )
    ]
