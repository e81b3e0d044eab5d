"""The rules that wait for a pattern (2+ cycles, or 6 months), then prolonged bleeding.

Prolonged bleeding fires on one period since issue 22 (ACOG CO 651 and FIGO 2018 both ask
for a single prolonged bleed to be evaluated), but it stays last: it is not urgent.
"""

from __future__ import annotations

from fembalance_ml.clinical.sources import (
    ACOG_CO_651,
    FIGO_2018,
    FSRH_PROBLEMATIC_BLEEDING,
    NICE_NG73,
    NICE_NG88,
)
from fembalance_ml.i18n import Text
from fembalance_ml.symptoms import bleeding_flags
from fembalance_ml.symptoms.red_flags import Rule, suspected_endometriosis

PATTERN_RULES = (
    Rule(
        "suspected_endometriosis",
        "suspected_endometriosis",
        NICE_NG73,
        "any of: pelvic_pain >= 3 on non-period days in >= 3 separate calendar months, "
        "first to last >= 180 days apart; cramps or pelvic_pain >= 4 on a "
        "period day with an interference item >= 4 the same day (or pain = 6), in >= 2 "
        "cycles; pain_during_sex >= 3 on >= 2 days; painful_bowel_movements or "
        "painful_urination, blood_in_urine or rectal_bleeding >= 3 during or up to 3 days "
        "before a period, in >= 2 cycles",
        Text(
            "symptoms.suspected_endometriosis",
            "NICE guideline NG73 advises that these symptoms can be caused by endometriosis; "
            "consider discussing them with a doctor or gynaecologist.",
        ),
        suspected_endometriosis,
    ),
    Rule(
        "heavy_menstrual_bleeding",
        "heavy_menstrual_bleeding",
        NICE_NG88,
        "heavy_bleeding or clots_flooding >= 4 on a period day, in >= 2 cycles",
        "NICE guideline NG88 recommends seeing a clinician when heavy periods affect your "
        "daily life; they are common and treatable.",
        bleeding_flags.heavy_menstrual_bleeding,
    ),
    Rule(
        "intermenstrual_bleeding",
        "intermenstrual_bleeding",
        f"{NICE_NG88}; {FIGO_2018}",
        "spotting, heavy_bleeding or clots_flooding >= 2 more than 1 day after a period ends "
        "and more than 2 days before the next start, in >= 2 cycles; not on hormonal "
        "contraception (then unscheduled_bleeding), not lochia, pregnancy or menopause",
        "Bleeding between periods should be checked by a clinician (NICE NG88; FIGO 2018).",
        bleeding_flags.intermenstrual_bleeding,
    ),
    Rule(
        "unscheduled_bleeding",
        "unscheduled_bleeding",
        FSRH_PROBLEMATIC_BLEEDING,
        "on hormonal contraception: bleeding between the expected bleeds (as "
        "intermenstrual_bleeding) in >= 2 cycles, a bleed over the prolonged limit, or "
        "such bleeding with pain >= 3, heavy bleeding or bleeding after sex",
        "Bleeding between expected bleeds on hormonal contraception is common in the first "
        "3 months; see a clinician if it persists, starts after a settled pattern, or comes "
        "with pain, after sex or heavily (FSRH).",
        bleeding_flags.unscheduled_bleeding,
    ),
    Rule(
        "prolonged_menstruation",
        "prolonged_menstruation",
        f"{FIGO_2018}; {ACOG_CO_651}",
        "one period (period_length_days, else consecutive bleeding logs from the start) or "
        "bleed longer than 8 days, or 7 days under 18 or within 3 years of menarche; not on "
        "hormonal contraception (then unscheduled_bleeding)",
        "Bleeding for longer than 8 days (7 in the years after the first period) is outside "
        "the normal range: please see a clinician (FIGO 2018; ACOG CO 651).",
        bleeding_flags.prolonged_menstruation,
    ),
)
