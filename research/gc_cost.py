"""What the garbage collector costs a request, and how often it pauses the worker.

usage: python -m research.gc_cost [--endpoint pcos|cycle|symptoms] [--requests 5000]

The service's app under the bench's production profile (bench/targets.py; the cache off
for cycle and symptoms) runs its lifespan, so the collector thresholds and `gc.freeze()`
of start-up apply and the ledger's and the drift monitor's threads run, then answers N
sequential requests in-process. `gc.callbacks` time every collection by generation. A
collection walks every object of its generations: what the background threads' queues
hold alive between two of their rounds is walked again and again, and each walk is a
pause of the event loop (issue 24).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import time
from typing import Any

from bench.bodies import write_bodies
from bench.profile_request import call, service_app
from bench.targets import WORK_DIR

GENERATIONS = (0, 1, 2)


class Collections:
    """Seconds spent and collections run, by generation, from `gc.callbacks`."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(GENERATIONS, 0.0)
        self.count = dict.fromkeys(GENERATIONS, 0)
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        generation = int(info["generation"])
        self.seconds[generation] += time.perf_counter() - self._started
        self.count[generation] += 1


async def measure(endpoint: str, requests: int) -> tuple[float, Collections, int]:
    """CPU µs a request, the collections during the requests, objects alive per request."""
    body = write_bodies(WORK_DIR / "bodies")[endpoint].read_bytes()
    path = f"/api/v1/predict/{endpoint}"
    app = service_app(endpoint)
    collections = Collections()
    async with app.router.lifespan_context(app):
        for _ in range(300):
            await call(app, path, body)
        tracked = len(gc.get_objects())
        gc.callbacks.append(collections)
        started = time.process_time()
        for _ in range(requests):
            await call(app, path, body)
        cpu = time.process_time() - started
        gc.callbacks.remove(collections)
        alive = len(gc.get_objects()) - tracked
    return cpu / requests * 1e6, collections, alive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", choices=["pcos", "cycle", "symptoms"], default="pcos")
    parser.add_argument("--requests", type=int, default=5000)
    args = parser.parse_args()
    # INFO lines formatted, then dropped.
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        cpu, collections, alive = asyncio.run(measure(args.endpoint, args.requests))
    per_thousand = 1000 / args.requests
    print(f"/predict/{args.endpoint}, {args.requests} sequential requests in-process")
    print(
        f"CPU a request: {cpu:.1f} µs, of it in the collector: "
        f"{sum(collections.seconds.values()) / args.requests * 1e6:.2f} µs"
    )
    print(f"objects tracked by the collector, more after the requests than before: {alive:,}")
    print("| generation | collections a 1,000 requests | ms a collection |\n|---:|---:|---:|")
    for generation in GENERATIONS:
        count = collections.count[generation]
        mean = collections.seconds[generation] / count * 1e3 if count else 0.0
        print(f"| {generation} | {count * per_thousand:.1f} | {mean:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
