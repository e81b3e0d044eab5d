"""Plain-language next steps for a PCOS risk result, each with its stable code.

Every recommendation is rendered in the request's language from a `Text` and comes with
its code and the values it names (`recommendation_codes` in the answer, same order), so
a client can word it itself. A flag repeated here keeps the flag's code and params.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.i18n import Text
from fembalance_ml.pcos.features import PCOM_FOLLICLES_PER_OVARY
from fembalance_ml.pcos.schemas import Criteria, PcosFlag

_BY_LEVEL: Final = {
    "High": Text(
        "pcos.risk_level_high",
        "Your answers share many features with PCOS. Book an appointment with a doctor or "
        "gynaecologist to talk about them; bring a record of your recent cycles.",
    ),
    "Medium": Text(
        "pcos.risk_level_medium",
        "Some of your answers are common in PCOS. Talk to a doctor, especially if your "
        "cycles are irregular or the symptoms bother you.",
    ),
    # Never "does not suggest PCOS": a low score is not an all-clear (PCOS 2023 diagnoses
    # on criteria, and the model misses about 1 in 20 people with PCOS below this level).
    "Low": Text(
        "pcos.risk_level_low",
        "Your estimated PCOS risk is lower than average for the answers you gave. It is "
        "not an all-clear: see a doctor anyway if your periods are irregular, far apart or "
        "stop for 3 months or more, or if excess hair growth, acne or hair loss bothers you.",
        note="Never soften 'not an all-clear': a low score does not rule PCOS out.",
    ),
}
CRITERIA_MET: Final = Text(
    "pcos.criteria_met",
    "Your answers meet {count} of the 3 PCOS criteria. Whatever the score, a doctor needs "
    "to assess this and rule out other causes (such as thyroid or prolactin problems) "
    "before PCOS can be diagnosed.",
    note="The 3 criteria are the Rotterdam criteria of the PCOS 2023 guideline.",
)
OVULATORY_DYSFUNCTION: Final = Text(
    "pcos.ovulatory_dysfunction",
    "Irregular, very short or very long cycles are worth mentioning to a doctor: "
    "tracking your period start dates helps them.",
)
HYPERANDROGENISM: Final = Text(
    "pcos.hyperandrogenism",
    "Excess hair growth, acne, hair loss or a raised testosterone can come from "
    "raised androgens; a doctor can check this with a blood test.",
)
POLYCYSTIC_OVARIAN_MORPHOLOGY: Final = Text(
    "pcos.polycystic_ovarian_morphology",
    "Your ultrasound follicle count meets the polycystic ovarian morphology "
    "threshold (20 or more follicles in an ovary); discuss it with your doctor.",
)
SELF_REPORTED_ONLY: Final = Text(
    "pcos.self_reported_only",
    "This estimate uses self-reported answers only. Blood tests and an ultrasound, "
    "ordered by a doctor, give a much more reliable picture.",
)
LIFESTYLE: Final = Text(
    "pcos.lifestyle",
    "Regular physical activity and a balanced diet help with many PCOS symptoms, "
    "whatever the result.",
)
_NO_PARAMS: Final[dict[str, NoteParam]] = {}


class Recommendation(NamedTuple):
    """One next step: its stable code, the values it names, and its words."""

    code: str
    params: dict[str, NoteParam]
    message: str


def _said(code: str, text: Text, params: dict[str, NoteParam] = _NO_PARAMS) -> Recommendation:
    return Recommendation(code, params, text.render(**params))


def recommendations_for(
    level: str,
    variant: str,
    criteria: Criteria,
    criteria_met: int,
    flags: Sequence[PcosFlag] = (),
) -> list[Recommendation]:
    """Recommendations from the risk level, the variant, the criteria met and the flags."""
    advice = [_said(f"risk_level_{level.lower()}", _BY_LEVEL[level])]
    if criteria_met >= 2:
        advice.append(_said("criteria_met", CRITERIA_MET, {"count": criteria_met}))
    # Flag messages again here: a v1 client that shows recommendations but does not know
    # `flags` (an additive field) must still show the thyroid, prolactin, testosterone and
    # adolescent messages.
    advice += [
        Recommendation(f.code, f.params, f.message)
        for f in flags
        if f.code != "two_or_more_criteria"
    ]
    if criteria.ovulatory_dysfunction:
        advice.append(_said("ovulatory_dysfunction", OVULATORY_DYSFUNCTION))
    if criteria.hyperandrogenism:
        advice.append(_said("hyperandrogenism", HYPERANDROGENISM))
    if criteria.polycystic_ovarian_morphology:
        threshold: dict[str, NoteParam] = {"follicles_per_ovary": PCOM_FOLLICLES_PER_OVARY}
        advice.append(
            _said("polycystic_ovarian_morphology", POLYCYSTIC_OVARIAN_MORPHOLOGY, threshold)
        )
    if variant == "screening" and level != "Low":
        advice.append(_said("self_reported_only", SELF_REPORTED_ONLY))
    advice.append(_said("lifestyle", LIFESTYLE))
    return advice
