"""Prediction endpoints: one route per registered model, then batch.

Each single-prediction route is built from its model's spec (serving/registry.py):
`POST /api/v1/predict/<route>`, its operation id and description, the request and response
types; then the batch route. The routes are `PredictionRoute`s (api/prediction_route.py):
FastAPI reads the endpoints below for the spec and routes requests to them; the route
reads, admits and validates the body itself, calls the endpoint with the validated request,
and encodes its answer.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

from fembalance_ml.api.batch import BatchRequest, BatchResponse, predict_batch
from fembalance_ml.api.deps import BEARER, SettingsDep
from fembalance_ml.api.errors import JSON_BODY_RESPONSES
from fembalance_ml.api.prediction_route import BatchPredictionRoute, SinglePredictionRoute
from fembalance_ml.api.served import SERVED, Answer, PredictionService, ServedModel
from fembalance_ml.config import BATCH_ROUTE
from fembalance_ml.serving import registry

KEYWORD = inspect.Parameter.POSITIONAL_OR_KEYWORD
# The batch route's name (its rate limit's key); a single route's is its model's alias.
BATCH = BATCH_ROUTE
PREFIX = "/api/v1/predict"


async def prediction_service(request: Request) -> PredictionService:
    """The app's PredictionService (the route hands its endpoint the one it resolved)."""
    service: PredictionService = request.app.state.predictions
    return service


Service = Annotated[PredictionService, Depends(prediction_service)]


async def predict_in_batch(body: BatchRequest, service: Service, settings: SettingsDep) -> Response:
    """Many predictions in one call; a bad item gets its own error, the rest still run."""
    return await answer_batch(service, body, settings.batch.max_items, settings.batch.max_cost)


async def answer_batch(
    service: PredictionService, body: BatchRequest, max_items: int, max_cost: int
) -> Response:
    """Check a batch's limits (413) and answer it, all in a pool thread."""
    answer = await service.pool.run(predict_batch, service, body, max_items, max_cost)
    return Response(answer, media_type="application/json")


def single_endpoint(spec: ServedModel) -> Callable[..., Awaitable[Answer]]:
    """The endpoint of one model's single-prediction route: `predict_<route>(body, service)`.

    Its signature is declared for FastAPI (the body is the spec's request type); the spec
    itself is looked up when a request comes, so a spec replaced in the registry serves.
    """
    route = spec.route

    async def endpoint(body: BaseModel, service: PredictionService) -> Answer:
        return await service.respond(SERVED[route], body)

    endpoint.__name__ = endpoint.__qualname__ = f"predict_{route}"
    endpoint.__doc__ = spec.description
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("body", KEYWORD, annotation=spec.request_type),
            inspect.Parameter("service", KEYWORD, annotation=Service),
        ],
        return_annotation=Answer,
    )
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
            route_class_override=SinglePredictionRoute,
        )
    built.add_api_route(
        "/batch",
        predict_in_batch,
        methods=["POST"],
        response_model=BatchResponse,
        operation_id="predictBatch",
        openapi_extra=BEARER,
        route_class_override=BatchPredictionRoute,
    )
    return built


# The routes of the models registered at import; create_app builds its own from the
# registry as it is then.
router = build_router()
