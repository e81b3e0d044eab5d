"""What is measured and how to start each server: the wrk targets of the bench table."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench import mlserver_setup
from bench.servers import LOOPBACK, Server, free_port, pinned, started

REPO_ROOT = Path(__file__).resolve().parents[1]
WORK_DIR = REPO_ROOT / "bench" / ".work"
MODEL_FILE = REPO_ROOT / "models" / "pcos" / "v2.1.0" / "model.pkl"
API_KEY = "bench-key-0123456789abcdef0123456789abcdef"
ORIGIN = "https://app.fembalance.example"
STARTUP_TIMEOUT_S = 120.0
# Settings the service reads that the bench decides; any in the caller's shell are dropped.
SERVICE_SETTINGS = (
    "ENVIRONMENT",
    "HOST",
    "PORT",
    "DEBUG",
    "LOG_LEVEL",
    "ALLOWED_ORIGINS",
    "MAX_WORKERS",
    "REDIS_URL",
    "SENTRY_DSN",
    "API_KEY_REQUIRED",
    "VALID_API_KEYS",
    "PSEUDONYM_KEY",
    "RATE_LIMIT_ENABLED",
    "RATE_LIMIT_DEFAULT",
    "RATE_LIMIT_OVERRIDES",
    "CACHE_ENABLED",
    "CACHE_MODELS",
    "STATE_DIR",
    "DATABASE_URL",
    "LEDGER_ENABLED",
    "EXPERIMENTS_FILE",
    "MODEL_PATH",
    "PCOS_MODEL_VERSION",
    "PROMETHEUS_MULTIPROC_DIR",
    "BATCH_MAX_ITEMS",
    "MAX_BODY_BYTES",
    "LEAN_PATH_ENABLED",
    "CACHE_ENABLED",
)
# Per-model settings set one variable a model (MODEL_VERSIONS__PCOS=...): dropped likewise.
NESTED_SETTINGS = ("MODEL_VERSIONS", "RATE_LIMIT_OVERRIDES__")


def production_env(name: str, port: int, route: str = "pcos") -> dict[str, str]:
    """The production profile without Redis, one worker, on `port`; for `route` cycle or
    symptoms, the prediction cache off (see `route_overrides`)."""
    metrics_dir = WORK_DIR / f"metrics-{name}"
    metrics_dir.mkdir(parents=True, exist_ok=True)
    # A fresh ledger per run: one left by earlier runs would make each run write into a
    # bigger table than the last.
    state_dir = WORK_DIR / f"state-{name}"
    shutil.rmtree(state_dir, ignore_errors=True)
    state_dir.mkdir(parents=True)
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k.upper() not in SERVICE_SETTINGS and not k.upper().startswith(NESTED_SETTINGS)
    }
    return {
        **inherited,
        "ENVIRONMENT": "production",
        "HOST": LOOPBACK,
        "PORT": str(port),
        "MAX_WORKERS": "1",
        "LOG_LEVEL": "INFO",
        "API_KEY_REQUIRED": "true",
        "VALID_API_KEYS": API_KEY,
        "PSEUDONYM_KEY": "bench-pseudonym-key-not-a-real-secret-0123456789",
        "ALLOWED_ORIGINS": ORIGIN,
        "RATE_LIMIT_DEFAULT": "100000000/minute",
        "CACHE_ENABLED": "true",
        # Error reporting on, aimed at a closed loopback port: the SDK's per-request
        # work happens, and nothing leaves the machine.
        "SENTRY_DSN": f"http://benchpublickey@{LOOPBACK}:{free_port()}/1",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "STATE_DIR": str(state_dir),
        **route_overrides(route),
    }


@contextlib.contextmanager
def gunicorn(name: str, app: str, overrides: dict[str, str] | None = None) -> Iterator[Server]:
    """`app` under gunicorn with the repository's gunicorn.conf.py, pinned to core 0."""
    port = free_port()
    args = pinned([str(REPO_ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", app])
    with started(
        name,
        args,
        env={**production_env(name, port), **(overrides or {})},
        cwd=REPO_ROOT,
        log_path=WORK_DIR / "logs" / f"{name}.log",
        url=f"http://{LOOPBACK}:{port}",
        ready_path="/health",
        startup_timeout=STARTUP_TIMEOUT_S,
    ) as server:
        yield server


@contextlib.contextmanager
def mlserver() -> Iterator[Server]:
    """MLServer 1.7.1 with the scikit-learn runtime and adaptive batching, pinned to core 0."""
    mlserver_setup.ensure_installed()
    ports = {"http": free_port(), "grpc": free_port(), "metrics": free_port()}
    directory = mlserver_setup.prepare_repository(MODEL_FILE, WORK_DIR / "mlserver-model", ports)
    inherited = {k: v for k, v in os.environ.items() if not k.upper().startswith("MLSERVER")}
    args = pinned([str(mlserver_setup.mlserver_executable()), "start", str(directory)])
    with started(
        "mlserver",
        args,
        env=inherited,
        cwd=directory,
        log_path=WORK_DIR / "logs" / "mlserver.log",
        url=f"http://{LOOPBACK}:{ports['http']}",
        ready_path=f"/v2/models/{mlserver_setup.MODEL_NAME}/ready",
        startup_timeout=STARTUP_TIMEOUT_S,
    ) as server:
        yield server


@dataclass(frozen=True)
class Target:
    """One row of the table: which server, which path, which body, rows per request.

    `route` groups a row with the floors and limit it is compared with (pcos, cycle,
    symptoms); `kind` says what the row is: the service, a floor, the raw limit, a
    baseline, or the /health probe during batches (measured without wrk).
    """

    key: str
    label: str
    server: Callable[[], contextlib.AbstractContextManager[Server]]
    path: str
    body: str
    rows_per_request: int = 1
    authorized: bool = True
    timeout_s: int = 10
    route: str = "pcos"
    kind: str = "service"


APP = "fembalance_ml.main:build_app()"
FAIR = "bench.apps.fair:app"
RAW = "bench.apps.raw:app"
PREDICT = "/api/v1/predict"
# The cache off for cycle and symptoms: the same body on every request would otherwise be
# answered from the cache and measure the cache, not the model.
NO_CACHE = {"CACHE_ENABLED": "false"}


def route_overrides(route: str) -> dict[str, str]:
    """Settings a route's measurements run under: the cache off but for PCOS."""
    return {} if route == "pcos" else dict(NO_CACHE)


def _route_targets(route: str) -> tuple[Target, ...]:
    """A route's service row, fair floor and raw limit."""
    path = f"{PREDICT}/{route}"
    overrides = route_overrides(route)
    suffix = "" if route == "pcos" else f"-{route}"
    cache_note = ", cache off" if route != "pcos" else ""
    return (
        Target(
            f"fair{suffix}",
            f"fair floor: FastAPI validating the {route} body",
            lambda: gunicorn(f"fair{suffix}", FAIR),
            path,
            route,
            route=route,
            kind="fair",
        ),
        Target(
            f"raw{suffix}",
            f"raw ASGI limit, {route}",
            lambda: gunicorn(f"raw{suffix}", RAW, overrides),
            path,
            route,
            route=route,
            kind="raw",
        ),
        Target(
            route,
            f"service {path}{cache_note}",
            lambda: gunicorn(f"service{suffix}", APP, overrides),
            path,
            route,
            route=route,
        ),
    )


def _batch_target(
    key: str,
    label: str,
    server: Callable[[], contextlib.AbstractContextManager[Server]],
    kind: str = "service",
) -> Target:
    """A server answering the bench's batch of 1,000 PCOS items (rows/s counts items)."""
    return Target(
        key,
        label,
        server,
        f"{PREDICT}/batch",
        "batch",
        rows_per_request=1000,
        timeout_s=60,
        route="batch",
        kind=kind,
    )


TARGETS: tuple[Target, ...] = (
    Target(
        "trivial",
        "old floor: FastAPI POST ignoring its body",
        lambda: gunicorn("trivial", "bench.apps.trivial:app"),
        f"{PREDICT}/pcos",
        "pcos",
        kind="floor",
    ),
    *_route_targets("pcos"),
    Target(
        "pcos-no-ledger",
        "service /api/v1/predict/pcos, ledger off",
        lambda: gunicorn("service-no-ledger", APP, {"LEDGER_ENABLED": "false"}),
        f"{PREDICT}/pcos",
        "pcos",
        kind="variant",
    ),
    Target(
        "pcos-ledger-thread",
        "service /api/v1/predict/pcos, ledger writer thread (no child)",
        lambda: gunicorn("service-ledger-thread", APP, {"LEDGER_WRITER_PROCESS": "false"}),
        f"{PREDICT}/pcos",
        "pcos",
        kind="variant",
    ),
    Target(
        "naive",
        "naive FastAPI + sklearn predict_proba",
        lambda: gunicorn("naive", "bench.apps.naive:app"),
        f"{PREDICT}/pcos",
        "pcos",
        kind="baseline",
    ),
    Target(
        "mlserver",
        "MLServer 1.7.1 sklearn, adaptive batching",
        mlserver,
        f"/v2/models/{mlserver_setup.MODEL_NAME}/infer",
        "v2",
        authorized=False,
        kind="baseline",
    ),
    *_route_targets("cycle"),
    *_route_targets("symptoms"),
    _batch_target(
        "fair-batch",
        "fair floor: FastAPI validating the batch body, answering each item",
        lambda: gunicorn("fair-batch", FAIR),
        kind="fair",
    ),
    _batch_target(
        "batch",
        "service /api/v1/predict/batch (1,000 PCOS)",
        lambda: gunicorn("service-batch", APP),
    ),
    Target(
        "health",
        "service /health during two 500-item symptom batches",
        lambda: gunicorn("service-health", APP, NO_CACHE),
        "/health",
        "symptoms-batch",
        route="health",
        kind="health",
    ),
)
