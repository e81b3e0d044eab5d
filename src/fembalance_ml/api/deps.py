"""FastAPI dependencies as named types."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, ClassVar

from fastapi import Depends, Request

from fembalance_ml.api.errors import UnauthorizedError
from fembalance_ml.api.served import PredictionService
from fembalance_ml.config import Settings
from fembalance_ml.platform.auth import ApiKeyVerifier
from fembalance_ml.platform.ratelimit import CLIENT_STATE, RouteLimits
from fembalance_ml.platform.tokens import TokenVerifier
from fembalance_ml.serving.manager import ModelManager

UNAUTHORIZED = "A valid API key or browser token is required: `Authorization: Bearer <key>`."
# OpenAPI: the operation takes `Authorization: Bearer <key or token>` (app.py declares it).
BEARER_SCHEME = "bearerAuth"
BEARER: dict[str, Any] = {"security": [{BEARER_SCHEME: []}]}


class BearerKeyRequiredError(UnauthorizedError):
    """A 401 that names the scheme to use (RFC 6750), as HTTP requires of every 401."""

    headers: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"WWW-Authenticate": 'Bearer realm="fembalance-ml"'}
    )


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


def client_of(request: Request) -> str | None:
    """Who is calling: an API key's digest, `token:<subject>` for a browser token, or None."""
    authorization = request.headers.get("authorization")
    verifier: ApiKeyVerifier = request.app.state.key_verifier
    client = verifier.client_of(authorization)
    tokens: TokenVerifier | None = request.app.state.token_verifier
    if client is None and tokens is not None and authorization:
        scheme, _, credential = authorization.partition(" ")
        if scheme.lower() == "bearer":
            subject = tokens.subject_of(credential.strip())
            client = f"token:{subject}" if subject else None
    return client


async def require_api_key(request: Request) -> str | None:
    """Refuse with 401 unless keys are off or a valid key or token is presented."""
    settings: Settings = request.app.state.settings
    client = client_of(request)
    if client is None and settings.api_key_required:
        raise BearerKeyRequiredError(UNAUTHORIZED)
    setattr(request.state, CLIENT_STATE, client)
    return client


async def require_admin_key(request: Request) -> str:
    """Refuse with 401 unless an admin key is presented (model reloads)."""
    verifier: ApiKeyVerifier = request.app.state.admin_verifier
    client = verifier.client_of(request.headers.get("authorization"))
    if client is None:
        raise BearerKeyRequiredError(UNAUTHORIZED)
    return client


ManagerDep = Annotated[ModelManager, Depends(get_manager)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ApiClient = Annotated[str | None, Depends(require_api_key)]
AdminClient = Annotated[str, Depends(require_admin_key)]


async def admit_prediction(request: Request) -> PredictionService:
    """Authenticate, count against the route's rate limit (429 over it), hand out the service.

    One dependency rather than three: each level of FastAPI's dependency solving costs
    time on every prediction.
    """
    await require_api_key(request)
    limits: RouteLimits = request.app.state.rate_limits
    await limits.check(request)
    service: PredictionService = request.app.state.predictions
    return service


Admitted = Annotated[PredictionService, Depends(admit_prediction)]
