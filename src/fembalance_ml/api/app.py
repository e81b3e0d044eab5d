"""The ASGI application: `fembalance_ml.api.app:app` is what every deployment file serves."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from fembalance_ml.api.errors import install_error_handlers
from fembalance_ml.api.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from fembalance_ml.api.routes import health, metrics, models, outcomes, predict
from fembalance_ml.api.served import SERVED, PredictionService
from fembalance_ml.config import Settings, get_settings
from fembalance_ml.ledger.setup import build_ledger
from fembalance_ml.platform.auth import ApiKeyVerifier
from fembalance_ml.platform.cache import CacheSettings, PredictionCache
from fembalance_ml.platform.logging import configure_logging
from fembalance_ml.platform.metrics import MODEL_INFO, PREDICTIONS
from fembalance_ml.platform.privacy import Pseudonymizer
from fembalance_ml.platform.ratelimit import RouteLimits
from fembalance_ml.platform.sentry import init_sentry
from fembalance_ml.serving.backends import select_backend
from fembalance_ml.serving.experiments import Assigner, load_experiments
from fembalance_ml.serving.manager import ModelManager

log = structlog.get_logger(__name__)
API_VERSION = "1.0.0"


def build_manager(settings: Settings, keys: Pseudonymizer) -> ModelManager:
    """A manager for the three served models at their configured versions and A/B tests."""
    wanted = settings.model_versions
    return ModelManager(
        settings.model_path,
        {s.artifact_name: wanted[s.artifact_name] for s in SERVED.values()},
        load_experiments(settings.models_experiments_file),
        Assigner(keys),
        backend=select_backend(settings.inference_backend, settings.device),
    )


def build_cache(settings: Settings, keys: Pseudonymizer) -> PredictionCache | None:
    """The prediction cache, or None when CACHE_ENABLED is false."""
    if not settings.cache_enabled:
        return None
    options = CacheSettings(
        redis_url=settings.redis_url,
        ttl_seconds=settings.cache_ttl_seconds,
        local_items=settings.cache_local_items,
        socket_timeout=settings.redis_socket_timeout,
        models=frozenset(settings.cache_models),
    )
    return PredictionCache(options, keys)


def build_rate_limits(settings: Settings) -> RouteLimits:
    """slowapi limits for every prediction route, shared through Redis when configured."""
    limits = RouteLimits(
        settings.rate_limit_default,
        settings.rate_limit_overrides,
        settings.redis_url,
        settings.redis_socket_timeout,
        enabled=settings.rate_limit_enabled,
    )
    for endpoint, route_name in predict.ROUTE_NAMES.items():
        limits.register(route_name, endpoint)
    return limits


def publish_model_info(manager: ModelManager) -> None:
    """Set the model info gauge to what this process serves now.

    The prediction counters of each loaded version start at zero, so a scrape shows
    them (in multiprocess mode an untouched counter is absent, not zero).
    """
    for served in SERVED.values():
        status = manager.status(served.artifact_name)
        for version in status.loaded_versions:
            MODEL_INFO.labels(status.name, version).set(1 if version == status.version else 0)
            PREDICTIONS.labels(served.route_name, version, "ok")


async def watch_models(manager: ModelManager, every_seconds: float) -> None:
    """Reload models whose `latest` link or files change (runs in each worker)."""
    while True:
        await asyncio.sleep(every_seconds)
        changed = await run_in_threadpool(manager.refresh)
        if changed:
            publish_model_info(manager)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; models load in the lifespan, before the first request is served."""
    settings = settings or get_settings()
    # DEBUG only raises the log level: FastAPI's own debug mode would answer 500s with
    # a stack trace, which may quote a person's data.
    configure_logging("DEBUG" if settings.debug else settings.log_level)
    if settings.sentry_dsn is not None:
        init_sentry(
            settings.sentry_dsn.get_secret_value(),
            settings.sentry_environment or settings.environment,
            API_VERSION,
        )
    keys = Pseudonymizer(settings.pseudonym_key.get_secret_value().encode())
    manager = build_manager(settings, keys)
    cache = build_cache(settings, keys)
    ledger = build_ledger(settings, keys)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        manager.load_all()
        publish_model_info(manager)
        if ledger is not None:
            await run_in_threadpool(ledger.open)
        # Everything alive now (modules, models) lives as long as the process: keep it
        # out of the collector's way, or every full collection walks it again (it halves
        # the time of a 1,000-item batch).
        gc.freeze()
        log.info("startup_complete", ready=manager.ready, environment=settings.environment)
        watcher = None
        if settings.model_watch_seconds > 0:
            watcher = asyncio.create_task(watch_models(manager, settings.model_watch_seconds))
        yield
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        if cache is not None:
            await cache.close()
        if ledger is not None:
            await run_in_threadpool(ledger.close)

    app = FastAPI(
        title="FEMbalance ML API",
        version=API_VERSION,
        description="PCOS risk, cycle prediction and symptom analysis. "
        "A screening aid, not a diagnosis; cycle estimates are not contraception.",
        lifespan=lifespan,
        docs_url="/docs" if settings.environment != "production" else None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.manager = manager
    app.state.predictions = PredictionService(manager, cache, keys, ledger)
    app.state.ledger = ledger
    app.state.key_verifier = ApiKeyVerifier(settings.valid_api_keys)
    app.state.admin_verifier = ApiKeyVerifier(settings.admin_api_keys)
    app.state.rate_limits = build_rate_limits(settings)
    install_error_handlers(app)
    # Prediction routes first: the router tries routes in order on every request.
    for router in (predict.router, health.router, metrics.router, models.router, outcomes.router):
        app.include_router(router)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=settings.allowed_methods,
        allow_headers=settings.allowed_headers,
        expose_headers=["X-Request-ID", "X-Cache", "Retry-After", "X-Prediction-ID"],
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    return app


app = create_app()
