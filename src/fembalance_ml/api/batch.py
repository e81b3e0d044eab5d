"""Batch prediction: validate each item as its own endpoint would, answer in order.

Valid items are grouped by model and predicted with one vectorised call per model and
version; the answer is assembled as JSON bytes, without a second validation pass.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema

from fembalance_ml.api.batch_cost import batch_cost
from fembalance_ml.api.batch_spec import predictions_schema, requests_schema
from fembalance_ml.api.error_details import capped, describe_validation, validation_details
from fembalance_ml.api.errors import ApiError, PayloadTooLargeError
from fembalance_ml.api.served import SERVED, PredictionService


class BatchItem(BaseModel):
    """One prediction request inside a batch."""

    model_config = ConfigDict(extra="forbid")

    model_name: str = Field(description="pcos | cycle | symptoms")
    input: dict[str, Any]


class BatchRequest(BaseModel):
    """`{"requests": [...]}`, at most BATCH_MAX_ITEMS items."""

    model_config = ConfigDict(extra="forbid")

    # Parsed leniently (see batch_spec); documented as the typed union it must be.
    requests: Annotated[list[dict[str, Any]], WithJsonSchema(requests_schema())]


class BatchResponse(BaseModel):
    """One answer or one error object per item, in request order."""

    predictions: Annotated[list[dict[str, Any]], WithJsonSchema(predictions_schema())]


def _error(code: str, message: str, details: list[dict[str, Any]], model_name: str | None) -> bytes:
    error = {"code": code, "message": message, "details": details}
    return orjson.dumps({"model_name": model_name, "error": error})


def _named(model_name: str, body: bytes) -> bytes:
    """An answer's JSON object with `model_name` first, so clients can tell answers apart."""
    return b'{"model_name":' + orjson.dumps(model_name) + b"," + body[1:]


def _parse(raw: dict[str, Any]) -> tuple[str | None, BaseModel | bytes]:
    """The item's model name and validated request, or its error object."""
    try:
        item = BatchItem.model_validate(raw)
    except ValidationError as exc:
        details = validation_details(exc.errors())
        return None, _error("invalid_input", describe_validation(details), capped(details), None)
    return item.model_name, _parse_input(item)


def _parse_input(item: BatchItem) -> BaseModel | bytes:
    """The validated request of a well-formed item, or its error object."""
    served = SERVED.get(item.model_name)
    if served is None:
        return _error(
            "invalid_input",
            f"Unknown model_name; use one of: {', '.join(SERVED)}.",
            [{"field": "model_name", "message": "unknown model", "type": "value_error"}],
            None,
        )
    try:
        return served.request_type.model_validate(item.input)
    except ValidationError as exc:
        # Capped like a single request's error: one item must not amplify the answer.
        details = validation_details(exc.errors())
        return _error(
            "invalid_input", describe_validation(details), capped(details), item.model_name
        )


def check_limits(items: list[dict[str, Any]], max_items: int, max_cost: int) -> None:
    """PayloadTooLargeError when the batch has too many items or would cost too much.

    The answer names the limit and the estimate, never anything of the items themselves.
    """
    if len(items) > max_items:
        raise PayloadTooLargeError(
            f"A batch holds at most {max_items} items (BATCH_MAX_ITEMS); "
            f"this one has {len(items)}.",
            [{"limit": "BATCH_MAX_ITEMS", "maximum": max_items, "items": len(items)}],
        )
    cost = batch_cost(items)
    if cost > max_cost:
        raise PayloadTooLargeError(
            f"A batch may cost at most {max_cost} units (BATCH_MAX_COST); this one is "
            f"estimated at {cost}. A PCOS item costs 1, cycle and symptom items more, by "
            "the cycles and logs they hold: split the batch.",
            [{"limit": "BATCH_MAX_COST", "maximum": max_cost, "estimated_cost": cost}],
        )


def predict_batch(
    service: PredictionService, body: BatchRequest, max_items: int, max_cost: int
) -> bytes:
    """The JSON answer to a batch, or PayloadTooLargeError when it is over a limit."""
    check_limits(body.requests, max_items, max_cost)
    slots: list[bytes | None] = [None] * len(body.requests)
    pending: dict[str, list[tuple[int, BaseModel]]] = {}
    for index, item in enumerate(body.requests):
        name, parsed = _parse(item)
        if isinstance(parsed, bytes):
            slots[index] = parsed
        else:
            assert name is not None
            pending.setdefault(name, []).append((index, parsed))
    for name, entries in pending.items():
        answers = service.predict_group(SERVED[name], [request for _, request in entries])
        for (index, request), answer in zip(entries, answers, strict=True):
            if isinstance(answer, ApiError):
                slots[index] = _error(answer.code, answer.message, answer.details, name)
            else:
                user_id = getattr(request, "user_id", None)
                slots[index] = _named(name, service.stamp(SERVED[name], user_id, answer))
    return b'{"predictions":[' + b",".join(s for s in slots if s is not None) + b"]}"
