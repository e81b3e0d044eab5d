"""Liveness and readiness, for Kubernetes probes and load balancers."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from fembalance_ml.api.deps import NO_CREDENTIAL, ManagerDep
from fembalance_ml.ledger.outages import Reason
from fembalance_ml.ledger.writer import LedgerWriter
from fembalance_ml.schema_types import OpenCode, OpenCodeSchema

router = APIRouter(tags=["health"])


class Liveness(BaseModel):
    """The process is up."""

    status: OpenCode[Literal["ok"]]


class ModelReadiness(BaseModel):
    """One model: ready or not, the version answering, and why not."""

    ready: bool
    version: str | None
    reason: str | None


# Why the ledger is not writing: its outage reasons, or "disabled" (LEDGER_ENABLED=false).
LedgerReason = Annotated[str, OpenCodeSchema(("disabled", *get_args(Reason)))]


class LedgerReadiness(BaseModel):
    """Whether this worker's prediction ledger is writing, and why not (a code).

    Informational: predictions are served either way, so it never makes the worker unready.
    """

    enabled: bool
    writing: bool
    reason: LedgerReason | None
    queued: int


class Readiness(BaseModel):
    """Every configured model, by its models-tree name, and the ledger."""

    status: OpenCode[Literal["ready", "not_ready"]]
    models: dict[str, ModelReadiness]
    ledger: LedgerReadiness


def ledger_readiness(ledger: LedgerWriter | None) -> dict[str, Any]:
    """The `ledger` member of the readiness answer."""
    if ledger is None:
        return {"enabled": False, "writing": False, "reason": "disabled", "queued": 0}
    writing = ledger.available and ledger.up
    reason = None if writing else ledger.health.reason
    return {"enabled": True, "writing": writing, "reason": reason, "queued": ledger.pending}


@router.get(
    "/health", response_model=Liveness, operation_id="getLiveness", openapi_extra=NO_CREDENTIAL
)
async def health() -> dict[str, str]:
    """Liveness: answers while the process can serve; calls no dependency."""
    return {"status": "ok"}


@router.get(
    "/health/ready",
    response_model=Readiness,
    operation_id="getReadiness",
    openapi_extra=NO_CREDENTIAL,
    responses={
        503: {"model": Readiness, "description": "At least one model is not loaded and verified."}
    },
)
async def ready(manager: ManagerDep, request: Request) -> JSONResponse:
    """Readiness: 200 only when every configured model is loaded, verified and warmed.

    The body also says whether the ledger is writing; that never changes the status.
    Outside production a reason names the absolute folder searched (MODEL_PATH's), so a
    service installed with pip says where it looked; production's public answer names
    paths relative to the models root only.
    """
    names_paths = request.app.state.settings.environment != "production"
    models: dict[str, Any] = {
        status.name: {
            "ready": status.ready,
            "version": status.version,
            "reason": manager.diagnosis(status.name) if names_paths else status.reason,
        }
        for status in manager.statuses()
    }
    is_ready = manager.ready
    body = {
        "status": "ready" if is_ready else "not_ready",
        "models": models,
        "ledger": ledger_readiness(request.app.state.ledger),
    }
    return JSONResponse(body, status_code=200 if is_ready else 503)
