"""What each production feature costs a request, in CPU, by turning it off in-process.

usage: python -m bench.feature_price [--requests 3000] [--rounds 5] [--endpoint pcos]
       python -m bench.feature_price --spin 20000   # all on, for `py-spy record -- ...`

One app per variant, all built with the bench's production profile (bench/targets.py:
keys, CORS with the bench's Origin, rate limit counted in memory, ledger on SQLite,
multiprocess metrics, INFO log lines formatted and thrown away), their lifespans open for
the whole run. Rounds alternate the variants, so a change in the machine's state falls on
all of them. Each figure is the CPU (the whole process's, and the event loop thread's
alone) of N sequential requests straight into the ASGI app (no socket: uvicorn costs the
same to every variant), including the deferred work the requests left: the ledger's
queue written out and the drift window read, inside the timed window.

A feature's price is the median, over rounds, of (all on - that feature off) in the same
round; in brackets, the least disturbed figures: min(all on) - min(feature off).
Wall-clock requests/s on a shared machine move with everyone else's load; the CPU a
process spends per request moves much less.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

from bench.bodies import write_bodies
from bench.profile_request import call
from bench.targets import WORK_DIR, production_env

# One measurement: microseconds of CPU per request, the process's and the loop thread's.
Figure = tuple[float, float]


def _no_drift(app: Any) -> None:
    """Drift observation off: the service's monitor takes nothing."""
    app.state.predictions.drift.observe = lambda *_args, **_kwargs: None


def _no_cors(app: Any) -> None:
    """The CORS middleware out of the app's stack (built on the first request)."""
    app.user_middleware = [m for m in app.user_middleware if "CORS" not in m.cls.__name__]


@contextlib.contextmanager
def _logging_off() -> Iterator[None]:
    """The request log line off: the log level above INFO for the round."""
    from fembalance_ml.observability.logging import configure_logging

    configure_logging("WARNING")
    try:
        yield
    finally:
        configure_logging("INFO")


@contextlib.contextmanager
def _metrics_off() -> Iterator[None]:
    """Every metric write a no-op for the round (the label look-ups still run)."""
    from prometheus_client import Counter, Gauge, Histogram

    from fembalance_ml.observability.metrics import HTTP_REQUESTS, child

    value_class = type(child(HTTP_REQUESTS, "unmatched", "GET", "404")._value)
    patched = [
        (value_class, "inc"),
        (value_class, "set"),
        (Counter, "inc"),
        (Gauge, "set"),
        (Gauge, "inc"),
        (Histogram, "observe"),
    ]
    saved = [(owner, name, owner.__dict__[name]) for owner, name in patched]
    for owner, name in patched:
        setattr(owner, name, lambda *_args, **_kwargs: None)
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


@dataclass(frozen=True)
class Variant:
    """One app: settings changed, a change to the built app, a switch held per round."""

    name: str
    env: dict[str, str] = field(default_factory=dict)
    build: Callable[[Any], None] | None = None
    during: Callable[[], contextlib.AbstractContextManager[None]] | None = None
    origin: bool = True


def _no_drift_no_cors(app: Any) -> None:
    _no_drift(app)
    _no_cors(app)


@contextlib.contextmanager
def _logging_and_metrics_off() -> Iterator[None]:
    with _logging_off(), _metrics_off():
        yield


VARIANTS = (
    Variant("all on"),
    Variant("log line off", during=_logging_off),
    Variant("ledger off", {"LEDGER_ENABLED": "false"}),
    Variant("drift off", build=_no_drift),
    Variant("rate limit off", {"RATE_LIMIT_ENABLED": "false"}),
    Variant("metrics off", during=_metrics_off),
    Variant("no Origin header", origin=False),
    Variant("no Origin, CORS removed", build=_no_cors, origin=False),
    Variant(
        "every feature off",
        {"LEDGER_ENABLED": "false", "RATE_LIMIT_ENABLED": "false"},
        build=_no_drift_no_cors,
        during=_logging_and_metrics_off,
        origin=False,
    ),
)


def build(variant: Variant, index: int, route: str) -> Any:
    """The service's app for one variant (its own ledger file and metrics folder)."""
    os.environ.update(production_env(f"price-{index}", 8000, route))
    os.environ.update(variant.env)
    from fembalance_ml.config import get_settings
    from fembalance_ml.main import build_app

    get_settings.cache_clear()
    app = build_app()
    for key in variant.env:
        del os.environ[key]
    if variant.build is not None:
        variant.build(app)
    return app


async def _drain(app: Any) -> None:
    """Write the ledger's queue and read the drift queue: work the requests left behind."""
    service = app.state.predictions
    if app.state.ledger is not None:
        await asyncio.to_thread(app.state.ledger.flush)
    await asyncio.to_thread(service.drift.refresh, False)


async def measure(
    app: Any, path: str, body: bytes, requests: int, origin: bool
) -> tuple[float, float]:
    """Microseconds of CPU per request: the process's and the loop thread's."""
    await _drain(app)
    started, thread_started = time.process_time(), time.thread_time()
    for _ in range(requests):
        status = await call(app, path, body, origin=origin)
        if status != 200:
            raise RuntimeError(f"answered {status}")
    await _drain(app)
    process = time.process_time() - started
    thread = time.thread_time() - thread_started
    return process / requests * 1e6, thread / requests * 1e6


async def run(
    args: argparse.Namespace, body: bytes, path: str
) -> dict[str, list[tuple[float, float]]]:
    chosen = [v for v in VARIANTS if args.only is None or v.name in args.only]
    devnull = open(os.devnull, "w")  # INFO lines formatted, then dropped
    figures: dict[str, list[Figure]] = {v.name: [] for v in chosen}
    with contextlib.redirect_stdout(devnull):
        apps = [build(v, i, args.endpoint) for i, v in enumerate(chosen)]
        async with AsyncExitStack() as stack:
            for app in apps:
                await stack.enter_async_context(app.router.lifespan_context(app))
            for app, variant in zip(apps, chosen, strict=True):
                for _ in range(300):  # warm-up: caches, first-use paths
                    await call(app, path, body, origin=variant.origin)
            if args.spin:
                await measure(apps[0], path, body, args.spin, True)
                return figures
            pairs = list(zip(apps, chosen, strict=True))
            for round_index in range(args.rounds):
                # Each round starts with another variant: no variant always runs first.
                shift = round_index % len(pairs)
                for app, variant in pairs[shift:] + pairs[:shift]:
                    switch = variant.during() if variant.during else contextlib.nullcontext()
                    with switch:
                        figure = await measure(app, path, body, args.requests, variant.origin)
                    figures[variant.name].append(figure)
    return figures


def report(figures: dict[str, list[Figure]]) -> str:
    """Medians (and the least disturbed round) per variant; each feature's price."""
    base = figures.get("all on")
    lines = [
        "| variant | process µs/req (min) | loop thread µs/req (min) | price: process (min) "
        "| loop (min) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, values in figures.items():
        process = [p for p, _ in values]
        thread = [t for _, t in values]
        price = loop_price = "—"
        if base is not None and name != "all on":
            paired = list(zip(base, values, strict=True))
            least = min(p for p, _ in base) - min(process)
            least_loop = min(t for _, t in base) - min(thread)
            price = f"{statistics.median(b[0] - v[0] for b, v in paired):.1f} ({least:.1f})"
            loop_price = (
                f"{statistics.median(b[1] - v[1] for b, v in paired):.1f} ({least_loop:.1f})"
            )
        lines.append(
            f"| {name} | {statistics.median(process):.1f} ({min(process):.1f}) | "
            f"{statistics.median(thread):.1f} ({min(thread):.1f}) | {price} | {loop_price} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--endpoint", choices=["pcos", "cycle", "symptoms"], default="pcos")
    parser.add_argument("--only", nargs="*", default=None, help="variant names")
    parser.add_argument("--spin", type=int, default=0, help="only N requests, all on")
    args = parser.parse_args(argv)
    if args.spin:
        args.only = ["all on"]
    body = write_bodies(WORK_DIR / "bodies")[args.endpoint].read_bytes()
    figures = asyncio.run(run(args, body, f"/api/v1/predict/{args.endpoint}"))
    if not args.spin:
        path = f"/api/v1/predict/{args.endpoint}"
        print(f"{args.requests} requests a round, {args.rounds} rounds, {path}")
        print(report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
