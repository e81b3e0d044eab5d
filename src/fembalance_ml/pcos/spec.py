"""The PCOS risk model as the service serves it (see serving/spec.py).

The one module of the package that knows what the service adds to a result: the public
response type and the disclaimer.
"""

from __future__ import annotations

from typing import Any, Final

from fembalance_ml import disclaimers
from fembalance_ml.pcos import outcome, service
from fembalance_ml.pcos.drift import drift_inputs
from fembalance_ml.pcos.schemas import PcosRequest, PcosResult
from fembalance_ml.serving.spec import Envelope, ItemCost, ModelSpec


class PcosResponse(Envelope, PcosResult):
    """Response of POST /api/v1/predict/pcos."""


EXAMPLE: Final[dict[str, Any]] = {
    "user_id": "user-8d1f",
    "features": {
        "irregular_periods": True,
        "excess_hair_growth": True,
        "acne": False,
        "weight_gain": True,
        "hair_loss": False,
        "dark_skin_patches": False,
        "age": 27,
        "height_cm": 162,
        "weight_kg": 70,
    },
    "context": {"contraception": "none", "age_at_menarche": 12},
}


def _headline(answer: PcosResult) -> object:
    return answer.risk_level


SPEC: Final = ModelSpec[PcosRequest, PcosResult, PcosResponse](
    name="pcos",
    route="pcos",
    request_type=PcosRequest,
    result_type=PcosResult,
    response_type=PcosResponse,
    predict=service.predict,
    disclaimer=disclaimers.PCOS_TEXT,
    predict_many=service.predict_many,
    headline=_headline,
    ledger=outcome.HEADLINE,
    operation_id="predictPcos",
    description="PCOS risk: calibrated probability, level, attribution and Rotterdam criteria.",
    example=EXAMPLE,
    batch_prefix="Pcos",
    # The unit of batch cost: 75-93 us an item (bench/batch_cost.py, 2026-11-29).
    cost=ItemCost(1.0),
    drift_inputs=drift_inputs,
    # Answered on the event loop: cheaper than the hop to a pool thread (~100 us).
    inline=True,
    outcome=outcome.OUTCOME,
)
