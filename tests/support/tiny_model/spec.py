"""The tiny model's spec: everything the service needs to serve it."""

from __future__ import annotations

from typing import Final

from fembalance_ml.i18n.text import REGISTRY, Text
from fembalance_ml.serving.spec import Envelope, ItemCost, ModelSpec
from tests.support.tiny_model import outcome
from tests.support.tiny_model.model import TinyRequest, TinyResult, predict

NAME = "tiny_model"
ROUTE = "tiny"
DISCLAIMER = Text("common.disclaimer.tiny", "A test model, not advice.")
# A test's text, not the service's: kept out of the registry the catalogs are made from.
REGISTRY.pop(DISCLAIMER.key)


class TinyResponse(Envelope, TinyResult):
    """The score, then the fields every answer ends with."""


SPEC: Final = ModelSpec[TinyRequest, TinyResult, TinyResponse](
    name=NAME,
    route=ROUTE,
    request_type=TinyRequest,
    result_type=TinyResult,
    response_type=TinyResponse,
    predict=predict,
    disclaimer=DISCLAIMER,
    headline=lambda answer: answer.score,
    ledger=outcome.HEADLINE,
    operation_id="predictTiny",
    description="A tiny test model: weight times x.",
    example={"x": 2.0},
    batch_prefix="Tiny",
    cacheable=True,
    cost=ItemCost(5.0),
    outcome=outcome.OUTCOME,
)
