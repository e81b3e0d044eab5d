"""The context vignettes of docs/CLINICAL.md (cycle, "The person's context").

Dates in a context are set relative to the vignette's own log, so each reads as the
situation it names. `test_context_vignettes.py` runs them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from tests.cycle.vignettes import Vignette, days_before

REGULAR = [28] * 8
NATURAL_CYCLE_FLAGS = {"short_cycles", "long_cycles", "highly_variable", "absent_period"}


def given(vignette: Vignette, **context: Any) -> Vignette:
    """The vignette with a context (values may be callables of the vignette, for dates)."""
    resolved = {
        key: value(vignette) if callable(value) else value for key, value in context.items()
    }
    return replace(vignette, context=resolved)


def ago(days: int) -> Any:
    """A context date `days` before the vignette's as_of."""
    return lambda vignette: days_before(vignette, days)


def start(index: int, plus: int = 0) -> Any:
    """A context date: the vignette's `index`-th logged start, plus `plus` days."""
    return lambda vignette: str(vignette.starts()[index] + timedelta(days=plus))


LATE = Vignette("regular 28, 40 days after the last start", REGULAR, 40)
PREGNANT = given(LATE, pregnancy="pregnant", pregnancy_start_date=start(-1))
BLEED_IN_PREGNANCY = given(
    Vignette("a start 30 days into a pregnancy", REGULAR, 20),
    pregnancy="pregnant",
    pregnancy_start_date=start(-2),
)
# Issue 22: breastfeeding for 330 days got "302 days later than predicted".
BREASTFEEDING_330 = given(
    Vignette("review: breastfeeding for 330 days", REGULAR, 610, age=32),
    delivery_date=ago(330),
    breastfeeding="fully",
)
NOT_FEEDING_60 = given(
    Vignette("not breastfeeding, 60 days after a birth", REGULAR, 340), delivery_date=ago(60)
)
NOT_FEEDING_120 = given(
    Vignette("not breastfeeding, 120 days after a birth", REGULAR, 400),
    delivery_date=ago(120),
    breastfeeding="no",
)
# At 46: a 400-day gap over a birth, then two 35-day cycles.
CYCLES_AFTER_BIRTH = given(
    Vignette("two cycles since a birth at 46", [28] * 5 + [400, 35, 35], 5, age=46),
    delivery_date=start(5, 300),
    breastfeeding="no",
)
# At 46: a 400-day gap, a period, then a pregnancy and a birth: no menopause.
GAP_THEN_BIRTH = given(
    Vignette("a 400-day gap, then a pregnancy, at 46", [28, 28, 400], 330, age=46),
    delivery_date=ago(40),
    breastfeeding="fully",
)
COMBINED = given(Vignette("review: combined pill", REGULAR, 10), contraception="combined_hormonal")
COMBINED_SHORT = given(
    Vignette("pill, 22-day bleeds", [22] * 6, 5), contraception="combined_hormonal"
)
COMBINED_MISSED = given(
    Vignette("pill, no bleed 10 days late", REGULAR, 38), contraception="combined_hormonal"
)
IMPLANT = given(
    Vignette("implant, erratic bleeds, 100 days", [20, 60, 15, 90, 33], 100),
    contraception="implant",
)
IMPLANT_LONG_BLEED = given(
    Vignette("implant, a 10-day bleed", REGULAR, 5, period_lengths={8: 10}), contraception="implant"
)
COPPER_9_DAYS = given(
    Vignette("copper IUD, a 9-day period", REGULAR, 5, period_lengths={8: 9}),
    contraception="copper_iud",
)
EMERGENCY = given(
    Vignette("emergency pill 3 days ago", REGULAR, 12), emergency_contraception_date=ago(3)
)
EMERGENCY_LAST_CYCLE = given(
    Vignette("emergency pill before the last period", REGULAR, 12),
    emergency_contraception_date=ago(20),
)
MENOPAUSE_BLEED = given(
    Vignette("natural menopause, a bleed after it", [28, 28, 400], 10, age=53),
    menopause="natural",
    menopause_date=start(-2),
)
MENOPAUSE_NO_BLEED = given(
    Vignette("natural menopause, no bleed since", [28, 28, 28], 500, age=53),
    menopause="natural",
    menopause_date=start(-1),
)
SURGICAL_UNDATED = given(
    Vignette("surgical menopause, a bleed this year", [28, 28, 28], 30, age=48),
    menopause="surgical",
)
CONTINUOUS_HRT_BLEED = given(
    Vignette("continuous HRT, a bleed", [28, 28, 400], 10, age=56),
    menopause="natural",
    menopause_date=start(-2),
    hrt="continuous",
)
CONTINUOUS_HRT_ONLY = given(
    Vignette("continuous HRT, menopause not stated, a bleed", REGULAR, 10, age=52),
    hrt="continuous",
)
SEQUENTIAL_HRT = given(
    Vignette("sequential HRT, monthly bleeds", REGULAR, 10, age=50), hrt="sequential"
)
MENARCHE_AT_17 = given(
    Vignette("42-day cycles at 19, menarche at 17", [42] * 4, 5, age=19), age_at_menarche=17
)
MENARCHE_AT_12 = given(
    Vignette("42-day cycles at 19, menarche at 12", [42] * 4, 5, age=19), age_at_menarche=12
)
LATE_MENARCHE = given(
    Vignette("first period at 15.5, now 16", REGULAR, 5, age=16), age_at_menarche=15.5
)
# The menopausal transition (STRAW+10; NICE NG23): from 40, long and varying cycles are
# expected and not flagged; short cycles, long bleeds, a late period (pregnancy is still
# possible) and a bleed after 12 months without one still are.
PERI_VARYING = given(
    Vignette("perimenopause at 48, 30-70-day cycles", [30, 45, 70, 38, 62], 5, age=48),
    menopause="perimenopause",
)
PERI_SHORT = given(
    Vignette("perimenopause at 47, 19-day cycles", [19] * 6, 5, age=47), menopause="perimenopause"
)
PERI_UNDER_40 = given(
    Vignette("perimenopause stated at 35, 50-day cycles", [50] * 5, 5, age=35),
    menopause="perimenopause",
)
PERI_NO_AGE = given(
    Vignette("perimenopause, age not given, 50-day cycles", [50] * 5, 5, age=None),
    menopause="perimenopause",
)
PERI_LATE = given(
    Vignette("perimenopause at 46, regular 28, 40 days on", REGULAR, 40, age=46),
    menopause="perimenopause",
)
PERI_LONG_BLEED = given(
    Vignette("perimenopause at 49, a 10-day bleed", REGULAR, 5, age=49, period_lengths={8: 10}),
    menopause="perimenopause",
)
PERI_BLEED_AFTER_A_YEAR = given(
    Vignette("perimenopause at 52, a bleed after 400 days", [28, 28, 400], 10, age=52),
    menopause="perimenopause",
)

MUST_FIRE = [
    ("pregnancy", PREGNANT),
    ("urgent_care", BLEED_IN_PREGNANCY),
    ("postpartum_amenorrhoea", BREASTFEEDING_330),
    ("postpartum_amenorrhoea", NOT_FEEDING_60),
    ("postpartum_amenorrhoea", NOT_FEEDING_120),
    ("hormonal_contraception", COMBINED),
    ("hormonal_contraception", IMPLANT),
    ("missed_withdrawal_bleed", COMBINED_MISSED),
    ("prolonged_menstruation", IMPLANT_LONG_BLEED),
    ("prolonged_menstruation", COPPER_9_DAYS),
    ("emergency_contraception", EMERGENCY),
    ("possible_postmenopausal_bleeding", MENOPAUSE_BLEED),
    ("possible_postmenopausal_bleeding", SURGICAL_UNDATED),
    ("menopause", MENOPAUSE_NO_BLEED),
    ("bleeding_on_hrt", CONTINUOUS_HRT_BLEED),
    ("bleeding_on_hrt", CONTINUOUS_HRT_ONLY),
    ("hrt", SEQUENTIAL_HRT),
    ("regularity_not_assessed", MENARCHE_AT_17),
    ("long_cycles", MENARCHE_AT_12),
    ("late_menarche", LATE_MENARCHE),
    ("menopausal_transition", PERI_VARYING),
    ("short_cycles", PERI_SHORT),
    ("menopausal_transition", PERI_UNDER_40),
    ("long_cycles", PERI_UNDER_40),
    ("long_cycles", PERI_NO_AGE),
    ("late_period", PERI_LATE),
    ("prolonged_menstruation", PERI_LONG_BLEED),
    ("possible_postmenopausal_bleeding", PERI_BLEED_AFTER_A_YEAR),
]

MUST_NOT_FIRE = [
    ("late_period", PREGNANT),
    ("absent_period", PREGNANT),
    ("urgent_care", PREGNANT),
    ("late_period", BREASTFEEDING_330),
    ("absent_period", BREASTFEEDING_330),
    ("possible_postmenopausal_bleeding", BREASTFEEDING_330),
    ("possible_postmenopausal_bleeding", CYCLES_AFTER_BIRTH),
    ("possible_postmenopausal_bleeding", GAP_THEN_BIRTH),
    ("long_cycles", CYCLES_AFTER_BIRTH),
    ("short_cycles", COMBINED_SHORT),
    (
        "highly_variable",
        given(Vignette("pill", [22, 40, 24, 38, 23], 5), contraception="combined_hormonal"),
    ),
    ("late_period", COMBINED_MISSED),
    *[(code, IMPLANT) for code in sorted(NATURAL_CYCLE_FLAGS | {"late_period"})],
    ("emergency_contraception", EMERGENCY_LAST_CYCLE),
    ("possible_postmenopausal_bleeding", MENOPAUSE_NO_BLEED),
    ("long_cycles", MENARCHE_AT_17),
    ("long_cycles", PERI_VARYING),
    ("highly_variable", PERI_VARYING),
    ("menopausal_transition", LATE),
    ("menopausal_transition", MENOPAUSE_NO_BLEED),
    (
        "late_menarche",
        given(Vignette("first period at 16, now 30", REGULAR, 5), age_at_menarche=16),
    ),
    (
        "late_menarche",
        given(Vignette("first period at 15, now 16", REGULAR, 5, age=16), age_at_menarche=15),
    ),
]
