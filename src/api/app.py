"""The ASGI application: `src.api.app:app` is what every deployment file serves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from src.api.errors import install_error_handlers
from src.api.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from src.api.routes import health, metrics, models, predict
from src.api.served import SERVED
from src.config import Settings, get_settings
from src.platform.auth import ApiKeyVerifier
from src.platform.logging import configure_logging
from src.platform.metrics import MODEL_INFO
from src.serving.manager import ModelManager

log = structlog.get_logger(__name__)


def build_manager(settings: Settings) -> ModelManager:
    """A manager for the three served models at their configured versions."""
    wanted = settings.model_versions
    return ModelManager(
        settings.model_path, {s.artifact_name: wanted[s.artifact_name] for s in SERVED.values()}
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; models load in the lifespan, before the first request is served."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        manager: ModelManager = app.state.manager
        manager.load_all()
        for status in manager.statuses():
            if status.ready:
                MODEL_INFO.labels(status.name, status.version or "").set(1)
        log.info("startup_complete", ready=manager.ready, environment=settings.environment)
        yield

    app = FastAPI(
        title="FEMbalance ML API",
        version="1.0.0",
        description="PCOS risk, cycle prediction and symptom analysis. "
        "A screening aid, not a diagnosis; cycle estimates are not contraception.",
        lifespan=lifespan,
        debug=settings.debug,
        docs_url="/docs" if settings.environment != "production" else None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.manager = build_manager(settings)
    app.state.key_verifier = ApiKeyVerifier(settings.valid_api_keys)
    install_error_handlers(app)
    for router in (health.router, metrics.router, models.router, predict.router):
        app.include_router(router)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=settings.allowed_methods,
        allow_headers=settings.allowed_headers,
        expose_headers=["X-Request-ID"],
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    return app


app = create_app()
