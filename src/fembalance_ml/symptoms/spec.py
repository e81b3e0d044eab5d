"""The symptom analysis model as the service serves it (see serving/spec.py).

The one module of the package that knows what the service adds to a result: the public
response type and the disclaimer.
"""

from __future__ import annotations

from typing import Any, Final

from fembalance_ml import disclaimers
from fembalance_ml.serving.ledger_spec import HeadlineField, LedgerHeadline
from fembalance_ml.serving.spec import Envelope, ItemCost, ModelSpec
from fembalance_ml.symptoms import service
from fembalance_ml.symptoms.drift import drift_inputs
from fembalance_ml.symptoms.schemas import SymptomRequest, SymptomResult


class SymptomResponse(Envelope, SymptomResult):
    """The full symptom analysis."""


EXAMPLE: Final[dict[str, Any]] = {
    "user_id": "user-8d1f",
    "as_of": "2026-02-25",
    "age": 29,
    # Partly stated, as most are: the answer's `assumptions` names what is not.
    "context": {"contraception": "none", "menopause": "no"},
    "cycles": [{"start_date": d} for d in ("2025-12-24", "2026-01-21", "2026-02-18")],
    "logs": [
        {"date": "2026-01-15", "symptom": "anger_irritability", "severity": 5},
        {"date": "2026-01-16", "symptom": "anger_irritability", "severity": 4},
        {"date": "2026-01-21", "symptom": "cramps", "severity": 4},
        {"date": "2026-02-12", "symptom": "anger_irritability", "severity": 5},
        {"date": "2026-02-18", "symptom": "cramps", "severity": 3},
    ],
}


def _headline(answer: SymptomResult) -> object:
    return answer.pmdd_screen.result


# The ledger keeps the screen's result.
HEADLINE: Final = LedgerHeadline((HeadlineField("symptoms_screen", "str", "pmdd_screen.result"),))


SPEC: Final = ModelSpec[SymptomRequest, SymptomResult, SymptomResponse](
    name="symptom_analysis",
    route="symptoms",
    request_type=SymptomRequest,
    result_type=SymptomResult,
    response_type=SymptomResponse,
    predict=service.predict,
    disclaimer=disclaimers.SYMPTOMS_TEXT,
    headline=_headline,
    ledger=HEADLINE,
    operation_id="predictSymptoms",
    description="C-PASS premenstrual screen, symptom patterns, red flags and a 7-day forecast.",
    example=EXAMPLE,
    batch_prefix="Symptoms",
    cacheable=True,
    # bench/batch_cost.py (2026-11-29, pandas-free path, busy 2-core machine): 0.8-1.1 ms
    # an item plus 20-25 us a log (cycles add nothing measurable); rounded up.
    cost=ItemCost(12.0, per_log=0.3),
    drift_inputs=drift_inputs,
    # No outcome yet: its verdicts compare nothing.
)
