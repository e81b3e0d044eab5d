"""What a cycle answer forecasts for this person: the plan her context sets.

A period log is read as a natural cycle unless the context says otherwise (docs/CLINICAL.md,
"The person's context"). Some states leave no cycle to forecast at all; some keep the next
bleed's date but have no ovulation to predict; emergency contraception leaves the current
cycle's ovulation unknown. The plan says which parts of the answer are given and whether
the natural-cycle rules (FIGO 2018 or ACOG CO 651 frequency and regularity, late and
absent periods) apply. Without a context the plan is `NATURAL`: the answer is as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from fembalance_ml.clinical.situation import Situation

Confidence = Literal["high", "medium", "low"]
_CONFIDENCE_ORDER: Final[tuple[Confidence, ...]] = ("low", "medium", "high")


@dataclass(frozen=True)
class Plan:
    """Which parts of the answer are given, and which rules apply."""

    # The next start, its interval and the cycle length.
    forecast: bool = True
    # The current cycle's ovulation date, fertile window and phase.
    ovulation: bool = True
    # The cycles after the next start.
    upcoming: bool = True
    # Natural-cycle rules: frequency, regularity, late and absent periods.
    natural: bool = True
    best_confidence: Confidence = "high"
    # Combined hormonal contraception: a late bleed is a missed withdrawal bleed.
    withdrawal_bleeds: bool = False

    def cap(self, level: Confidence) -> Confidence:
        """`level`, but never above what this plan allows."""
        return min(level, self.best_confidence, key=_CONFIDENCE_ORDER.index)


NATURAL: Final = Plan()
# Pregnancy, no period yet since a birth, after the menopause, continuous HRT.
NO_FORECAST: Final = Plan(False, False, False, False, "low")
# Combined hormonal contraception (FSRH CHC): no ovulation; bleeds follow the pack.
COMBINED_HORMONAL: Final = Plan(
    ovulation=False,
    upcoming=False,
    natural=False,
    best_confidence="medium",
    withdrawal_bleeds=True,
)
# Progestogen-only methods (FSRH problematic bleeding): bleeding is unpredictable.
PROGESTOGEN_ONLY: Final = Plan(
    ovulation=False, upcoming=False, natural=False, best_confidence="low"
)
# Sequential HRT (NICE NG23): a monthly bleed set by the regimen, not by ovulation.
SEQUENTIAL_HRT: Final = Plan(
    ovulation=False, upcoming=False, natural=False, best_confidence="medium"
)
# Emergency contraception in this cycle (FSRH EC): the next period may come early or late.
AFTER_EMERGENCY: Final = Plan(ovulation=False, best_confidence="medium")


def no_period_since_birth(situation: Situation, last_start: date) -> bool:
    """A birth was given and no period start was logged after it."""
    delivery = situation.context.delivery_date
    return delivery is not None and last_start <= delivery


def emergency_in_cycle(situation: Situation, last_start: date) -> bool:
    """Emergency contraception was taken on or after the current cycle's first day."""
    taken = situation.context.emergency_contraception_date
    return taken is not None and taken >= last_start


def no_cycle_expected(situation: Situation) -> bool:
    """After the menopause without sequential HRT, or on continuous HRT (NICE NG23)."""
    hrt = situation.context.hrt
    return (situation.postmenopausal and hrt != "sequential") or hrt == "continuous"


def plan_for(situation: Situation, last_start: date) -> Plan:
    """The plan for a log whose last start is `last_start`, first matching state first."""
    if situation.pregnant or no_period_since_birth(situation, last_start):
        return NO_FORECAST
    if no_cycle_expected(situation):
        return NO_FORECAST
    if situation.combined_hormonal:
        return COMBINED_HORMONAL
    if situation.hormonal_contraception:
        return PROGESTOGEN_ONLY
    if situation.context.hrt == "sequential":
        return SEQUENTIAL_HRT
    if emergency_in_cycle(situation, last_start):
        return AFTER_EMERGENCY
    return NATURAL


def since_birth(starts: Sequence[date], situation: Situation) -> int:
    """Index of the first start after the stated birth (0 when none is given or none after).

    Cycles before a pregnancy do not predict those after it: once a period has been logged
    since the birth, the answer reads only the starts from then on.
    """
    delivery = situation.context.delivery_date
    if delivery is None:
        return 0
    after = [index for index, start in enumerate(starts) if start > delivery]
    return after[0] if after else 0
