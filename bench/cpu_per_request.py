"""CPU time per request in-process: the service (lean path on and off) against the floor.

Wall-clock requests/s on a shared machine move with everyone else's load; the CPU time the
process itself spends per request (time.process_time) moves much less. Each app runs its
lifespan, warms up, then answers N sequential requests straight into its ASGI callable
(no socket, so uvicorn/httptools, the same for every app, are left out). Rounds alternate
the apps so that a change in the machine's state falls on all of them.

Usage: python -m bench.cpu_per_request [--requests 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
from typing import Any

from bench.bodies import write_bodies
from bench.profile_request import call
from bench.targets import WORK_DIR, production_env


def service(lean: bool) -> Any:
    os.environ.update(production_env("cpu", 8000))
    os.environ["LEAN_PATH_ENABLED"] = "true" if lean else "false"
    from fembalance_ml.api.app import create_app
    from fembalance_ml.config import get_settings

    get_settings.cache_clear()
    return create_app()


def floor() -> Any:
    from bench.apps.trivial import app

    return app


async def cpu_us(app: Any, path: str, body: bytes, requests: int) -> tuple[float, float]:
    """Microseconds of CPU per request after a warm-up: the whole process's, and the
    event loop thread's alone (a PCOS answer is computed there; the process figure adds
    the ledger writer's and other background threads' share, and their noise)."""
    async with app.router.lifespan_context(app):
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    body = write_bodies(WORK_DIR / "bodies")["pcos"].read_bytes()
    path = "/api/v1/predict/pcos"
    devnull = open(os.devnull, "w")  # INFO logs are formatted, then thrown away
    with contextlib.redirect_stdout(devnull):
        apps = {"floor": floor(), "lean on": service(True), "lean off": service(False)}
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in apps}
    for _ in range(args.rounds):
        for name, app in apps.items():
            with contextlib.redirect_stdout(devnull):
                figures[name].append(asyncio.run(cpu_us(app, path, body, args.requests)))
    print("us CPU/request, median of the rounds (each round's figure in brackets)")
    for name, values in figures.items():
        process = [p for p, _ in values]
        thread = [t for _, t in values]
        print(
            f"{name:9s} process {statistics.median(process):5.0f} "
            f"({', '.join(f'{v:.0f}' for v in process)})   "
            f"loop thread {statistics.median(thread):5.0f} "
            f"({', '.join(f'{v:.0f}' for v in thread)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
