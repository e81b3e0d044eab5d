"""The red-flag rule table, and the screen that runs it over a request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fembalance_ml.symptoms.flag_context import build_context
from fembalance_ml.symptoms.red_flags import (
    FIGO_2018,
    NICE_CKS_HMB,
    NICE_CKS_PCB,
    NICE_NG12,
    NICE_NG73,
    NICE_NG88,
    NICE_NG126,
    NICE_NG225,
    Rule,
    heavy_menstrual_bleeding,
    intermenstrual_bleeding,
    prolonged_menstruation,
    suspected_endometriosis,
)
from fembalance_ml.symptoms.schemas import CycleStart, RedFlag, SymptomLog
from fembalance_ml.symptoms.urgent_flags import (
    blood_in_urine,
    crisis_support,
    postcoital_bleeding,
    rectal_bleeding,
    urgent_care,
)

# The signs that cannot wait come first: a reader (or a client) sees them first.
IMMEDIATE_RULES = (
    Rule(
        "crisis_support",
        NICE_NG225,
        "hopelessness or worthlessness_guilt rated 5+ (severe) on >= 3 days, at once",
        "You rated hopelessness or worthlessness as severe on several days. If you are "
        "thinking about harming yourself or ending your life, or feel you cannot keep "
        "yourself safe, contact emergency services or a crisis line now: for example 112 "
        "(European Union), 999 (UK) or 911 (US and Canada) in an emergency; 988 (US and "
        "Canada) or Samaritans on 116 123 (UK and Ireland) to talk to someone at any time; "
        "elsewhere, your local emergency number. Please also tell a doctor how you have "
        "been feeling: it can be treated.",
        crisis_support,
    ),
    Rule(
        "urgent_care",
        f"{NICE_NG88}; {NICE_CKS_HMB}; {NICE_NG126}",
        "at once: heavy_bleeding, clots_flooding or pelvic_pain rated 6 (extreme) on any "
        "day; bleeding logged on >= 14 consecutive days or a period_length_days >= 14; "
        "dizziness >= 4 within a day of heavy_bleeding or clots_flooding >= 4",
        "Seek medical help today (a same-day doctor or urgent care service; emergency "
        "services if it is severe) if any of these is happening now: soaking through a pad "
        "or tampon every hour for several hours in a row, or passing large clots; feeling "
        "faint, dizzy or short of breath (heavy bleeding can cause anaemia); severe pain "
        "that painkillers do not help; or "
        "bleeding or pain when you could be pregnant. Bleeding that has gone on for 14 days "
        "or more needs a doctor soon. If it has already settled, still see a clinician "
        "about it.",
        urgent_care,
    ),
    Rule(
        "postcoital_bleeding",
        f"{NICE_CKS_PCB}; {NICE_NG12}",
        "at once: bleeding_after_sex >= 2 on any day",
        "Bleeding after sex should be checked by a doctor or nurse, even if it happened "
        "once and has stopped: the cause is usually minor, but the cervix needs to be "
        "examined. Make sure your cervical screening is up to date, and say if you could "
        "be pregnant.",
        postcoital_bleeding,
    ),
    Rule(
        "blood_in_urine",
        f"{NICE_NG12}; {NICE_NG73}",
        "at once: blood_in_urine >= 2 on any day",
        "Blood you can see in your urine should be checked by a doctor, even if it happened "
        "once and has stopped. It can be hard to tell apart from period blood; if it comes "
        "with your periods, it can also be a sign of endometriosis (NICE NG73).",
        blood_in_urine,
    ),
    Rule(
        "rectal_bleeding",
        f"{NICE_NG12}; {NICE_NG73}",
        "at once: rectal_bleeding >= 2 on any day",
        "Bleeding from the bottom should be checked by a doctor, even if it happened once "
        "and has stopped. If it comes with your periods, it can be a sign of endometriosis "
        "affecting the bowel (NICE NG73).",
        rectal_bleeding,
    ),
)

PATTERN_RULES = (
    Rule(
        "suspected_endometriosis",
        NICE_NG73,
        "any of: pelvic_pain >= 3 on non-period days in >= 3 separate calendar months, "
        "first to last >= 180 days apart; cramps or pelvic_pain >= 4 on a "
        "period day with an interference item >= 4 the same day (or pain = 6), in >= 2 "
        "cycles; pain_during_sex >= 3 on >= 2 days; painful_bowel_movements or "
        "painful_urination, blood_in_urine or rectal_bleeding >= 3 during or up to 3 days "
        "before a period, in >= 2 cycles",
        "NICE guideline NG73 advises that these symptoms can be caused by endometriosis; "
        "consider discussing them with a doctor or gynaecologist.",
        suspected_endometriosis,
    ),
    Rule(
        "heavy_menstrual_bleeding",
        NICE_NG88,
        "heavy_bleeding or clots_flooding >= 4 on a period day, in >= 2 cycles",
        "NICE guideline NG88 recommends seeing a clinician when heavy periods affect your "
        "daily life; they are common and treatable.",
        heavy_menstrual_bleeding,
    ),
    Rule(
        "intermenstrual_bleeding",
        f"{NICE_NG88}; {FIGO_2018}",
        "spotting or heavy_bleeding >= 2 more than 1 day after a period ends and more than "
        "2 days before the next start, in >= 2 cycles",
        "Bleeding between periods should be checked by a clinician (NICE NG88; FIGO 2018).",
        intermenstrual_bleeding,
    ),
    Rule(
        "prolonged_menstruation",
        FIGO_2018,
        "period longer than 8 days (period_length_days, else consecutive bleeding logs "
        "from the start), in >= 2 cycles",
        "FIGO 2018 counts periods longer than 8 days as abnormal uterine bleeding; "
        "a clinician can look for the cause.",
        prolonged_menstruation,
    ),
)
RULES = IMMEDIATE_RULES + PATTERN_RULES


def red_flags(cycles: Sequence[CycleStart], logs: Sequence[SymptomLog]) -> list[RedFlag]:
    """Every rule that fires, with its evidence, guidance and source."""
    context = build_context(cycles, logs)
    flags = []
    for rule in RULES:
        evidence = rule.check(context)
        if evidence:
            flags.append(
                RedFlag(
                    code=rule.code, evidence=evidence, guidance=rule.guidance, source=rule.source
                )
            )
    return flags


def rules_metadata() -> list[dict[str, Any]]:
    """The rule table for metadata.json and the model card."""
    return [
        {"code": r.code, "source": r.source, "threshold": r.threshold, "guidance": r.guidance}
        for r in RULES
    ]
