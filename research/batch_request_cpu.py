"""Process CPU of one whole 1,000-item PCOS batch request, in process, and where it goes.

    PYTHONPATH=src:. .venv/bin/python -m research.batch_request_cpu [--requests 20] [--rounds 5]
    PYTHONPATH=src:. .venv/bin/python -m research.batch_request_cpu --pool [--requests 30]
    PYTHONPATH=src:. .venv/bin/python -m research.batch_request_cpu --profile [--top 40]

The service app under the bench's production profile (bench/targets.production_env: API
key, CORS, rate limits, ledger, drift, INFO logs thrown away) answers the bench's batch
(bench/bodies.py: 1,000 screening items) straight into its ASGI callable, as
bench/cpu_per_request.py does for single routes. The figure is time.process_time per
request: every thread's CPU, the pool thread that decodes, validates and answers the batch
included (with the ledger writer's share). Each round prints its figure; the last line
gives the minimum and the median of the rounds.

With --pool, the pool thread's part alone (`_read_batch` and `predict_batch`, called in
this thread): its thread CPU per call, min and median of `requests` calls (without the
ledger writer's and the event loop's share).

With --profile, the pool thread's part (`_read_batch` and `predict_batch`, called in this
thread) runs under cProfile instead: cProfile sees only the thread it was enabled in, so
profiling the request through the app shows the event loop and not the batch.
To compare two checkouts, run it with each one's `src` first on PYTHONPATH, alternately.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import pstats
import statistics
import sys
import time
from typing import Any

from bench.bodies import write_bodies
from bench.cpu_per_request import lifespan
from bench.profile_request import call
from bench.targets import WORK_DIR, production_env

PATH = "/api/v1/predict/batch"


def service_app() -> Any:
    """The service's app under the bench's production environment."""
    os.environ.update(production_env("batch-cpu", 8000, "batch"))
    from fembalance_ml.config import get_settings
    from fembalance_ml.main import build_app

    get_settings.cache_clear()
    return build_app()


async def rounds(app: Any, body: bytes, requests: int, count: int) -> list[float]:
    """Milliseconds of process CPU per request, one figure per round."""
    figures = []
    async with lifespan(app):
        for _ in range(5):
            await call(app, PATH, body)
        for _ in range(count):
            started = time.process_time()
            for _ in range(requests):
                status = await call(app, PATH, body)
                if status != 200:
                    raise RuntimeError(f"answered {status}")
            figures.append((time.process_time() - started) / requests * 1e3)
    return figures


async def pool_part(app: Any, body: bytes, requests: int) -> list[float]:
    """Milliseconds of this thread's CPU per call of the pool thread's part of a batch."""
    from fembalance_ml.api.batch import predict_batch
    from fembalance_ml.api.prediction_route import _read_batch

    figures = []
    async with lifespan(app):
        service = app.state.predictions
        settings = app.state.settings
        limits = (settings.batch.max_items, settings.batch.max_cost)
        for _ in range(5 + requests):
            started = time.thread_time()
            predict_batch(service, _read_batch(body, b"application/json"), *limits)
            figures.append((time.thread_time() - started) * 1e3)
    return figures[5:]


async def profiled(app: Any, body: bytes, requests: int) -> cProfile.Profile:
    """The pool thread's work of `requests` batches, run in this thread under cProfile."""
    from fembalance_ml.api.batch import predict_batch
    from fembalance_ml.api.prediction_route import _read_batch

    profiler = cProfile.Profile()
    async with lifespan(app):
        service = app.state.predictions
        settings = app.state.settings
        limits = (settings.batch.max_items, settings.batch.max_cost)
        for _ in range(5):
            predict_batch(service, _read_batch(body, b"application/json"), *limits)
        profiler.enable()
        for _ in range(requests):
            read = _read_batch(body, b"application/json")
            predict_batch(service, read, *limits)
        profiler.disable()
    return profiler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pool", action="store_true", help="the pool thread's part alone")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    body = write_bodies(WORK_DIR / "bodies")["batch"].read_bytes()
    devnull = open(os.devnull, "w")  # INFO logs are formatted, then thrown away
    with contextlib.redirect_stdout(devnull):
        app = service_app()
        if args.profile:
            profiler = asyncio.run(profiled(app, body, args.requests))
        elif args.pool:
            figures = asyncio.run(pool_part(app, body, args.requests))
        else:
            figures = asyncio.run(rounds(app, body, args.requests, args.rounds))
    if args.profile:
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.strip_dirs().sort_stats("tottime").print_stats(args.top)
        return 0
    what = "pool thread's part, ms thread CPU/call" if args.pool else "ms CPU/request"
    print(
        f"{PATH}: {what}: min {min(figures):.2f} median {statistics.median(figures):.2f} "
        f"({', '.join(f'{f:.2f}' for f in figures)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
