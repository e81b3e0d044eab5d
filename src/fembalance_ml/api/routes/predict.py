"""Prediction endpoints: each parses, calls one function, and returns its answer.

One single-prediction route per registered model (serving/registry.py), built from its
spec: `POST /api/v1/predict/<route>`, its operation id and description, the request and
response types; then the batch route.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.background import BackgroundTask

from fembalance_ml.api.batch import BatchRequest, BatchResponse, predict_batch
from fembalance_ml.api.deps import BEARER, Admitted, SettingsDep
from fembalance_ml.api.errors import JSON_BODY_RESPONSES
from fembalance_ml.api.served import SERVED, Answer, PredictionService, ServedModel
from fembalance_ml.config import BATCH_ROUTE
from fembalance_ml.serving import registry

KEYWORD = inspect.Parameter.POSITIONAL_OR_KEYWORD


def json_answer(answer: Answer) -> Response:
    """The HTTP answer of one prediction: its bytes, X-Cache and X-Prediction-ID."""
    headers = {"X-Cache": answer.cache} if answer.cache else {}
    if answer.prediction_id is not None:
        headers["X-Prediction-ID"] = answer.prediction_id
    # A shadow comparison runs once the response is sent, never before it.
    background = BackgroundTask(answer.after) if answer.after is not None else None
    return Response(
        answer.body, media_type="application/json", headers=headers, background=background
    )


async def answer_one(service: PredictionService, served: ServedModel, body: BaseModel) -> Response:
    """Predict one validated request and encode the answer: what every single-prediction
    route does, on the FastAPI path and on the lean path (api/lean.py) alike."""
    return json_answer(await service.respond(served, body))


async def predict_in_batch(
    body: BatchRequest, service: Admitted, settings: SettingsDep
) -> Response:
    """Many predictions in one call; a bad item gets its own error, the rest still run."""
    return await answer_batch(service, body, settings.batch_max_items, settings.batch_max_cost)


async def answer_batch(
    service: PredictionService, body: BatchRequest, max_items: int, max_cost: int
) -> Response:
    """Check a batch's limits (413) and answer it, all in a pool thread: what the batch
    route does, on the FastAPI path and on the lean path alike."""
    answer = await service.pool.run(predict_batch, service, body, max_items, max_cost)
    return Response(answer, media_type="application/json")


# Each prediction endpoint's route name (the rate limits' and the lean path's key):
# a model's route alias, or "batch".
BATCH = BATCH_ROUTE
ROUTE_NAMES: dict[Callable[..., Any], str] = {predict_in_batch: BATCH}
PREFIX = "/api/v1/predict"


def single_endpoint(spec: ServedModel) -> Callable[..., Awaitable[Response]]:
    """The endpoint of one model's single-prediction route: `predict_<route>(body, service)`.

    Its signature is declared for FastAPI (the body is the spec's request type); the spec
    itself is looked up when a request comes, so a spec replaced in the registry serves.
    """
    route = spec.route

    async def endpoint(body: BaseModel, service: PredictionService) -> Response:
        return await answer_one(service, SERVED[route], body)

    endpoint.__name__ = endpoint.__qualname__ = f"predict_{route}"
    endpoint.__doc__ = spec.description
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("body", KEYWORD, annotation=spec.request_type),
            inspect.Parameter("service", KEYWORD, annotation=Admitted),
        ],
        return_annotation=Response,
    )
    ROUTE_NAMES[endpoint] = route
    return endpoint


def build_router(specs: Iterable[ServedModel] | None = None) -> APIRouter:
    """The prediction routes: one per registered model (in registry order), then batch."""
    built = APIRouter(prefix=PREFIX, tags=["predictions"], responses=JSON_BODY_RESPONSES)
    for spec in registry.specs() if specs is None else specs:
        built.add_api_route(
            f"/{spec.route}",
            single_endpoint(spec),
            methods=["POST"],
            response_model=spec.response_type,
            operation_id=spec.operation_id,
            description=spec.description,
            openapi_extra=BEARER,
        )
    built.add_api_route(
        "/batch",
        predict_in_batch,
        methods=["POST"],
        response_model=BatchResponse,
        operation_id="predictBatch",
        openapi_extra=BEARER,
    )
    return built


# The routes of the models registered at import; create_app builds its own from the
# registry as it is then.
router = build_router()
