"""Liveness and readiness, for Kubernetes probes and load balancers."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from fembalance_ml.api.deps import ManagerDep

router = APIRouter(tags=["health"])


class Liveness(BaseModel):
    """The process is up."""

    status: Literal["ok"]


class ModelReadiness(BaseModel):
    """One model: ready or not, the version answering, and why not."""

    ready: bool
    version: str | None
    reason: str | None


class Readiness(BaseModel):
    """Every configured model, by its models-tree name."""

    status: Literal["ready", "not_ready"]
    models: dict[str, ModelReadiness]


@router.get("/health", response_model=Liveness, operation_id="getLiveness")
async def health() -> dict[str, str]:
    """Liveness: answers while the process can serve; calls no dependency."""
    return {"status": "ok"}


@router.get(
    "/health/ready",
    response_model=Readiness,
    operation_id="getReadiness",
    responses={
        503: {"model": Readiness, "description": "At least one model is not loaded and verified."}
    },
)
async def ready(manager: ManagerDep) -> JSONResponse:
    """Readiness: 200 only when every configured model is loaded, verified and warmed."""
    models: dict[str, Any] = {
        status.name: {"ready": status.ready, "version": status.version, "reason": status.reason}
        for status in manager.statuses()
    }
    is_ready = manager.ready
    body = {"status": "ready" if is_ready else "not_ready", "models": models}
    return JSONResponse(body, status_code=200 if is_ready else 503)
