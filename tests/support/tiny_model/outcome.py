"""What the ledger keeps of a tiny answer, and how an observed score scores it.

Declared as a domain declares its own (serving/ledger_spec.py): the ledger and the
outcome route read it and know nothing else of this model.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final

from pydantic import Field

from fembalance_ml.serving.ledger_spec import (
    HeadlineField,
    HeadlineValues,
    LedgerHeadline,
    OutcomeMismatchError,
    OutcomeSpec,
    Score,
)

# The score the ledger keeps, under a name of its own.
HEADLINE: Final = LedgerHeadline((HeadlineField("tiny_score", "float", "score"),))
# An observed score within this of the predicted one is a hit.
HIT_DISTANCE = 1.0
ObservedScore = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]


def score_observed(headline: HeadlineValues, observed: float, today: date) -> Score:
    """The squared error of the predicted score; a hit within HIT_DISTANCE of it."""
    del today
    predicted = headline.get("tiny_score")
    if not isinstance(predicted, float):
        raise OutcomeMismatchError("The prediction holds no score.")
    error = observed - predicted
    return Score(loss=error * error, hit=abs(error) <= HIT_DISTANCE)


OUTCOME: Final = OutcomeSpec[float](
    field="observed_score",
    value_type=ObservedScore,
    description="tiny: the score that was observed",
    subject="tiny",
    what="an observed score",
    score=score_observed,
    loss="squared_error",
    figures=(("mse", "mean_loss"), ("within_one", "hit_rate")),
)
