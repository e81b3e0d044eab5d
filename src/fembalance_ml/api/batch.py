"""Batch prediction: validate each item as its own endpoint would, answer in order.

Valid items are grouped by model and predicted with one vectorised call per model and
version; the answer is assembled as JSON bytes, without a second validation pass.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fembalance_ml.api.errors import ApiError, PayloadTooLargeError, validation_details
from fembalance_ml.api.served import SERVED, PredictionService


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


def _error(code: str, message: str, details: list[dict[str, Any]]) -> bytes:
    return orjson.dumps({"error": {"code": code, "message": message, "details": details}})


def _parse(item: BatchItem) -> BaseModel | bytes:
    """The validated request of an item, or its error object."""
    served = SERVED.get(item.model_name)
    if served is None:
        return _error(
            "invalid_input",
            f"Unknown model_name; use one of: {', '.join(SERVED)}.",
            [{"field": "model_name", "message": "unknown model", "type": "value_error"}],
        )
    try:
        return served.request_type.model_validate(item.input)
    except ValidationError as exc:
        return _error("invalid_input", "Invalid request item.", validation_details(exc.errors()))


def predict_batch(service: PredictionService, body: BatchRequest, max_items: int) -> bytes:
    """The JSON answer to a batch, or PayloadTooLargeError when it is over the cap."""
    if len(body.requests) > max_items:
        raise PayloadTooLargeError(
            f"A batch holds at most {max_items} items; this one has {len(body.requests)}."
        )
    slots: list[bytes | None] = [None] * len(body.requests)
    pending: dict[str, list[tuple[int, BaseModel]]] = {}
    for index, item in enumerate(body.requests):
        parsed = _parse(item)
        if isinstance(parsed, bytes):
            slots[index] = parsed
        else:
            pending.setdefault(item.model_name, []).append((index, parsed))
    for name, entries in pending.items():
        answers = service.predict_group(SERVED[name], [request for _, request in entries])
        for (index, request), answer in zip(entries, answers, strict=True):
            if isinstance(answer, ApiError):
                slots[index] = _error(answer.code, answer.message, answer.details)
            else:
                user_id = getattr(request, "user_id", None)
                slots[index] = service.stamp(SERVED[name], user_id, answer)
    return b'{"predictions":[' + b",".join(s for s in slots if s is not None) + b"]}"
