"""CPU time per request in-process: the service against its floors and the raw ASGI limit.

Wall-clock requests/s on a shared machine move with everyone else's load; the CPU time the
process itself spends per request (time.process_time) moves much less. Each app runs its
lifespan, warms up, then answers N sequential requests straight into its ASGI callable
(no socket, so uvicorn/httptools, the same for every app, are left out). Rounds alternate
the apps so that a change in the machine's state falls on all of them.

Apps: the old floor (bench/apps/trivial.py; PCOS only, its one route), the fair floor
(bench/apps/fair.py), the raw ASGI limit (bench/apps/raw.py) and the service, all under the
bench's production profile.

Usage: python -m bench.cpu_per_request [--requests 2000] [--rounds 3] [--endpoint pcos]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

from bench.bodies import write_bodies
from bench.profile_request import call
from bench.targets import WORK_DIR, production_env


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Run an ASGI app's lifespan (start-up before, shut-down after) around the block."""
    inbox: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    task = asyncio.create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, outbox.put)
    )
    await inbox.put({"type": "lifespan.startup"})
    started = await outbox.get()
    if started["type"] != "lifespan.startup.complete":
        raise RuntimeError(f"start-up failed: {started}")
    try:
        yield
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        await task


def apps(endpoint: str = "pcos") -> dict[str, Any]:
    """The apps for `endpoint`, built under the bench's production environment.

    The old floor serves only /predict/pcos (its one route ignores the body, so it is the
    same floor for every model): it is measured for PCOS alone.
    """
    os.environ.update(production_env("cpu", 8000, endpoint))
    from bench.apps.fair import app as fair
    from bench.apps.raw import RawLimit
    from bench.apps.trivial import app as trivial
    from fembalance_ml.config import get_settings
    from fembalance_ml.main import build_app

    get_settings.cache_clear()
    built = {
        "old floor": trivial,
        "fair floor": fair,
        "raw limit": RawLimit(),
        "service": build_app(),
    }
    if endpoint != "pcos":
        del built["old floor"]
    return built


async def cpu_us(app: Any, path: str, body: bytes, requests: int) -> tuple[float, float]:
    """Microseconds of CPU per request after a warm-up: the whole process's, and the
    event loop thread's alone (the process figure adds the ledger writer's and other
    background threads' share, and their noise)."""
    for _ in range(200):
        await call(app, path, body)
    started, thread_started = time.process_time(), time.thread_time()
    for _ in range(requests):
        status = await call(app, path, body)
        if status != 200:
            raise RuntimeError(f"answered {status}")
    process = time.process_time() - started
    thread = time.thread_time() - thread_started
    return process / requests * 1e6, thread / requests * 1e6


async def run(
    built: dict[str, Any], path: str, body: bytes, args: argparse.Namespace
) -> dict[str, list[tuple[float, float]]]:
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in built}
    async with contextlib.AsyncExitStack() as stack:
        for app in built.values():
            await stack.enter_async_context(lifespan(app))
        for _ in range(args.rounds):
            for name, app in built.items():
                figures[name].append(await cpu_us(app, path, body, args.requests))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--endpoint", choices=["pcos", "cycle", "symptoms"], default="pcos")
    args = parser.parse_args(argv)
    body = write_bodies(WORK_DIR / "bodies")[args.endpoint].read_bytes()
    path = f"/api/v1/predict/{args.endpoint}"
    devnull = open(os.devnull, "w")  # INFO logs are formatted, then thrown away
    with contextlib.redirect_stdout(devnull):
        built = apps(args.endpoint)
        figures = asyncio.run(run(built, path, body, args))
    print(f"{path}: µs CPU/request, median of the rounds (each round's figure in brackets)")
    for name, values in figures.items():
        process = [p for p, _ in values]
        thread = [t for _, t in values]
        print(
            f"{name:11s} process {statistics.median(process):5.0f} "
            f"({', '.join(f'{v:.0f}' for v in process)})   "
            f"loop thread {statistics.median(thread):5.0f} "
            f"({', '.join(f'{v:.0f}' for v in thread)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
