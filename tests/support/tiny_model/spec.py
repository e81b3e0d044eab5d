"""The tiny model's spec: everything the service needs to serve it."""

from __future__ import annotations

from typing import Any, Final

from fembalance_ml.serving.spec import ItemCost, LedgerColumns, LedgerHeadline, ModelSpec
from tests.support.tiny_model.model import TinyRequest, TinyResponse, predict

NAME = "tiny_model"
ROUTE = "tiny"


def _no_columns(_answer: Any) -> LedgerHeadline:
    return (None, None, None, None, None, None)


SPEC: Final = ModelSpec[TinyRequest, TinyResponse](
    name=NAME,
    route=ROUTE,
    request_type=TinyRequest,
    response_type=TinyResponse,
    predict=predict,
    headline=lambda answer: answer.score,
    ledger=LedgerColumns(_no_columns, _no_columns),
    operation_id="predictTiny",
    description="A tiny test model: weight times x.",
    example={"x": 2.0},
    batch_prefix="Tiny",
    cacheable=True,
    cost=ItemCost(5.0),
)
