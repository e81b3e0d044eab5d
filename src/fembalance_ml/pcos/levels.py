"""The PCOS risk level: the score's band, then three rules that keep it within the criteria.

The score is a model's estimate; the criteria are what PCOS 2023 diagnoses on (2 of 3,
mimics excluded; adolescents need both irregular cycles and hyperandrogenism). The level
never says more than the criteria allow, nor less than they show:

1. **floor**: 2 or more criteria met -> at least Medium;
2. **cap**: the criteria met plus those still unknown cannot reach 2 (the others were
   assessed negative) -> at most Medium, whatever the score;
3. **no signs**: none of the six symptoms, no criterion met, cycles assessed as regular,
   and no ovarian marker left unresolved (AMH or a follicle count given while morphology
   could not be assessed) -> Low, whatever the score (age, BMI and lifestyle alone are not
   signs).

No two rules can pull one answer different ways: the floor needs 2 met, while the cap
needs fewer than 2 reachable and the no-signs rule none met. When a rule moves the level
off the score's band, `confidence` is 0.5: the score and the criteria disagree.
"""

from __future__ import annotations

from typing import Any, Literal

from fembalance_ml.pcos.features import OVARIAN_MORPHOLOGY, SYMPTOMS
from fembalance_ml.pcos.model import Thresholds
from fembalance_ml.pcos.schemas import Criteria

RiskLevel = Literal["Low", "Medium", "High"]
CRITERIA_FOR_DIAGNOSIS = 2  # PCOS 2023: 2 of 3 criteria, mimics excluded


def risk_level_for(score: float, thresholds: Thresholds) -> RiskLevel:
    """Low below `thresholds.low`, High from `thresholds.high`, Medium between."""
    if score < thresholds.low:
        return "Low"
    if score >= thresholds.high:
        return "High"
    return "Medium"


def confidence_for(score: float, thresholds: Thresholds) -> float:
    """How deep the score lies inside its risk band: 0.5 on a cut-off, 1.0 at its centre.

    For Low the band is [0, low) and its "centre" is 0; for High, [high, 1] and 1; for
    Medium, the midpoint of [low, high). Confidence is 0.5 + 0.5 * (distance to the
    nearest cut-off) / (that distance at the band's far end or centre), so a score on a
    cut-off is a coin toss between two levels and one far from any cut-off is sure.
    """
    low, high = thresholds.low, thresholds.high
    if score < low:
        depth = (low - score) / low
    elif score >= high:
        depth = (score - high) / (1.0 - high)
    else:
        half_width = (high - low) / 2.0
        depth = min(score - low, high - score) / half_width if half_width > 0 else 0.0
    return min(1.0, max(0.5, 0.5 + 0.5 * float(depth)))


def floored_for_criteria(level: RiskLevel, met: int) -> RiskLevel:
    """At least Medium when 2 or more criteria are met (PCOS 2023: 2 of 3 diagnose)."""
    if met >= CRITERIA_FOR_DIAGNOSIS and level == "Low":
        return "Medium"
    return level


def reachable_criteria(criteria: Criteria, adolescent: bool) -> int:
    """Criteria met or still unknown: how many the person could meet once all are assessed.

    Within 8 years of menarche PCOS 2023 does not use ovarian morphology (both irregular
    cycles and hyperandrogenism are needed), so its `null` there is not "still unknown".
    """
    values = [criteria.ovulatory_dysfunction, criteria.hyperandrogenism]
    if not adolescent:
        values.append(criteria.polycystic_ovarian_morphology)
    return sum(value is not False for value in values)


def capped_for_criteria(level: RiskLevel, criteria: Criteria, adolescent: bool) -> RiskLevel:
    """At most Medium when the criteria cannot reach 2 (the others assessed negative)."""
    if level == "High" and reachable_criteria(criteria, adolescent) < CRITERIA_FOR_DIAGNOSIS:
        return "Medium"
    return level


def no_signs(features: Any, criteria: Criteria, met: int, adolescent: bool) -> bool:
    """None of the six symptoms, no criterion met, cycles assessed as regular, and no
    ovarian marker unresolved.

    An AMH or follicle result given while morphology stays `null` (say AMH without an
    ultrasound, which PCOS 2023 accepts in adults) is evidence the criteria could not
    weigh: the score decides then. Within 8 years of menarche morphology is not used.
    """
    unresolved = (
        not adolescent
        and criteria.polycystic_ovarian_morphology is None
        and any(getattr(features, name) is not None for name in OVARIAN_MORPHOLOGY)
    )
    return (
        met == 0
        and criteria.ovulatory_dysfunction is False
        and not unresolved
        and not any(getattr(features, name) for name in SYMPTOMS)
    )


def level_for(
    score_level: RiskLevel, features: Any, criteria: Criteria, met: int, adolescent: bool
) -> RiskLevel:
    """The level an answer gives: the score's band within what the criteria allow."""
    if no_signs(features, criteria, met, adolescent):
        return "Low"
    level = floored_for_criteria(score_level, met)
    return capped_for_criteria(level, criteria, adolescent)
