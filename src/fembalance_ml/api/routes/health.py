"""Liveness and readiness, for Kubernetes probes and load balancers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from fembalance_ml.api.deps import ManagerDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> dict[str, str]:
    """Liveness: answers while the process can serve; calls no dependency."""
    return {"status": "ok"}


@router.get(
    "/health/ready",
    responses={503: {"description": "At least one model is not loaded and verified."}},
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
