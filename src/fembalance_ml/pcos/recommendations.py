"""Plain-language next steps for a PCOS risk result."""

from __future__ import annotations

from fembalance_ml.pcos.schemas import Criteria

_BY_LEVEL = {
    "High": (
        "Your answers share many features with PCOS. Book an appointment with a doctor or "
        "gynaecologist to talk about them; bring a record of your recent cycles."
    ),
    "Medium": (
        "Some of your answers are common in PCOS. Consider talking to a doctor, especially "
        "if your cycles are irregular or the symptoms bother you."
    ),
    "Low": (
        "Your answers do not suggest PCOS at the moment. If your cycles or symptoms change, "
        "check again or talk to a doctor."
    ),
}


def recommendations_for(level: str, variant: str, criteria: Criteria) -> list[str]:
    """Recommendations from the risk level, the variant used and the criteria met."""
    advice = [_BY_LEVEL[level]]
    if criteria.ovulatory_dysfunction:
        advice.append(
            "Irregular, very short (under 21 days) or long (over 35 days) cycles are worth "
            "mentioning to a doctor: tracking your period start dates helps them."
        )
    if criteria.hyperandrogenism:
        advice.append(
            "Excess hair growth, acne or hair loss can come from raised androgens; a doctor "
            "can check this with a blood test."
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
