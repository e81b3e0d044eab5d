"""The cycle prediction model as the service serves it (see serving/spec.py).

The one module of the package that knows what the service adds to a result: the public
response type and the disclaimer.
"""

from __future__ import annotations

from typing import Any, Final

from fembalance_ml import disclaimers
from fembalance_ml.cycle import outcome, service
from fembalance_ml.cycle.drift import drift_inputs
from fembalance_ml.cycle.schemas import CycleRequest, CycleResult
from fembalance_ml.serving.spec import Envelope, ItemCost, ModelSpec


class CycleResponse(Envelope, CycleResult):
    """The cycle forecast as API.md names it."""

    # Documented in the contract with the text itself as its default.
    disclaimer: str = disclaimers.CYCLE


EXAMPLE: Final[dict[str, Any]] = {
    "user_id": "user-8d1f",
    "as_of": "2026-03-01",
    "horizon_cycles": 2,
    "age": 29,
    "context": {"pregnancy": "not_pregnant", "contraception": "none", "age_at_menarche": 13},
    "cycles": [
        {"start_date": day, "period_length_days": 5}
        for day in ("2025-11-25", "2025-12-24", "2026-01-21", "2026-02-18")
    ],
}


def _headline(answer: CycleResult) -> object:
    return answer.predicted_start_date


SPEC: Final = ModelSpec[CycleRequest, CycleResult, CycleResponse](
    name="cycle_prediction",
    route="cycle",
    request_type=CycleRequest,
    result_type=CycleResult,
    response_type=CycleResponse,
    predict=service.predict,
    disclaimer=disclaimers.CYCLE_TEXT,
    headline=_headline,
    ledger=outcome.HEADLINE,
    operation_id="predictCycle",
    description="Next period, 80% interval, ovulation, fertile window, regularity and flags.",
    example=EXAMPLE,
    batch_prefix="Cycle",
    cacheable=True,
    # bench/batch_cost.py (2026-11-29, cycle v1.5.0, busy 2-core machine): 1.5-1.9 ms an
    # item plus 45-70 us a cycle, against PCOS's 75-93 us; rounded up.
    cost=ItemCost(20.0, per_cycle=1.0),
    drift_inputs=drift_inputs,
    outcome=outcome.OUTCOME,
)
