"""The app factory: `create_app(settings, models)` builds the ASGI app over the models given.

Nothing is built at import. The composition root (fembalance_ml/main.py) names the served
models; gunicorn and uvicorn call its factory, `fembalance_ml.main:build_app()`, once per
worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

import structlog
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.telemetry import TelemetryConfig
from starlette.concurrency import run_in_threadpool

from fembalance_ml import __version__
from fembalance_ml.api.admission import Admission
from fembalance_ml.api.body_limit import BodySizeLimitMiddleware
from fembalance_ml.api.docs_pages import install_docs_pages
from fembalance_ml.api.errors import install_error_handlers
from fembalance_ml.api.idempotency import IdempotencyMiddleware
from fembalance_ml.api.middleware import RequestContextMiddleware
from fembalance_ml.api.offload import WorkerPool
from fembalance_ml.api.openapi_doc import OPENAPI_SERVERS, OPENAPI_TAGS, complete_spec
from fembalance_ml.api.prediction_route import PredictionRoute
from fembalance_ml.api.reports import ExperimentReports
from fembalance_ml.api.routes import health, metrics, outcomes, predict
from fembalance_ml.api.routes import models as model_routes
from fembalance_ml.api.served import PredictionService
from fembalance_ml.api.startup_series import publish_models
from fembalance_ml.config import LEDGER_ROUTE_LIMITS, Settings
from fembalance_ml.config_env import warn_deprecated
from fembalance_ml.http.cors import CorsPolicy
from fembalance_ml.http.idempotency_store import IdempotencyStore
from fembalance_ml.http.ratelimit import RouteLimits
from fembalance_ml.i18n.negotiate import Negotiator
from fembalance_ml.ledger.setup import build_ledger
from fembalance_ml.monitoring.drift_monitor import DriftMonitor, SharedWindows
from fembalance_ml.observability.logging import configure_logging, flush_access_lines
from fembalance_ml.observability.metrics import LEDGER_UP, precreate_http, precreate_platform
from fembalance_ml.observability.sentry import init_sentry
from fembalance_ml.observability.tally import TALLY
from fembalance_ml.security.auth import ApiKeyVerifier
from fembalance_ml.security.privacy import Pseudonymizer
from fembalance_ml.security.tokens import TokenVerifier
from fembalance_ml.serving.ab_assignment import Assigner, load_experiments
from fembalance_ml.serving.backends import select_backend
from fembalance_ml.serving.manager import ModelManager
from fembalance_ml.serving.prediction_cache import CacheSettings, PredictionCache
from fembalance_ml.serving.registry import ModelRegistry
from fembalance_ml.serving.spec import AnySpec

log = structlog.get_logger(__name__)
API_VERSION = __version__
YOUNG_GC_THRESHOLD = 10_000
NO_OPENTELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


def build_manager(
    settings: Settings, pseudonymizer: Pseudonymizer, registry: ModelRegistry
) -> ModelManager:
    """A manager for the served models at their configured versions and A/B tests."""
    return ModelManager(
        settings.models.path,
        settings.served_versions(registry),
        load_experiments(settings.models.experiments_path),
        Assigner(pseudonymizer),
        backend=select_backend(settings.inference.backend, settings.inference.device),
    )


def build_cache(
    settings: Settings, pseudonymizer: Pseudonymizer, registry: ModelRegistry
) -> PredictionCache | None:
    """The prediction cache, or None when CACHE_ENABLED is false."""
    if not settings.cache.enabled:
        return None
    options = CacheSettings(
        redis_url=settings.redis.url,
        ttl_seconds=settings.cache.ttl_seconds,
        local_items=settings.cache.local_items,
        socket_timeout=settings.redis.socket_timeout,
        models=frozenset(settings.cached_routes(registry)),
    )
    return PredictionCache(options, pseudonymizer)


def build_rate_limits(
    settings: Settings, router: APIRouter, outcome_router: APIRouter, registry: ModelRegistry
) -> RouteLimits:
    """Rate limits for every prediction route and the ledger's routes (outcomes,
    erasures, experiments), shared through Redis when configured."""
    limits = RouteLimits(
        settings.rate_limits.default,
        LEDGER_ROUTE_LIMITS | settings.route_limit_overrides(registry),
        settings.redis.url,
        settings.redis.socket_timeout,
        enabled=settings.rate_limits.enabled,
        workers=settings.server.max_workers,
    )
    for route in router.routes:
        if isinstance(route, PredictionRoute):
            limits.register(route.route_name)
    for endpoint, name in outcomes.route_names(outcome_router).items():
        limits.register(name, endpoint)
    return limits


def precreate_series(
    app: FastAPI, settings: Settings, router: APIRouter, registry: ModelRegistry
) -> None:
    """Zero HTTP series for every route and status the spec declares, and platform series."""
    routes = [
        (path, method.upper(), [int(code) for code in operation["responses"] if code.isdigit()])
        for path, operations in app.openapi()["paths"].items()
        for method, operation in operations.items()
    ]
    precreate_http([*routes, ("unmatched", "GET", [404]), ("unmatched", "POST", [404])])
    prediction_routes = [r.path for r in router.routes if isinstance(r, APIRoute)]
    cached_routes = settings.cached_routes(registry)
    cached = [s.name for s in registry if s.route in cached_routes]
    precreate_platform(prediction_routes, cached if settings.cache.enabled else [])


async def watch_models(
    manager: ModelManager, every_seconds: float, registry: ModelRegistry, drift: DriftMonitor
) -> None:
    """Reload models whose `latest` link or files change (runs in each worker)."""
    while True:
        await asyncio.sleep(every_seconds)
        changed = await run_in_threadpool(manager.refresh)
        if changed:
            publish_models(manager, registry, drift)


def create_app(settings: Settings, models: Iterable[AnySpec]) -> FastAPI:
    """Build the app serving `models` (their specs, in the contract's order) under
    `settings`; models load in the lifespan, before the first request is served.

    SettingsError when a setting names a model or route that is not served (the message
    names the setting, never a value); ValueError when two models share a name or alias.
    """
    registry = ModelRegistry(models)
    settings.check_models(registry)
    # DEBUG only raises the log level: FastAPI's own debug mode would answer 500s with
    # a stack trace, which may quote a person's data.
    configure_logging("DEBUG" if settings.server.debug else settings.server.log_level)
    if settings.monitoring.sentry_dsn is not None:
        init_sentry(
            settings.monitoring.sentry_dsn.get_secret_value(),
            settings.monitoring.sentry_environment or settings.environment,
            API_VERSION,
        )
    warn_deprecated(settings.deprecated)
    pseudonymizer = Pseudonymizer(settings.security.pseudonym_key.get_secret_value().encode())
    manager = build_manager(settings, pseudonymizer, registry)
    cache = build_cache(settings, pseudonymizer, registry)
    ledger = build_ledger(settings, pseudonymizer, registry.by_name)
    if ledger is None:
        LEDGER_UP.set(0)  # present from start-up: off is not writing

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        manager.load_all()
        publish_models(manager, registry, drift)
        precreate_series(app, settings, prediction_router, registry)
        if ledger is not None:
            await run_in_threadpool(ledger.open)
        drift.start()
        # Everything alive now (modules, models) lives as long as the process: keep it
        # out of the collector's way, or every full collection walks it again (it halves
        # the time of a 1,000-item batch).
        gc.freeze()
        # Collect the youngest generation after 10,000 net allocations instead of 700: a
        # 1,000-item batch allocates hundreds of thousands of short-lived objects, and
        # the default ran a collection every few items (12% of the batch's CPU). The
        # older generations keep their ratios.
        gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])
        log.info(
            "startup_complete",
            ready=manager.ready,
            environment=settings.environment,
            models_path=str(manager.models_root),  # the operator's setting: where it looked
        )
        watcher = None
        if settings.models.watch_seconds > 0:
            watcher = asyncio.create_task(
                watch_models(manager, settings.models.watch_seconds, registry, drift)
            )
        yield
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        pool.shutdown()
        await run_in_threadpool(drift.stop)
        if cache is not None:
            await cache.close()
        await rate_limits.close()
        await idempotency.close()
        if ledger is not None:
            await run_in_threadpool(ledger.close)
        TALLY.flush()
        flush_access_lines()

    # Production serves no spec: it maps every route (the admin one too) for an
    # attacker; clients read the committed docs/API.md instead.
    serves_spec = settings.environment != "production"
    app = FastAPI(
        title="FEMbalance ML API",
        version=API_VERSION,
        description="PCOS risk, cycle prediction and symptom analysis. "
        "A screening aid, not a diagnosis; cycle estimates are not contraception.",
        lifespan=lifespan,
        openapi_tags=OPENAPI_TAGS,
        servers=OPENAPI_SERVERS,
        openapi_url="/openapi.json" if serves_spec else None,
        # Swagger UI and ReDoc from packaged files, under a strict CSP (docs_pages).
        docs_url=None,
        redoc_url=None,
        # The service reports through Prometheus, Sentry and its log line. FastAPI's
        # OpenTelemetry hook would otherwise look up three global providers on every
        # request (about 4% of a prediction's CPU) to find none configured.
        telemetry=NO_OPENTELEMETRY,
    )
    complete_spec(app, registry)
    if serves_spec:
        install_docs_pages(app, "/openapi.json")
    app.state.settings = settings
    app.state.models = registry
    app.state.manager = manager
    pool = WorkerPool(
        settings.inference.threads, settings.inference.capacity, settings.inference.batch_threads
    )
    shared = SharedWindows(settings.redis.url) if settings.redis.url else None
    drift = DriftMonitor(registry.drift_inputs, shared)
    app.state.predictions = PredictionService(
        manager, cache, pseudonymizer, pool, registry, ledger, drift
    )
    app.state.ledger = ledger
    app.state.experiment_reports = (
        ExperimentReports(ledger, pool, settings.ledger.experiments_cache_seconds)
        if ledger
        else None
    )
    app.state.key_verifier = ApiKeyVerifier(settings.security.valid_api_keys)
    app.state.admin_verifier = ApiKeyVerifier(settings.security.admin_api_keys)
    token_key = settings.security.browser_token_key
    app.state.token_verifier = (
        TokenVerifier(token_key.get_secret_value().encode()) if token_key else None
    )
    # One route per served model, then batch.
    prediction_router = predict.build_router(registry)
    # The outcome route takes the served models' outcome fields (their specs').
    outcome_router = outcomes.build_router(registry)
    rate_limits = build_rate_limits(settings, prediction_router, outcome_router, registry)
    app.state.rate_limits = rate_limits
    app.state.admission = Admission(
        app.state.key_verifier,
        app.state.token_verifier,
        rate_limits,
        key_required=settings.security.api_key_required,
        admin_verifier=app.state.admin_verifier,
    )
    install_error_handlers(app)
    # Prediction routes first: the router tries routes in order on every request.
    routers = (
        prediction_router,
        health.router,
        metrics.router,
        model_routes.router,
        model_routes.labels,
        outcome_router,
    )
    # The prediction routes sit in the app's own router, first: matched there directly,
    # without the per-request lookups FastAPI makes for an included router's routes.
    app.router.routes.extend(prediction_router.routes)
    for router in routers[1:]:
        app.include_router(router)
    # The last added runs first: the request context (id, CORS, log line, metrics) wraps
    # the body-size limit, so a browser can read the 413 like every other answer; the limit
    # wraps Idempotency-Key's handling, which reads the body before the route does.
    idempotency = IdempotencyStore(
        settings.redis.url,
        settings.idempotency.ttl_seconds,
        settings.idempotency.local_items,
        settings.redis.socket_timeout,
    )
    app.add_middleware(
        IdempotencyMiddleware,
        store=idempotency,
        pseudonymizer=pseudonymizer,
        admits=app.state.admission.still_admits,
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.server.max_body_bytes)
    cors = CorsPolicy(settings.cors.origins, settings.cors.methods, settings.cors.headers)
    templates = [r.path for router in routers for r in router.routes if isinstance(r, APIRoute)]
    app.add_middleware(
        RequestContextMiddleware,
        cors=cors,
        templates=templates,
        negotiator=Negotiator(pseudo=settings.i18n.pseudo_locale),
    )
    return app
