"""How far a prediction was from what happened: pure functions over the ledger's headline.

Cycle: absolute error in days of the predicted start, and whether the observed start fell
inside the stated interval. PCOS: the Brier score of the calibrated risk against the
diagnosis (Brier 1950, the squared error of a probability forecast).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Further than this from the predicted start, an observed start is not the predicted cycle.
MAX_OUTCOME_DISTANCE_DAYS = 180


class OutcomeMismatchError(ValueError):
    """The outcome does not fit the prediction (wrong kind, or an impossible date)."""


@dataclass(frozen=True)
class CycleScore:
    """A cycle outcome scored."""

    abs_error_days: int
    interval_hit: bool


def score_cycle(
    predicted_start: date, earliest: date, latest: date, observed: date, today: date
) -> CycleScore:
    """Error and interval hit of a cycle prediction against the observed start."""
    if observed > today:
        raise OutcomeMismatchError("observed_start_date is in the future.")
    error = abs((observed - predicted_start).days)
    if error > MAX_OUTCOME_DISTANCE_DAYS:
        raise OutcomeMismatchError(
            f"observed_start_date is more than {MAX_OUTCOME_DISTANCE_DAYS} days from the "
            "predicted start: it is not the predicted cycle."
        )
    return CycleScore(abs_error_days=error, interval_hit=earliest <= observed <= latest)


def brier(probability: float, diagnosed: bool) -> float:
    """The Brier score of one probability against the 0/1 outcome."""
    return (probability - (1.0 if diagnosed else 0.0)) ** 2
