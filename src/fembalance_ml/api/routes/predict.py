"""Prediction endpoints: each parses, calls one function, and returns its answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.background import BackgroundTask

from fembalance_ml.api.batch import BatchRequest, BatchResponse, predict_batch
from fembalance_ml.api.deps import BEARER, Admitted, SettingsDep
from fembalance_ml.api.errors import JSON_BODY_RESPONSES
from fembalance_ml.api.served import SERVED, Answer, PredictionService, ServedModel
from fembalance_ml.cycle.schemas import CycleRequest, CycleResponse
from fembalance_ml.pcos.schemas import PcosRequest, PcosResponse
from fembalance_ml.symptoms.schemas import SymptomRequest, SymptomResponse

router = APIRouter(prefix="/api/v1/predict", tags=["predictions"], responses=JSON_BODY_RESPONSES)


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


@router.post(
    "/pcos",
    response_model=PcosResponse,
    operation_id="predictPcos",
    openapi_extra=BEARER,
)
async def predict_pcos(body: PcosRequest, service: Admitted) -> Response:
    """PCOS risk: calibrated probability, level, attribution and Rotterdam criteria."""
    return await answer_one(service, SERVED["pcos"], body)


@router.post(
    "/cycle",
    response_model=CycleResponse,
    operation_id="predictCycle",
    openapi_extra=BEARER,
)
async def predict_cycle(body: CycleRequest, service: Admitted) -> Response:
    """Next period, 80% interval, ovulation, fertile window, regularity and flags."""
    return await answer_one(service, SERVED["cycle"], body)


@router.post(
    "/symptoms",
    response_model=SymptomResponse,
    operation_id="predictSymptoms",
    openapi_extra=BEARER,
)
async def predict_symptoms(body: SymptomRequest, service: Admitted) -> Response:
    """C-PASS premenstrual screen, symptom patterns, red flags and a 7-day forecast."""
    return await answer_one(service, SERVED["symptoms"], body)


@router.post(
    "/batch",
    response_model=BatchResponse,
    operation_id="predictBatch",
    openapi_extra=BEARER,
)
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


BATCH = "batch"
ROUTE_NAMES: dict[Callable[..., Any], str] = {
    predict_pcos: "pcos",
    predict_cycle: "cycle",
    predict_symptoms: "symptoms",
    predict_in_batch: BATCH,
}
