"""The PCOS risk model as the service serves it (see serving/spec.py)."""

from __future__ import annotations

from typing import Any, Final

from fembalance_ml.pcos import service
from fembalance_ml.pcos.drift import drift_inputs
from fembalance_ml.pcos.schemas import PcosRequest, PcosResponse
from fembalance_ml.serving.spec import ItemCost, LedgerColumns, LedgerHeadline, ModelSpec

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
}


def _headline(answer: PcosResponse) -> object:
    return answer.risk_level


def _ledger(answer: PcosResponse) -> LedgerHeadline:
    return (float(answer.risk_score), str(answer.risk_level), None, None, None, None)


def _ledger_json(answer: dict[str, Any]) -> LedgerHeadline:
    return (float(answer["risk_score"]), str(answer["risk_level"]), None, None, None, None)


SPEC: Final = ModelSpec[PcosRequest, PcosResponse](
    name="pcos",
    route="pcos",
    request_type=PcosRequest,
    response_type=PcosResponse,
    predict=service.predict,
    predict_many=service.predict_many,
    headline=_headline,
    ledger=LedgerColumns(_ledger, _ledger_json),
    operation_id="predictPcos",
    description="PCOS risk: calibrated probability, level, attribution and Rotterdam criteria.",
    example=EXAMPLE,
    batch_prefix="Pcos",
    # The unit of batch cost: 75-93 us an item (bench/batch_cost.py, 2026-11-29).
    cost=ItemCost(1.0),
    drift_inputs=drift_inputs,
    # Answered on the event loop: cheaper than the hop to a pool thread (~100 us).
    inline=True,
    outcome_field="pcos_diagnosed",
    loss="brier",
)
