"""FastAPI dependencies as named types."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from fembalance_ml.api.admission import (
    ADMIN,
    ERASURE,
    Access,
    Admission,
    BearerKeyRequiredError,
)
from fembalance_ml.config import Settings
from fembalance_ml.http.context import authorization_of
from fembalance_ml.http.ratelimit import CLIENT_STATE
from fembalance_ml.serving.manager import ModelManager

# OpenAPI: the operation takes `Authorization: Bearer <key or token>` (app.py declares it).
BEARER_SCHEME = "bearerAuth"
BEARER: dict[str, Any] = {"security": [{BEARER_SCHEME: []}]}
# OpenAPI: the operation takes no credential (probes, the scrape), said explicitly.
NO_CREDENTIAL: dict[str, Any] = {"security": []}
__all__ = ["BearerKeyRequiredError"]


# Every dependency is `async def`: a plain `def` would cost a thread-pool hop per request
# for microseconds of work.


async def get_manager(request: Request) -> ModelManager:
    """The process's ModelManager, created with the app."""
    manager: ModelManager = request.app.state.manager
    return manager


async def get_settings_dep(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


async def require_api_key(request: Request) -> str | None:
    """An API key or a browser token (CLIENT), or nothing when keys are off; else 401/403."""
    admission: Admission = request.app.state.admission
    client = admission.authenticate(authorization_of(request.scope))
    setattr(request.state, CLIENT_STATE, client)
    return client


def _authorized(request: Request, access: Access) -> str:
    admission: Admission = request.app.state.admission
    client = admission.authorize(authorization_of(request.scope), access)
    setattr(request.state, CLIENT_STATE, client)  # the route's rate limit counts this key
    return client


async def require_admin_key(request: Request) -> str:
    """An admin key (ADMIN: reloads, experiment reports), whatever API_KEY_REQUIRED says."""
    return _authorized(request, ADMIN)


async def require_backend_or_admin_key(request: Request) -> str:
    """An API or admin key (ERASURE), whatever API_KEY_REQUIRED says: erasure destroys data."""
    return _authorized(request, ERASURE)


ManagerDep = Annotated[ModelManager, Depends(get_manager)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ApiClient = Annotated[str | None, Depends(require_api_key)]
AdminClient = Annotated[str, Depends(require_admin_key)]
BackendClient = Annotated[str, Depends(require_backend_or_admin_key)]
