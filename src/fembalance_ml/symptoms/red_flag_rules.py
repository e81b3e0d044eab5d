"""The red-flag rule table, and the screen that runs it over a request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fembalance_ml.symptoms.flag_context import build_context
from fembalance_ml.symptoms.red_flags import (
    FIGO_2018,
    NICE_NG73,
    NICE_NG88,
    Rule,
    heavy_menstrual_bleeding,
    intermenstrual_bleeding,
    prolonged_menstruation,
    suspected_endometriosis,
)
from fembalance_ml.symptoms.schemas import CycleStart, RedFlag, SymptomLog

RULES = (
    Rule(
        "suspected_endometriosis",
        NICE_NG73,
        "any of: pelvic_pain >= 3 logged over >= 180 days; cramps or pelvic_pain >= 4 on a "
        "period day with an interference item >= 4 the same day (or pain = 6), in >= 2 "
        "cycles; pain_during_sex >= 3 on >= 2 days; painful_bowel_movements or "
        "painful_urination >= 3 during or up to 3 days before a period, in >= 2 cycles",
        "NICE guideline NG73 advises that these symptoms can be caused by endometriosis; "
        "consider discussing them with a doctor or gynaecologist.",
        suspected_endometriosis,
    ),
    Rule(
        "heavy_menstrual_bleeding",
        NICE_NG88,
        "heavy_bleeding >= 4 on a period day, in >= 2 cycles",
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
