"""Outcomes of ledgered predictions, experiment verdicts, and a person's erasure.

The outcome route is built per app from the served models' outcome declarations
(`build_router`, api/outcome_request.py): it validates the body with them and scores
through the prediction's spec (ledger/outcomes.py); it knows no model.

Each route counts against its own rate limit (`outcomes`, `erasures`, `experiments`;
RATE_LIMIT_OVERRIDES) after its credential is checked, and answers 503
`ledger_unavailable` with Retry-After while the ledger's database is away
(api/ledger_access.py).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool

from fembalance_ml.api import error_texts as texts
from fembalance_ml.api.deps import BEARER, AdminClient, ApiClient, BackendClient
from fembalance_ml.api.errors import (
    ApiError,
    ErrorEnvelope,
    InvalidInputError,
    NotFoundError,
    error_responses,
)
from fembalance_ml.api.ledger_access import LedgerDep, RateLimited, ledger_faults
from fembalance_ml.api.lookups import ExperimentReport
from fembalance_ml.api.outcome_lookup import find_prediction
from fembalance_ml.api.outcome_request import OutcomeBody, outcome_request_type, route_description
from fembalance_ml.api.reports import ExperimentReports
from fembalance_ml.api.served import PredictionService
from fembalance_ml.ledger.outcomes import (
    OutcomeMismatchError,
    Posted,
    build_outcome,
    record_outcome,
)
from fembalance_ml.ledger.repository import DuplicateOutcomeError, PredictionGoneError
from fembalance_ml.ledger.writer import LedgerWriter
from fembalance_ml.schema_types import USER_ID_MAX_LENGTH
from fembalance_ml.schema_types import UserId as BodyUserId
from fembalance_ml.serving.spec import ModelSpec

router = APIRouter(prefix="/api/v1", tags=["outcomes"])


class OutcomeExistsError(ApiError):
    """The prediction already has a different outcome."""

    status_code = 409
    code = "outcome_exists"


class OutcomeAccepted(BaseModel):
    """The outcome was stored and scored against this model version."""

    prediction_id: str
    model: str
    version: str
    experiment_group: str | None


class ErasureRequest(BaseModel):
    """Whose data to erase: the `user_id` her predictions carried, any valid one."""

    model_config = ConfigDict(extra="forbid")

    user_id: BodyUserId


class ErasedCounts(BaseModel):
    """Rows removed from the ledger."""

    predictions: int
    outcomes: int


class ErasureDone(BaseModel):
    """Answer of a user erasure."""

    erased: ErasedCounts


async def reports_of(request: Request, _ledger: LedgerDep) -> ExperimentReports:
    """The worker's experiment reports (503 while the ledger is unavailable)."""
    reports: ExperimentReports = request.app.state.experiment_reports
    return reports


ReportsDep = Annotated[ExperimentReports, Depends(reports_of)]
# The bounds of every request's user_id (schema_types.UserId), so any id a prediction
# carried that a URL path can hold can be erased here; POST /erasures takes any.
UserId = Annotated[str, Path(min_length=1, max_length=USER_ID_MAX_LENGTH)]


async def post_outcome(
    body: OutcomeBody,
    client: ApiClient,
    _limit: RateLimited,
    ledger: LedgerDep,
    request: Request,
) -> OutcomeAccepted:
    """Record what happened after a prediction (the description is built per app)."""
    service: PredictionService = request.app.state.predictions
    entry = await find_prediction(ledger, service.ids, body.prediction_id, client)
    if entry is None:
        raise NotFoundError(texts.UNKNOWN_PREDICTION.render())
    posted = Posted(*body.posted())
    try:
        outcome = build_outcome(ledger.models, entry, posted)
    except OutcomeMismatchError as exc:
        raise InvalidInputError(str(exc)) from exc
    with ledger_faults(ledger):
        try:
            await run_in_threadpool(
                record_outcome, ledger.models, ledger.repository, entry, outcome, posted
            )
        except DuplicateOutcomeError as exc:
            raise OutcomeExistsError(texts.OUTCOME_EXISTS.render()) from exc
        except PredictionGoneError as exc:
            raise NotFoundError(texts.UNKNOWN_PREDICTION.render()) from exc
    return OutcomeAccepted(
        prediction_id=entry.id,
        model=entry.model,
        version=entry.version,
        experiment_group=entry.experiment_group,
    )


async def _erase(request: Request, ledger: LedgerWriter, user_id: str) -> ErasureDone:
    """Her ledger rows (queued ones included), then her cache entries; reports recomputed."""
    with ledger_faults(ledger):
        erased = await run_in_threadpool(ledger.erase, user_id)
    service: PredictionService = request.app.state.predictions
    if service.cache is not None:
        person = service.pseudonymizer.user(user_id)
        assert person is not None
        await service.cache.forget_user(person)
    reports: ExperimentReports = request.app.state.experiment_reports
    reports.forget()
    return ErasureDone(
        erased=ErasedCounts(predictions=erased.predictions, outcomes=erased.outcomes)
    )


@router.delete(
    "/users/{user_id}/data",
    operation_id="eraseUserData",
    openapi_extra=BEARER,
    responses=error_responses(401, 403, 413, 422, 429, 503),
)
async def erase_user(
    user_id: UserId,
    _client: BackendClient,
    _limit: RateLimited,
    ledger: LedgerDep,
    request: Request,
) -> ErasureDone:
    """Erase a person's data (API or admin key). An id with `/` cannot be carried in this
    path (it is decoded before routing: 404): use POST /api/v1/erasures."""
    return await _erase(request, ledger, user_id)


@router.post(
    "/erasures",
    operation_id="eraseUser",
    openapi_extra=BEARER,
    responses=error_responses(401, 403, 413, 415, 422, 429, 503),
)
async def erase(
    body: ErasureRequest,
    _client: BackendClient,
    _limit: RateLimited,
    ledger: LedgerDep,
    request: Request,
) -> ErasureDone:
    """Erase a person's predictions, outcomes and cached answers, for any valid user_id."""
    return await _erase(request, ledger, body.user_id)


@router.get(
    "/experiments/{name}",
    response_model=ExperimentReport,
    operation_id="getExperiment",
    openapi_extra=BEARER,
    responses=error_responses(401, 403, 404, 413, 422, 429, 503),
)
async def experiment_verdicts(
    name: str, _admin: AdminClient, _limit: RateLimited, reports: ReportsDep
) -> dict[str, Any]:
    """Per version and group: predictions, outcomes, error figures and verdicts vs control
    (admin key).

    `name` is the models-tree name, as in /api/v1/models/{name}/reload. Computed in the
    prediction pool (503 `busy` when full) and reused for EXPERIMENTS_CACHE_SECONDS.
    """
    models = reports.ledger.models
    if name not in models:
        raise NotFoundError(texts.UNKNOWN_MODEL.render(models=", ".join(models)))
    with ledger_faults(reports.ledger):
        return await reports.report(name)


def outcome_endpoint(specs: Sequence[ModelSpec[Any, Any, Any]]) -> Callable[..., Awaitable[Any]]:
    """`post_outcome` as FastAPI sees it for these models: its body is their outcome type."""
    body_type = outcome_request_type(specs)

    async def endpoint(**kwargs: Any) -> OutcomeAccepted:
        return await post_outcome(**kwargs)

    signature = inspect.signature(post_outcome)
    parameters = [
        parameter.replace(annotation=body_type) if name == "body" else parameter
        for name, parameter in signature.parameters.items()
    ]
    endpoint.__name__ = endpoint.__qualname__ = post_outcome.__name__
    endpoint.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    endpoint.__doc__ = route_description(specs)
    return endpoint


def build_router(specs: Iterable[ModelSpec[Any, Any, Any]]) -> APIRouter:
    """The outcome route for these models (the app's served ones), then erasures and
    experiments."""
    served = list(specs)
    built = APIRouter(prefix="/api/v1", tags=["outcomes"])
    built.add_api_route(
        "/outcomes",
        outcome_endpoint(served),
        methods=["POST"],
        status_code=202,
        operation_id="postOutcome",
        openapi_extra=BEARER,
        responses={
            **error_responses(401, 403, 413, 415, 422, 429, 503),
            404: {"model": ErrorEnvelope, "description": "Unknown, expired or erased prediction."},
            409: {"model": ErrorEnvelope, "description": "This prediction has another outcome."},
        },
    )
    built.routes.extend(router.routes)
    return built


# Each route's rate limit (http/ratelimit.py), by endpoint name.
ROUTE_LIMITS: dict[str, str] = {
    "post_outcome": "outcomes",
    "erase_user": "erasures",
    "erase": "erasures",
    "experiment_verdicts": "experiments",
}


def route_names(built: APIRouter) -> dict[Callable[..., Any], str]:
    """Each route's rate limit by its endpoint, in a router `build_router` made."""
    return {
        route.endpoint: ROUTE_LIMITS[route.name]
        for route in built.routes
        if isinstance(route, APIRoute)
    }
