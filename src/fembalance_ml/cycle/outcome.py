"""What the ledger keeps of a cycle answer, and how an observed period start scores it.

The headline is the predicted start and its interval. An observed start is scored by the
absolute error in days of the predicted start (the loss its experiments compare) and
whether it fell inside the stated interval.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from fembalance_ml.serving.ledger_spec import (
    HeadlineField,
    HeadlineValues,
    LedgerHeadline,
    OutcomeMismatchError,
    OutcomeSpec,
    Score,
)

# Further than this from the predicted start, an observed start is not the predicted cycle.
MAX_OUTCOME_DISTANCE_DAYS = 180

HEADLINE: Final = LedgerHeadline(
    (
        HeadlineField("cycle_start", "date", "predicted_start_date"),
        HeadlineField("cycle_earliest", "date", "prediction_interval.earliest"),
        HeadlineField("cycle_latest", "date", "prediction_interval.latest"),
    )
)


def score_start(headline: HeadlineValues, observed: date, today: date) -> Score:
    """Error in days and interval hit of the predicted start against the observed one."""
    start, earliest, latest = (
        headline.get(name) for name in ("cycle_start", "cycle_earliest", "cycle_latest")
    )
    if not (isinstance(start, date) and isinstance(earliest, date) and isinstance(latest, date)):
        raise OutcomeMismatchError("The prediction holds no predicted start.")
    if observed > today:
        raise OutcomeMismatchError("observed_start_date is in the future.")
    error = abs((observed - start).days)
    if error > MAX_OUTCOME_DISTANCE_DAYS:
        raise OutcomeMismatchError(
            f"observed_start_date is more than {MAX_OUTCOME_DISTANCE_DAYS} days from the "
            "predicted start: it is not the predicted cycle."
        )
    return Score(loss=error, hit=earliest <= observed <= latest)


OUTCOME: Final = OutcomeSpec[date](
    field="observed_start_date",
    value_type=date,
    description="cycle: the day the predicted period actually started",
    subject="cycle",
    what="a period start",
    score=score_start,
    loss="abs_error_days",
    figures=(("mae_days", "mean_loss"), ("interval_coverage", "hit_rate")),
)
