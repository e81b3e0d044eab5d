"""What the service serves: models, versions, metadata, the symptom vocabulary; reloads."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from fembalance_ml.api.deps import BEARER, AdminClient, ApiClient, ManagerDep
from fembalance_ml.api.error_texts import RELOAD_REFUSED, UNKNOWN_MODEL
from fembalance_ml.api.errors import NotFoundError, ReloadRefusedError, error_responses
from fembalance_ml.api.lookups import ModelListing, PcosFeatureListing, SymptomVocabulary
from fembalance_ml.api.startup_series import publish_models
from fembalance_ml.pcos.labels import feature_listing
from fembalance_ml.symptoms.vocabulary import vocabulary_listing

router = APIRouter(prefix="/api/v1", tags=["models"], responses=error_responses(401, 403, 413))


class LocalisedRoute(APIRoute):
    """A lookup whose answer carries labels in the request's language: the request-context
    middleware gives it `Content-Language` and `Vary: Accept-Language` (so a cache keeps
    one copy per language, beside its ETag)."""

    localised = True


# The vocabulary and the PCOS feature list: labels a person reads.
labels = APIRouter(
    prefix="/api/v1",
    tags=["models"],
    responses=error_responses(401, 403, 413),
    route_class=LocalisedRoute,
)


@router.get("/models", response_model=ModelListing, operation_id="listModels", openapi_extra=BEARER)
async def list_models(manager: ManagerDep, _client: ApiClient) -> dict[str, Any]:
    """Every configured model with its serving version, A/B split and metadata.json."""
    return {"models": [manager.describe(name) for name in manager.names]}


@labels.get(
    "/symptoms",
    response_model=SymptomVocabulary,
    operation_id="listSymptoms",
    openapi_extra=BEARER,
)
async def list_symptoms(_client: ApiClient) -> dict[str, Any]:
    """The symptom vocabulary accepted by `/api/v1/predict/symptoms`."""
    return vocabulary_listing()


@labels.get(
    "/pcos/features",
    response_model=PcosFeatureListing,
    operation_id="listPcosFeatures",
    openapi_extra=BEARER,
)
async def list_pcos_features(_client: ApiClient) -> dict[str, Any]:
    """Every input of `/api/v1/predict/pcos` with a plain label, unit, type and bounds."""
    return feature_listing()


@router.post(
    "/models/{name}/reload",
    operation_id="reloadModel",
    responses=error_responses(404, 409, 422),
    openapi_extra=BEARER,
)
async def reload_model(
    name: str,
    manager: ManagerDep,
    _admin: AdminClient,
    request: Request,
    version: str | None = None,
) -> JSONResponse:
    """Load a version beside the serving one, verify and warm it, then swap (admin key).

    In this worker at once; the other workers and pods follow when they see the change
    of the `latest` link or of the files on disk (MODEL_WATCH_SECONDS).
    """
    if name not in manager.names:
        raise NotFoundError(UNKNOWN_MODEL.render(models=", ".join(manager.names)))
    previous = manager.status(name).version
    # Loading and warming take long enough to stall other requests: off the event loop.
    status = await run_in_threadpool(manager.load, name, version)
    publish_models(manager, request.app.state.models, request.app.state.predictions.drift)
    if status.version and status.reason is None:
        return JSONResponse({"model": name, "version": status.version, "reloaded": True})
    raise ReloadRefusedError(
        RELOAD_REFUSED.render(model=name),
        [{"model": name, "serving_version": previous, "reason": status.reason}],
    )
