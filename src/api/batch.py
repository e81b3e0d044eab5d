"""Batch prediction: validate each item as its own endpoint would, answer in order."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from src.api.errors import ApiError, PayloadTooLargeError, validation_details
from src.api.served import SERVED, PredictionService


class BatchItem(BaseModel):
    """One prediction request inside a batch."""

    model_config = ConfigDict(extra="forbid")

    model_name: str = Field(description="pcos | cycle | symptoms")
    input: dict[str, Any]


class BatchRequest(BaseModel):
    """`{"requests": [...]}`, at most BATCH_MAX_ITEMS items."""

    model_config = ConfigDict(extra="forbid")

    requests: list[BatchItem]


class BatchResponse(BaseModel):
    """One answer or one error object per item, in request order."""

    predictions: list[dict[str, Any]]


def _item_error(code: str, message: str, details: list[dict[str, Any]]) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def _answer(service: PredictionService, item: BatchItem) -> dict[str, Any]:
    served = SERVED.get(item.model_name)
    if served is None:
        return _item_error(
            "invalid_input",
            f"Unknown model_name; use one of: {', '.join(SERVED)}.",
            [{"field": "model_name", "message": "unknown model", "type": "value_error"}],
        )
    try:
        request = served.request_type.model_validate(item.input)
    except ValidationError as exc:
        details = validation_details(exc.errors())
        return _item_error("invalid_input", "Invalid request item.", details)
    try:
        choice = service.choose(served, getattr(request, "user_id", None))
        result = service.predict(served, request, choice)
    except ApiError as exc:
        return _item_error(exc.code, exc.message, exc.details)
    return result.model_dump(mode="json")


def predict_batch(service: PredictionService, body: BatchRequest, max_items: int) -> dict[str, Any]:
    """Answer every item of `body`, or refuse the whole batch when it is over the cap."""
    if len(body.requests) > max_items:
        raise PayloadTooLargeError(
            f"A batch holds at most {max_items} items; this one has {len(body.requests)}."
        )
    return {"predictions": [_answer(service, item) for item in body.requests]}
