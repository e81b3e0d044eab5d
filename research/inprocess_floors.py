"""In-process CPU of one /predict/pcos request: the service, its fair floor, its raw limit.

    PYTHONPATH=src:. taskset -c 1 .venv/bin/python -m research.inprocess_floors \\
        [--requests 3000] [--rounds 5] > /dev/null

The three ASGI apps of the bench's first rows (bench/apps/fair.py, bench/apps/raw.py and
the service under the bench's production profile), their lifespans run, then the bench's
PCOS body sent straight into each (no socket, no server: `bench.profile_request.call`),
the apps alternated round by round. Prints the process CPU per request (µs; min, median
and each round's) on stderr (stdout has the service's log lines): what each app costs
above the HTTP server, which all three share.
Set against wrk's figures (bench/cpu_ab.py), the difference is what the server spends on
each app's requests and answers (the service's answer has 12 headers and 3.8 KB of JSON).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import orjson

from bench.bodies import pcos_request
from bench.profile_request import call, service_app
from bench.targets import production_env

PATH = "/api/v1/predict/pcos"
Message = dict[str, Any]


async def start(app: Any) -> Callable[[], Awaitable[None]]:
    """Run `app`'s lifespan start-up; return what shuts it down."""
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    outbox: asyncio.Queue[Message] = asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    task = asyncio.create_task(app(scope, inbox.get, outbox.put))
    await inbox.put({"type": "lifespan.startup"})
    started = await outbox.get()
    if not started["type"].endswith("complete"):
        raise SystemExit(f"start-up failed: {started}")

    async def stop() -> None:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        await task

    return stop


async def measure(requests: int, rounds: int) -> dict[str, list[float]]:
    os.environ.update(production_env("profile", 8000, "pcos"))
    from bench.apps.fair import app as fair
    from bench.apps.raw import RawLimit

    apps = {"service": service_app("pcos"), "fair floor": fair, "raw limit": RawLimit()}
    body = orjson.dumps(pcos_request())
    stops = [await start(app) for app in apps.values()]
    for name, app in apps.items():
        for _ in range(300):  # warm-up, and a check that each answers
            if await call(app, PATH, body) != 200:
                raise SystemExit(f"{name} does not answer 200")
    figures: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(rounds):
        for name, app in apps.items():
            begun = time.process_time()
            for _ in range(requests):
                await call(app, PATH, body)
            figures[name].append((time.process_time() - begun) / requests * 1e6)
    for stop in stops:
        await stop()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.requests, args.rounds))
    for name, runs in figures.items():
        each = ", ".join(f"{run:.1f}" for run in runs)
        print(
            f"{name}: min {min(runs):.1f} median {statistics.median(runs):.1f} "
            f"µs CPU a request ({each})",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
