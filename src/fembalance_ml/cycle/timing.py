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
from fembalance_ml.cycle.flag import Flag, said
from fembalance_ml.i18n import Text

LATE_PERIOD_DAYS: Final = 7  # past the predicted date: this service's threshold
ABSENT_PERIOD_DAYS: Final = 90  # NICE CKS amenorrhoea: 3 months after regular cycles
ABSENT_PERIOD_DAYS_IRREGULAR: Final = 180  # ... and 6 months after irregular ones
FIGO_MIN_AGE: Final = 18
FIGO_MAX_AGE: Final = 45


# The sentence on pregnancy, by what she said (params.pregnancy) and whether the test
# comes "first" (before a clinician, in the absent-period flag).
_TEST = "take a pregnancy test"
PREGNANCY_TEST: Final = {
    ("possible", False): Text(
        "cycle.pregnancy_test.possible",
        f"You told us you could be pregnant: {_TEST}.",
    ),
    ("possible", True): Text(
        "cycle.pregnancy_test.possible_first",
        f"You told us you could be pregnant: {_TEST} first.",
    ),
    ("not_stated", False): Text(
        "cycle.pregnancy_test.not_stated",
        f"If you could be pregnant, {_TEST}.",
    ),
    ("not_stated", True): Text(
        "cycle.pregnancy_test.not_stated_first",
        f"If you could be pregnant, {_TEST} first.",
    ),
}
RULED_OUT_BY_YOU: Final = Text(
    "cycle.pregnancy_test.ruled_out_by_you",
    "You told us you are not pregnant, and this answer takes that as given; if it may "
    "have changed (sex without contraception since your last period), take a "
    "pregnancy test.",
)
LATE: Final = Text("cycle.late_period", "Your period is {days_late} days later than predicted.")
LATE_ADVICE: Final = Text(
    "cycle.late_period.advice",
    "From {limit_days} days late (this service's own threshold, not a guideline's) "
    "ovulation and the fertile window are not predicted until a new period is "
    "logged. If it does not come, talk to a clinician.",
)
ABSENT: Final = Text("cycle.absent_period", "No period has been logged for {days} days.")
_AMENORRHOEA = "(secondary amenorrhoea, NICE CKS)"
ABSENT_ADVICE: Final = {
    "regular": Text(
        "cycle.absent_period.regular",
        "After regular cycles, 3 months without a period is what guidelines call absent "
        f"periods {_AMENORRHOEA}: please see a clinician.",
    ),
    "irregular": Text(
        "cycle.absent_period.irregular",
        "After irregular cycles, guidelines call periods absent after 6 months without "
        f"one {_AMENORRHOEA}. please see a clinician.",
        note="The lower-case 'please' after the full stop is the English wording as served.",
    ),
    "irregular_passed": Text(
        "cycle.absent_period.irregular_passed",
        "After irregular cycles, guidelines call periods absent after 6 months without "
        f"one {_AMENORRHOEA}. That point has passed: please see a clinician.",
    ),
    "insufficient_data": Text(
        "cycle.absent_period.insufficient_data",
        "Guidelines call periods absent after 3 months without one when cycles were regular, "
        f"or 6 months when they were irregular {_AMENORRHOEA}: please see a clinician.",
    ),
}
MISSED_WITHDRAWAL_BLEED: Final = Text(
    "cycle.missed_withdrawal_bleed",
    "No bleed has been logged {days_late} days after the expected date. On combined "
    "hormonal contraception a missed withdrawal bleed is not unusual, and expected if "
    "you skip the break between packs. If you missed or were late with any pills "
    "(or patch or ring days), were sick or had severe diarrhoea, or could be pregnant "
    "for another reason, take a pregnancy test; if you are unsure, ask a pharmacist or "
    f"clinician ({FSRH_CHC}).",
)
NOT_ASSESSED_AGES: Final = Text(
    "cycle.regularity_not_assessed.age_range",
    "Regularity is not assessed: FIGO 2018's ranges for cycle regularity apply from age "
    "{min_age} to {max_age}.",
)
NOT_ASSESSED_YOUNG: Final = Text(
    "cycle.regularity_not_assessed.under_age",
    "Cycles often vary in the first years after the first period; a clinician can "
    "advise, and should if periods are very far apart, very heavy or painful.",
)
NOT_ASSESSED_OLDER: Final = Text(
    "cycle.regularity_not_assessed.over_age",
    "From {max_age} on, cycle changes are common near the menopause; a clinician can advise.",
)
NOT_ASSESSED_MENARCHE: Final = Text(
    "cycle.regularity_not_assessed.after_menarche",
    "Regularity is not assessed: in the first {limit_years:g} years after the first period "
    f"cycles often vary ({ACOG_CO_651}), and FIGO 2018's regularity ranges are for adult "
    "cycles. A clinician can advise, and should if periods come less than 21 or more "
    "than 45 days apart, or are very heavy or painful.",
)


def _pregnancy_test(situation: Situation, *, first: bool) -> tuple[Text, str]:
    """The sentence on pregnancy, and its `params.pregnancy` value."""
    stated = situation.context.pregnancy
    if stated == "not_pregnant":
        return RULED_OUT_BY_YOU, "ruled_out_by_you"
    said_as = "possible" if stated == "possibly_pregnant" else "not_stated"
    return PREGNANCY_TEST[(said_as, first)], said_as


def late_flag(days_late: int | None, situation: Situation) -> list[Flag]:
    """A period 7 or more days past the predicted date."""
    if days_late is None or days_late < LATE_PERIOD_DAYS:
        return []
    pregnancy, stated = _pregnancy_test(situation, first=False)
    params: dict[str, NoteParam] = {
        "days_late": days_late,
        "limit_days": LATE_PERIOD_DAYS,
        "pregnancy": stated,
    }
    return [said("late_period", (LATE, pregnancy, LATE_ADVICE), params)]


def _absent_advice(days: int, cycle_regularity: str) -> Text:
    """The 3- or 6-month definition that applies, then a clinician."""
    if cycle_regularity == "irregular" and days >= ABSENT_PERIOD_DAYS_IRREGULAR:
        return ABSENT_ADVICE["irregular_passed"]
    return ABSENT_ADVICE.get(cycle_regularity, ABSENT_ADVICE["insufficient_data"])


def absent_flag(days: int, cycle_regularity: str, situation: Situation) -> list[Flag]:
    """No period for 90 days or more: pregnancy test first, then a clinician."""
    if days < ABSENT_PERIOD_DAYS:
        return []
    pregnancy, stated = _pregnancy_test(situation, first=True)
    params: dict[str, NoteParam] = {
        "days": days,
        "regularity": cycle_regularity,
        "limit_days_regular": ABSENT_PERIOD_DAYS,
        "limit_days_irregular": ABSENT_PERIOD_DAYS_IRREGULAR,
        "pregnancy": stated,
    }
    advice = _absent_advice(days, cycle_regularity)
    return [said("absent_period", (ABSENT, pregnancy, advice), params)]


def missed_withdrawal_bleed_flag(days_late: int | None, situation: Situation) -> list[Flag]:
    """On combined hormonal contraception: no withdrawal bleed 7+ days after the expected one."""
    if days_late is None or days_late < LATE_PERIOD_DAYS:
        return []
    params: dict[str, NoteParam] = {
        "days_late": days_late,
        "limit_days": LATE_PERIOD_DAYS,
        "method": situation.context.contraception or "",
    }
    return [said("missed_withdrawal_bleed", (MISSED_WITHDRAWAL_BLEED,), params)]


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
    if age is not None and not regularity_assessed(age):
        params: dict[str, NoteParam] = {
            "age": age,
            "min_age": FIGO_MIN_AGE,
            "max_age": FIGO_MAX_AGE,
        }
        advice = NOT_ASSESSED_YOUNG if age < FIGO_MIN_AGE else NOT_ASSESSED_OLDER
        return [said("regularity_not_assessed", (NOT_ASSESSED_AGES, advice), params)]
    years = situation.years_since_menarche or 0.0
    params = {
        "years_since_menarche": round(years, 1),
        "limit_years": ADOLESCENT_YEARS_SINCE_MENARCHE,
    }
    return [said("regularity_not_assessed", (NOT_ASSESSED_MENARCHE,), params)]
