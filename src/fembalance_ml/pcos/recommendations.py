"""Plain-language next steps for a PCOS risk result."""

from __future__ import annotations

from collections.abc import Sequence

from fembalance_ml.pcos.schemas import Criteria, PcosFlag

_BY_LEVEL = {
    "High": (
        "Your answers share many features with PCOS. Book an appointment with a doctor or "
        "gynaecologist to talk about them; bring a record of your recent cycles."
    ),
    "Medium": (
        "Some of your answers are common in PCOS. Talk to a doctor, especially if your "
        "cycles are irregular or the symptoms bother you."
    ),
    # Never "does not suggest PCOS": a low score is not an all-clear (PCOS 2023 diagnoses
    # on criteria, and the model misses about 1 in 20 people with PCOS below this level).
    "Low": (
        "Your estimated PCOS risk is lower than average for the answers you gave. It is "
        "not an all-clear: see a doctor anyway if your periods are irregular, far apart or "
        "stop for 3 months or more, or if excess hair growth, acne or hair loss bothers you."
    ),
}
_CRITERIA_MET = (
    "Your answers meet {count} of the 3 PCOS criteria. Whatever the score, a doctor needs "
    "to assess this and rule out other causes (such as thyroid or prolactin problems) "
    "before PCOS can be diagnosed."
)


def recommendations_for(
    level: str,
    variant: str,
    criteria: Criteria,
    criteria_met: int,
    flags: Sequence[PcosFlag] = (),
) -> list[str]:
    """Recommendations from the risk level, the variant, the criteria met and the flags."""
    advice = [_BY_LEVEL[level]]
    if criteria_met >= 2:
        advice.append(_CRITERIA_MET.format(count=criteria_met))
    # Flag messages again here: a v1 client that shows recommendations but does not know
    # `flags` (an additive field) must still show the thyroid, prolactin, testosterone and
    # adolescent messages.
    advice += [f.message for f in flags if f.code != "two_or_more_criteria"]
    if criteria.ovulatory_dysfunction:
        advice.append(
            "Irregular, very short or very long cycles are worth mentioning to a doctor: "
            "tracking your period start dates helps them."
        )
    if criteria.hyperandrogenism:
        advice.append(
            "Excess hair growth, acne, hair loss or a raised testosterone can come from "
            "raised androgens; a doctor can check this with a blood test."
        )
    if criteria.polycystic_ovarian_morphology:
        advice.append(
            "Your ultrasound follicle count meets the polycystic ovarian morphology "
            "threshold (20 or more follicles in an ovary); discuss it with your doctor."
        )
    if variant == "screening" and level != "Low":
        advice.append(
            "This estimate uses self-reported answers only. Blood tests and an ultrasound, "
            "ordered by a doctor, give a much more reliable picture."
        )
    advice.append(
        "Regular physical activity and a balanced diet help with many PCOS symptoms, "
        "whatever the result."
    )
    return advice
