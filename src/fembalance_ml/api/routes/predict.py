"""Prediction endpoints: one route per registered model, then batch.

Each single-prediction route is built from its model's spec (the app's served models):
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

from fembalance_ml.api.answers import Answer
from fembalance_ml.api.batch import BatchRequest, BatchResponse, predict_batch
from fembalance_ml.api.deps import BEARER, SettingsDep
from fembalance_ml.api.errors import JSON_BODY_RESPONSES
from fembalance_ml.api.prediction_route import BatchPredictionRoute, SinglePredictionRoute
from fembalance_ml.api.served import PredictionService
from fembalance_ml.serving.spec import AnySpec

KEYWORD = inspect.Parameter.POSITIONAL_OR_KEYWORD
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
    answer = await service.pool.run_long(predict_batch, service, body, max_items, max_cost)
    return Response(answer, media_type="application/json")


def single_endpoint(spec: AnySpec) -> Callable[..., Awaitable[Answer]]:
    """The endpoint of one model's single-prediction route: `predict_<route>(body, service)`.

    Its signature is declared for FastAPI (the body is the spec's request type).
    """
    route = spec.route

    async def endpoint(body: BaseModel, service: PredictionService) -> Answer:
        return await service.respond(spec, body)

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


def build_router(specs: Iterable[AnySpec]) -> APIRouter:
    """The prediction routes: one per served model (in the order given), then batch."""
    built = APIRouter(prefix=PREFIX, tags=["predictions"], responses=JSON_BODY_RESPONSES)
    for spec in specs:
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
        route = built.routes[-1]
        assert isinstance(route, SinglePredictionRoute)
        route.spec = spec
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
