"""Batch prediction: validate each item as its own endpoint would, answer in order.

Valid items are grouped by model and predicted with one vectorised call per model and
version; PCOS items as columns (api/batch_pcos.py). The answer is one `orjson.dumps` of
the PCOS answers' dicts and every other item's JSON bytes, without a second validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema

from fembalance_ml.api import error_texts as texts
from fembalance_ml.api.answers import envelope
from fembalance_ml.api.batch_cost import batch_cost
from fembalance_ml.api.batch_pcos import columns
from fembalance_ml.api.batch_spec import unfilled_list
from fembalance_ml.api.error_details import capped, describe_validation, validation_details
from fembalance_ml.api.errors import ApiError, PayloadTooLargeError
from fembalance_ml.api.served import PredictionService
from fembalance_ml.ledger.headline import as_text
from fembalance_ml.serving.spec import AnySpec, ItemCost

PCOS = "pcos"
# An item's answer: its JSON bytes, or (a columnar PCOS answer) the dict the batch dumps.
Slot = bytes | dict[str, Any]


class BatchItem(BaseModel):
    """One prediction request inside a batch."""

    model_config = ConfigDict(extra="forbid")

    model_name: str = Field(description="pcos | cycle | symptoms")
    input: dict[str, Any]


class BatchRequest(BaseModel):
    """`{"requests": [...]}`, at most BATCH_MAX_ITEMS items."""

    model_config = ConfigDict(extra="forbid")

    # Parsed leniently (see batch_spec); documented as the typed union of the app's models
    # (batch_spec.refresh_batch_fields fills it in when the app writes its spec).
    requests: Annotated[list[dict[str, Any]], WithJsonSchema(unfilled_list())]


class BatchResponse(BaseModel):
    """One answer or one error object per item, in request order."""

    predictions: Annotated[list[dict[str, Any]], WithJsonSchema(unfilled_list())]


def _error(code: str, message: str, details: list[dict[str, Any]], model_name: str | None) -> bytes:
    error = {"code": code, "message": message, "details": details}
    return orjson.dumps({"model_name": model_name, "error": error})


def _named(model_name: str, body: bytes) -> bytes:
    """An answer's JSON object with `model_name` first, so clients can tell answers apart."""
    return b'{"model_name":' + orjson.dumps(model_name) + b"," + body[1:]


def _parse(
    raw: dict[str, Any], models: Mapping[str, AnySpec]
) -> tuple[str | None, BaseModel | bytes]:
    """The item's model name and validated request, or its error object."""
    try:
        item = BatchItem.model_validate(raw)
    except ValidationError as exc:
        details = validation_details(exc.errors())
        return None, _error("invalid_input", describe_validation(details), capped(details), None)
    return item.model_name, _parse_input(models, item.model_name, item.input)


def _parse_input(
    models: Mapping[str, AnySpec], model_name: str, item_input: dict[str, Any]
) -> BaseModel | bytes:
    """The validated request of a well-formed item (`models` by route alias), or its
    error object."""
    served = models.get(model_name)
    if served is None:
        return _error(
            "invalid_input",
            texts.UNKNOWN_BATCH_MODEL.render(models=", ".join(models)),
            [
                {
                    "field": "model_name",
                    "message": texts.UNKNOWN_MODEL_DETAIL.render(),
                    "type": "value_error",
                }
            ],
            None,
        )
    try:
        request: BaseModel = served.request_type.model_validate(item_input)
    except ValidationError as exc:
        # Capped like a single request's error: one item must not amplify the answer.
        details = validation_details(exc.errors())
        return _error("invalid_input", describe_validation(details), capped(details), model_name)
    return request


def check_limits(
    items: list[dict[str, Any]], max_items: int, max_cost: int, costs: Mapping[str, ItemCost]
) -> None:
    """PayloadTooLargeError when the batch has too many items or would cost too much.

    The answer names the limit and the estimate, never anything of the items themselves.
    """
    if len(items) > max_items:
        raise PayloadTooLargeError(
            texts.BATCH_TOO_MANY.render(maximum=max_items, items=len(items)),
            [{"limit": "BATCH_MAX_ITEMS", "maximum": max_items, "items": len(items)}],
        )
    cost = batch_cost(items, costs)
    if cost > max_cost:
        raise PayloadTooLargeError(
            texts.BATCH_TOO_COSTLY.render(maximum=max_cost, estimated_cost=cost),
            [{"limit": "BATCH_MAX_COST", "maximum": max_cost, "estimated_cost": cost}],
        )


def _validated(
    items: list[dict[str, Any]], models: Mapping[str, AnySpec], slots: list[Slot | None]
) -> dict[str, list[tuple[int, Any]]]:
    """Each valid item's (index, request) by model name, in order; an invalid item's error
    goes into its slot.

    An item `BatchItem` surely accepts as it is (a dict of a known `model_name` and an
    `input` dict, nothing else) is validated by its model's request type straight away;
    its error, if any, and every other item's fate are `_parse`'s, which words them.
    """
    pending: dict[str, list[tuple[int, Any]]] = {}
    # `model_validate` without its Python wrapper (same validator, same defaults).
    validators = {
        name: served.request_type.__pydantic_validator__.validate_python
        for name, served in models.items()
    }
    for index, raw in enumerate(items):
        if type(raw) is dict and len(raw) == 2:
            name, item_input = raw.get("model_name"), raw.get("input")
            validate = validators.get(name) if isinstance(name, str) else None
            if validate is not None and isinstance(name, str) and type(item_input) is dict:
                try:
                    request = validate(item_input)
                except ValidationError:
                    # Validated again for its error, as `_parse_input` words it.
                    error = _parse_input(models, name, item_input)
                    assert isinstance(error, bytes)
                    slots[index] = error
                    continue
                pending.setdefault(name, []).append((index, request))
                continue
        parsed_name, parsed = _parse(raw, models)
        if isinstance(parsed, bytes):
            slots[index] = parsed
        else:
            assert parsed_name is not None
            pending.setdefault(parsed_name, []).append((index, parsed))
    return pending


def predict_batch(
    service: PredictionService, body: BatchRequest, max_items: int, max_cost: int
) -> bytes:
    """The JSON answer to a batch, or PayloadTooLargeError when it is over a limit.

    One pass validates each item as its own endpoint would and sorts them by model. Each
    model's items are then scored together, one call per served version, and each answer
    is written once into its slot; one dump writes them all.
    """
    check_limits(body.requests, max_items, max_cost, service.models.costs)
    models = service.models.by_route
    slots: list[Slot | None] = [None] * len(body.requests)
    for name, entries in _validated(body.requests, models, slots).items():
        served = models[name]
        if name == PCOS:
            _answer_columnar(service, served, entries, slots)
            continue
        answers = service.predict_group(served, [request for _, request in entries])
        for (index, request), prediction in zip(entries, answers, strict=True):
            if isinstance(prediction, ApiError):
                slots[index] = _error(prediction.code, prediction.message, prediction.details, name)
            else:
                user_id = getattr(request, "user_id", None)
                slots[index] = _named(name, service.stamp(served, user_id, prediction))
    return orjson.dumps(
        {
            "predictions": [
                orjson.Fragment(slot) if isinstance(slot, bytes) else slot
                for slot in slots
                if slot is not None
            ]
        }
    )


def _versions(
    service: PredictionService,
    served: AnySpec,
    entries: list[tuple[int, Any]],
    slots: list[Slot | None],
) -> tuple[dict[tuple[str, str | None], list[tuple[int, Any]]], dict[str, Any]]:
    """The items by served (version, group), and each version's artifact; an item no
    version can answer gets its error in its slot.

    A choice without a group is every user's (no experiment runs on the model: see
    ModelManager.choose), so the first item's serves them all; with an experiment, each
    item is chosen for (each refusal counted, as `predict_group` counts it).
    """
    groups: dict[tuple[str, str | None], list[tuple[int, Any]]] = {}
    artifacts = {}
    for at, (index, request) in enumerate(entries):
        try:
            choice = service.choose(served, request.user_id)
        except ApiError as exc:
            slots[index] = _error(exc.code, exc.message, exc.details, served.route)
            continue
        version = choice.artifact.version
        artifacts[version] = choice.artifact
        if at == 0 and choice.group is None:
            groups[(version, None)] = entries
            break
        groups.setdefault((version, choice.group), []).append((index, request))
    return groups, artifacts


def _answer_columnar(
    service: PredictionService,
    served: AnySpec,
    entries: list[tuple[int, Any]],
    slots: list[Slot | None],
) -> None:
    """Score one model's items per served version and put each answer in its slot.

    The same versions, metrics, drift window, envelope and ledger entries as
    `predict_group` and `stamp`, without a result model or a pydantic dump per item: one
    ledger call and one drift observation per served version.
    """
    groups, artifacts = _versions(service, served, entries, slots)
    ledger = service.ledger
    # The ledger's headline text, read off each answer here (a pool thread), so the
    # writer's thread neither dumps nor parses it again.
    headline_of = served.ledger.of_json
    for (version, group), members in groups.items():
        answers = service._predict_versioned(
            served, artifacts[version], [r for _, r in members], many=columns
        )
        added = envelope(served, version, group)
        ids = service.issue_ids(len(members))
        ledgered = []
        for (index, request), answer, prediction_id in zip(members, answers, ids, strict=True):
            if isinstance(answer, ApiError):
                slots[index] = _error(answer.code, answer.message, answer.details, served.route)
                continue
            # In place, after the result's fields: the envelope's, then the id.
            answer.update(added)
            answer["prediction_id"] = prediction_id
            slots[index] = answer
            ledgered.append((prediction_id, request.user_id, as_text(headline_of(answer))))
        if ledger is not None and ledgered:
            ledger.record_many(served.name, version, group, ledgered)
