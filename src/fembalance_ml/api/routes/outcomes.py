"""Outcomes of ledgered predictions, experiment verdicts, and a person's erasure."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator
from starlette.concurrency import run_in_threadpool

from fembalance_ml.api.deps import BEARER, AdminClient, ApiClient, BackendClient
from fembalance_ml.api.errors import (
    ApiError,
    ErrorEnvelope,
    InvalidInputError,
    NotFoundError,
    error_responses,
)
from fembalance_ml.ledger.experiments import experiment_report
from fembalance_ml.ledger.outcomes import build_outcome, record_outcome
from fembalance_ml.ledger.repository import DuplicateOutcomeError, PredictionGoneError
from fembalance_ml.ledger.scoring import OutcomeMismatchError
from fembalance_ml.ledger.writer import LedgerWriter
from fembalance_ml.schema_types import USER_ID_MAX_LENGTH
from fembalance_ml.serving.registry import BY_NAME

router = APIRouter(prefix="/api/v1", tags=["outcomes"])
UNKNOWN = "No live prediction has this id (unknown, expired or erased)."


class OutcomeExistsError(ApiError):
    """The prediction already has its outcome."""

    status_code = 409
    code = "outcome_exists"


class LedgerUnavailableError(ApiError):
    """The ledger is switched off or its database could not be opened."""

    status_code = 503
    code = "ledger_unavailable"


class OutcomeRequest(BaseModel):
    """What happened after one prediction: a period start (cycle) or a diagnosis (PCOS)."""

    model_config = ConfigDict(extra="forbid")

    prediction_id: str = Field(min_length=1, max_length=64)
    observed_start_date: date | None = Field(
        None, description="cycle: the day the predicted period actually started"
    )
    pcos_diagnosed: StrictBool | None = Field(
        None, description="PCOS: whether a clinician diagnosed PCOS"
    )

    @model_validator(mode="after")
    def _exactly_one_outcome(self) -> OutcomeRequest:
        if (self.observed_start_date is None) == (self.pcos_diagnosed is None):
            raise ValueError("send exactly one of observed_start_date or pcos_diagnosed")
        return self


class OutcomeAccepted(BaseModel):
    """The outcome was stored and scored against this model version."""

    prediction_id: str
    model: str
    version: str
    experiment_group: str | None


class ErasedCounts(BaseModel):
    """Rows removed from the ledger."""

    predictions: int
    outcomes: int


class ErasureDone(BaseModel):
    """Answer of a user erasure."""

    erased: ErasedCounts


async def ledger_of(request: Request) -> LedgerWriter:
    """The process's ledger, or 503 when it is off or could not open."""
    ledger: LedgerWriter | None = request.app.state.ledger
    if ledger is None or not ledger.available:
        raise LedgerUnavailableError("The prediction ledger is not available.")
    return ledger


LedgerDep = Annotated[LedgerWriter, Depends(ledger_of)]
# The bounds of every request's user_id (schema_types.UserId), so any id a prediction
# carried can be erased.
UserId = Annotated[str, Path(min_length=1, max_length=USER_ID_MAX_LENGTH)]


@router.post(
    "/outcomes",
    status_code=202,
    operation_id="postOutcome",
    openapi_extra=BEARER,
    responses={
        **error_responses(401, 403, 413, 415, 422, 503),
        404: {"model": ErrorEnvelope, "description": "Unknown, expired or erased prediction."},
        409: {"model": ErrorEnvelope, "description": "This prediction already has an outcome."},
    },
)
async def post_outcome(
    body: OutcomeRequest, ledger: LedgerDep, _client: ApiClient
) -> OutcomeAccepted:
    """Record what happened after a cycle or PCOS prediction; scored against its version."""
    entry = await run_in_threadpool(ledger.lookup, body.prediction_id)
    if entry is None:
        raise NotFoundError(UNKNOWN)
    try:
        outcome = build_outcome(entry, body.observed_start_date, body.pcos_diagnosed)
    except OutcomeMismatchError as exc:
        raise InvalidInputError(str(exc)) from exc
    try:
        await run_in_threadpool(record_outcome, ledger.repository, entry, outcome)
    except DuplicateOutcomeError as exc:
        raise OutcomeExistsError("This prediction already has an outcome.") from exc
    except PredictionGoneError as exc:
        raise NotFoundError(UNKNOWN) from exc
    return OutcomeAccepted(
        prediction_id=entry.id,
        model=entry.model,
        version=entry.version,
        experiment_group=entry.experiment_group,
    )


@router.delete(
    "/users/{user_id}/data",
    operation_id="eraseUserData",
    openapi_extra=BEARER,
    responses=error_responses(401, 403, 413, 422, 503),
)
async def erase_user(user_id: UserId, ledger: LedgerDep, _client: BackendClient) -> ErasureDone:
    """Erase a person's predictions and outcomes from the ledger (API or admin key)."""
    erased = await run_in_threadpool(ledger.erase, user_id)
    return ErasureDone(
        erased=ErasedCounts(predictions=erased.predictions, outcomes=erased.outcomes)
    )


@router.get(
    "/experiments/{name}",
    operation_id="getExperiment",
    openapi_extra=BEARER,
    responses=error_responses(401, 403, 404, 413, 422, 503),
)
async def experiment_verdicts(name: str, ledger: LedgerDep, _admin: AdminClient) -> dict[str, Any]:
    """Per version and group: predictions, outcomes, error figures and verdicts vs control
    (admin key).

    `name` is the models-tree name, as in /api/v1/models/{name}/reload.
    """
    if name not in BY_NAME:
        raise NotFoundError(f"Unknown model; models: {', '.join(BY_NAME)}.")
    return await run_in_threadpool(experiment_report, ledger.repository, name, ledger.retention)
