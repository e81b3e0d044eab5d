"""What the service serves: models, versions, metadata, and the symptom vocabulary."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from src.api.deps import ApiClient, ManagerDep
from src.api.errors import ERROR_RESPONSES
from src.symptoms.vocabulary import vocabulary_listing

router = APIRouter(prefix="/api/v1", tags=["models"], responses=ERROR_RESPONSES)


@router.get("/models")
async def list_models(manager: ManagerDep, _client: ApiClient) -> dict[str, Any]:
    """Every configured model with its serving version, readiness and metadata.json."""
    return {"models": [manager.describe(name) for name in manager.names]}


@router.get("/symptoms")
async def list_symptoms(_client: ApiClient) -> dict[str, Any]:
    """The symptom vocabulary accepted by `/api/v1/predict/symptoms`."""
    return vocabulary_listing()
