"""Each production feature's CPU per request, timed alone, in whichever tree runs this.

usage: python -m bench.feature_micro [--requests 20000] [--repeat 5]
       PYTHONPATH=<an older checkout>/src:. python -m bench.feature_micro   # its figures

Turning a feature off in the whole app (bench/feature_price.py) prices the big ones, but
on a shared machine a round moves by +-30 us and the small ones drown. Here each feature's
own per-request work runs N times in a row inside a running event loop, as it does in a
worker under load (the loop gets control back between requests), and the best of
`--repeat` runs is kept: the CPU the feature costs when nothing else interferes.

- log line: the request's access line, the fields the prediction path binds included,
  to /dev/null;
- rate limit: one count and its X-RateLimit-* headers, memory storage (no Redis);
- CORS: the headers an answer to a browser (an allowed Origin) gets, and an answer to a
  request without Origin;
- drift: one observation and its share of the thread's read of the queue;
- metrics: the writes a PCOS answer makes (HTTP count and duration, prediction count and
  duration), multiprocess mode;
- ledger: the queue put on the event loop, and the writer's CPU per row for a flush of
  500 real PCOS answers of 500 users into SQLite (the table already holds 20,000 rows);
- language: the Accept-Language negotiation, the catalog set for the request, the
  Content-Language and Vary headers and the envelope's members, without a header and
  with a browser's (in a tree that has languages).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.targets import ORIGIN, WORK_DIR, production_env

ROUTE = "/api/v1/predict/pcos"
Step = Callable[[], Awaitable[None] | None]


async def _per_call_us(step: Step, requests: int, repeat: int) -> float:
    """The best of `repeat` runs of `requests` calls, in µs of thread CPU per call, less
    the cost of handing the loop control between calls."""
    best = float("inf")
    for _ in range(repeat):
        started = time.thread_time()
        for _ in range(requests):
            result = step()
            if result is not None:
                await result
            await asyncio.sleep(0)
        spent = time.thread_time() - started
        started = time.thread_time()
        for _ in range(requests):
            await asyncio.sleep(0)
        best = min(best, (spent - (time.thread_time() - started)) / requests * 1e6)
    return best


def log_line() -> Step:
    from fembalance_ml.observability import logging as logs

    logs.configure_logging("INFO")
    logs.start_request_fields()
    logs.bind_request_fields(
        model="pcos", version="v2.4.0", experiment_group=None, user="0123456789abcdef", cache=None
    )
    request_id = "0123456789abcdef0123456789abcdef"
    if hasattr(logs, "access_line"):
        access_line = logs.access_line
        return lambda: access_line(request_id, "POST", ROUTE, 200, 1.234)
    import structlog

    log = structlog.get_logger("access").bind()
    return lambda: log.info(
        "request", request_id=request_id, method="POST", route=ROUTE, status=200, latency_ms=1.234
    )


def rate_limit() -> Step:
    from fembalance_ml.http.ratelimit import RouteLimits

    limits = RouteLimits("100000000/minute", {}, None, 0.05)
    limits.register("pcos")

    async def hit() -> None:
        await limits.hit("pcos", "key:0123456789abcdef")

    return hit


def cors(origin: bool) -> Step:
    from fembalance_ml.http import cors as module

    answer: list[tuple[bytes, bytes]] = [
        (b"content-length", b"1999"),
        (b"content-type", b"application/json"),
        (b"x-prediction-id", b"0123456789abcdef0123456789abcdef01234567"),
    ]
    allowed = ORIGIN.encode()
    if hasattr(module, "CorsPolicy"):
        policy = module.CorsPolicy([ORIGIN], ["GET", "POST"], ["Authorization", "Content-Type"])

        def owned() -> None:
            headers = list(answer)
            if origin:
                headers.extend(policy.answer_headers(allowed))
            if hasattr(module, "with_vary_origin"):  # trees before 1.7.2
                module.with_vary_origin(headers)
            else:
                module.with_vary(headers, module.ORIGIN)

        return owned
    from starlette.datastructures import Headers

    middleware = module.EnvelopeCORSMiddleware(
        None,
        allow_origins=[ORIGIN],
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=module.EXPOSED_HEADERS,
    )
    scope = {"type": "http", "headers": [(b"origin", allowed)] if origin else []}

    async def sink(_: Any) -> None:
        return None

    async def starlette() -> None:
        message = {"type": "http.response.start", "status": 200, "headers": list(answer)}
        await middleware.send(message, send=sink, request_headers=Headers(scope=scope))

    return starlette


def drift() -> Step:
    from fembalance_ml.config import get_settings
    from fembalance_ml.main import served_registry
    from fembalance_ml.monitoring.drift_monitor import DriftMonitor
    from fembalance_ml.pcos.schemas import PcosRequest
    from fembalance_ml.serving.artifacts import load_verified
    from tests.conftest import body

    settings = get_settings()
    artifact = load_verified(settings.models.path / "pcos", "latest")
    monitor = DriftMonitor(served_registry().drift_inputs)
    request = PcosRequest.model_validate(body("pcos"))
    calls = [0]

    def observe() -> None:
        monitor.observe(artifact, request)
        calls[0] += 1
        if calls[0] % 2000 == 0:  # the thread's read, every second at 2,000 answers a second
            monitor.refresh(publish=False)

    return observe


def metrics() -> Step:
    from fembalance_ml.observability.metrics import (
        HTTP_REQUESTS,
        HTTP_SECONDS,
        PREDICTION_SECONDS,
        PREDICTIONS,
        child,
    )

    def writes() -> None:
        child(PREDICTION_SECONDS, "pcos").observe(0.00005)
        child(PREDICTIONS, "pcos", "v2.4.0", "ok").inc()
        child(HTTP_REQUESTS, ROUTE, "POST", "200").inc()
        child(HTTP_SECONDS, ROUTE).observe(0.0004)

    return writes


def ledger(folder: Path) -> tuple[Step, Callable[[], float]]:
    """The queue put (timed like the others) and the writer's CPU per row."""
    from fembalance_ml.config import get_settings
    from fembalance_ml.ledger.database import make_engine, migrate
    from fembalance_ml.ledger.repository import LedgerRepository
    from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings
    from fembalance_ml.main import served_registry
    from fembalance_ml.pcos.schemas import PcosRequest
    from fembalance_ml.security.privacy import Pseudonymizer
    from fembalance_ml.serving.artifacts import load_verified
    from tests.conftest import body

    engine = make_engine(f"sqlite:///{folder / 'ledger.sqlite3'}")
    migrate(engine)
    options = WriterSettings(10**7, 500, 3600.0, 180, 3600.0)
    models = served_registry()
    writer = LedgerWriter(
        LedgerRepository(engine), Pseudonymizer(b"micro"), options, models.by_name
    )
    writer.available = True
    artifact = load_verified(get_settings().models.path / "pcos", "latest")
    served = models.by_route["pcos"]
    result = served.predict(artifact.model, PcosRequest.model_validate(body("pcos")), today=None)
    sequence = [0]

    def record() -> None:
        sequence[0] += 1
        n = sequence[0]
        writer.record(f"{n:040d}", "pcos", "v2.4.0", None, f"user{n % 500}", result)

    def per_row() -> float:
        for _ in range(20_000 - writer.pending):
            record()
        writer.flush()  # a table of 20,000 rows first
        best = float("inf")
        for _ in range(5):
            for _ in range(500):
                record()
            started = time.process_time()
            writer.flush()
            best = min(best, (time.process_time() - started) / 500 * 1e6)
        return best

    return record, per_row


def language(header: bytes | None) -> Step | None:
    """The request-context middleware's language work for one prediction: negotiate the
    header (remembered per header value), set the catalog, and the answer's
    Content-Language and Vary; then the envelope's members in that language. None in a
    tree without languages."""
    try:
        from fembalance_ml.api.answers import _envelope_members
        from fembalance_ml.http.cors import with_vary
        from fembalance_ml.i18n import set_catalog
        from fembalance_ml.i18n.negotiate import Negotiator
        from fembalance_ml.pcos.spec import SPEC
    except ImportError:
        return None
    negotiator = Negotiator()
    answer = [(b"content-length", b"1999"), (b"content-type", b"application/json")]

    def negotiated() -> None:
        catalog = None if header is None else negotiator.catalog_for(header)
        set_catalog(catalog)
        value = b"en" if catalog is None else negotiator.header_of(catalog)
        headers = list(answer)
        headers.append((b"content-language", value))
        with_vary(headers, b"Accept-Language")
        _envelope_members(SPEC.disclaimer, "v2.4.0", None)

    return negotiated


async def measure(requests: int, repeat: int, folder: Path) -> dict[str, float]:
    record, per_row = ledger(folder)
    steps: dict[str, Step] = {
        "log line": log_line(),
        "rate limit (memory)": rate_limit(),
        "CORS, allowed Origin": cors(origin=True),
        "CORS, no Origin": cors(origin=False),
        "drift observation": drift(),
        "metrics (multiprocess files)": metrics(),
        "ledger: queue put": record,
    }
    languages = {
        "language, no Accept-Language": language(None),
        "language, Accept-Language de-DE,de;q=0.9,en;q=0.8": language(b"de-DE,de;q=0.9,en;q=0.8"),
    }
    steps |= {name: step for name, step in languages.items() if step is not None}
    figures = {name: await _per_call_us(step, requests, repeat) for name, step in steps.items()}
    figures["ledger: writer, per row (SQLite)"] = per_row()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.update(production_env("micro", 8000))
    devnull = open(os.devnull, "w")  # log lines formatted, then thrown away
    with tempfile.TemporaryDirectory(dir=WORK_DIR) as folder, contextlib.redirect_stdout(devnull):
        figures = asyncio.run(measure(args.requests, args.repeat, Path(folder)))
    import fembalance_ml

    print(f"{fembalance_ml.__file__}: µs CPU per request, best of {args.repeat} x {args.requests}")
    for name, value in figures.items():
        print(f"| {name} | {value:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
