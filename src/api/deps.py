"""FastAPI dependencies as named types."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from src.api.errors import UnauthorizedError
from src.config import Settings
from src.platform.auth import ApiKeyVerifier
from src.serving.manager import ModelManager


def get_manager(request: Request) -> ModelManager:
    """The process's ModelManager, created by the app's lifespan."""
    manager: ModelManager = request.app.state.manager
    return manager


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def require_api_key(request: Request) -> str | None:
    """Refuse the request with 401 unless keys are off or a valid key is presented."""
    settings: Settings = request.app.state.settings
    if not settings.api_key_required:
        return None
    verifier: ApiKeyVerifier = request.app.state.key_verifier
    client = verifier.client_of(request.headers.get("authorization"))
    if client is None:
        raise UnauthorizedError("A valid API key is required: `Authorization: Bearer <key>`.")
    return client


ManagerDep = Annotated[ModelManager, Depends(get_manager)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ApiClient = Annotated[str | None, Depends(require_api_key)]
