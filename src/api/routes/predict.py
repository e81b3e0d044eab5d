"""Prediction endpoints: each parses, calls one function, and returns its answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from src.api.batch import BatchRequest, BatchResponse, predict_batch
from src.api.deps import ApiClient, ManagerDep, SettingsDep
from src.api.errors import ERROR_RESPONSES
from src.api.served import SERVED, run_prediction
from src.cycle.schemas import CycleRequest, CycleResponse
from src.pcos.schemas import PcosRequest, PcosResponse
from src.symptoms.schemas import SymptomRequest, SymptomResponse

router = APIRouter(prefix="/api/v1/predict", tags=["predictions"], responses=ERROR_RESPONSES)


@router.post("/pcos", response_model=PcosResponse)
async def predict_pcos(body: PcosRequest, manager: ManagerDep, _client: ApiClient) -> BaseModel:
    """PCOS risk: calibrated probability, level, attribution and Rotterdam criteria."""
    return run_prediction(manager, SERVED["pcos"], body)


@router.post("/cycle", response_model=CycleResponse)
async def predict_cycle(body: CycleRequest, manager: ManagerDep, _client: ApiClient) -> BaseModel:
    """Next period, 80% interval, ovulation, fertile window, regularity and flags."""
    return run_prediction(manager, SERVED["cycle"], body)


@router.post("/symptoms", response_model=SymptomResponse)
async def predict_symptoms(
    body: SymptomRequest, manager: ManagerDep, _client: ApiClient
) -> BaseModel:
    """C-PASS premenstrual screen, symptom patterns, red flags and a 7-day forecast."""
    return run_prediction(manager, SERVED["symptoms"], body)


@router.post("/batch", response_model=BatchResponse)
async def predict_in_batch(
    body: BatchRequest, manager: ManagerDep, settings: SettingsDep, _client: ApiClient
) -> dict[str, Any]:
    """Many predictions in one call; a bad item gets its own error, the rest still run."""
    return predict_batch(manager, body, settings.batch_max_items)
