"""What the ledger keeps of a PCOS answer, and how a diagnosis scores it.

The headline is the calibrated risk and its level. A diagnosis scores the risk by the
Brier score (Brier 1950, the squared error of a probability forecast), the loss its
experiments compare; the report adds the AUC of the risks against the diagnoses.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from pydantic import StrictBool

from fembalance_ml.i18n import Text
from fembalance_ml.serving.ledger_spec import (
    HeadlineField,
    HeadlineValues,
    LedgerHeadline,
    OutcomeMismatchError,
    OutcomeSpec,
    Score,
)

# The 422 of an outcome posted against a prediction without a risk (`errors` catalog).
NO_RISK = Text("errors.invalid_input.no_pcos_risk", "The prediction holds no PCOS risk.")

HEADLINE: Final = LedgerHeadline(
    (
        HeadlineField("pcos_score", "float", "risk_score"),
        HeadlineField("pcos_level", "str", "risk_level"),
    )
)


def brier(probability: float, diagnosed: bool) -> float:
    """The Brier score of one probability against the 0/1 outcome."""
    return (probability - (1.0 if diagnosed else 0.0)) ** 2


def score_diagnosis(headline: HeadlineValues, diagnosed: bool, today: date) -> Score:
    """The Brier score of the predicted risk, and the pair the AUC ranks."""
    del today
    risk = headline.get("pcos_score")
    if not isinstance(risk, float):
        raise OutcomeMismatchError(NO_RISK.render())
    return Score(loss=brier(risk, diagnosed), probability=risk, event=diagnosed)


OUTCOME: Final = OutcomeSpec[bool](
    field="pcos_diagnosed",
    value_type=StrictBool,
    description="PCOS: whether a clinician diagnosed PCOS",
    subject="PCOS",
    what="a diagnosis",
    score=score_diagnosis,
    loss="brier",
    figures=(("brier", "mean_loss"), ("auc", "auc")),
)
