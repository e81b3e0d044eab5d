"""What a PCOS request's metric updates cost in multiprocess mode: written straight
through, gathered and written once a loop turn, or gathered and written every 50 ms.

usage: python -m research.tally_cost [--requests 20000] [--rounds 5]

A PCOS request makes two counter and two histogram updates through the tally (the HTTP
count and time, the prediction count and time); straight through, prometheus_client
writes six values into the worker's mmap file. Each "request" here is those four updates
and one turn of the event loop (`asyncio.sleep(0)`), as a server's loop turns between
requests; the figure is CPU per request (time.process_time) minus that of the bare turns.
Rounds alternate the ways; min and median over rounds. The metrics live in a throwaway
multiprocess folder, set before prometheus_client is imported.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable

os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="tally-cost-")

from prometheus_client import CollectorRegistry, Counter, Histogram

from fembalance_ml.observability.tally import FLUSH_SECONDS, Tally

REGISTRY = CollectorRegistry()
COUNTS = Counter("cost_requests_total", "requests", ["route"], registry=REGISTRY)
SECONDS = Histogram("cost_seconds", "time", ["route"], registry=REGISTRY)
HTTP = (COUNTS.labels("/http"), SECONDS.labels("/http"))
PREDICTION = (COUNTS.labels("pcos"), SECONDS.labels("pcos"))
Update = Callable[[], None]


def straight() -> None:
    HTTP[0].inc()
    HTTP[1].observe(0.0031)
    PREDICTION[0].inc()
    PREDICTION[1].observe(0.00002)


def tallied(tally: Tally) -> Update:
    def update() -> None:
        tally.inc(HTTP[0])
        tally.observe(HTTP[1], 0.0031)
        tally.inc(PREDICTION[0])
        tally.observe(PREDICTION[1], 0.00002)

    return update


def bare() -> None:
    return None


async def per_request(update: Update, requests: int) -> float:
    """Microseconds of CPU per request: the updates and one loop turn."""
    started = time.process_time()
    for _ in range(requests):
        update()
        await asyncio.sleep(0)
    return (time.process_time() - started) / requests * 1e6


async def measure(requests: int, rounds: int) -> dict[str, list[float]]:
    ways: dict[str, Update] = {
        "bare loop turn": bare,
        "straight through": straight,
        "a write each loop turn": tallied(Tally(multiprocess=True, delay=0.0)),
        f"a write every {FLUSH_SECONDS * 1000:.0f} ms": tallied(Tally(multiprocess=True)),
    }
    figures: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(rounds):
        for name, update in ways.items():
            figures[name].append(await per_request(update, requests))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.requests, args.rounds))
    floor = figures.pop("bare loop turn")
    turns = [round(x, 2) for x in floor]
    print(f"µs of CPU a request beyond a bare loop turn (the turn alone: {turns})")
    for name, values in figures.items():
        extra = [v - f for v, f in zip(values, floor, strict=True)]
        print(f"{name:26s} min {min(extra):5.2f}   median {statistics.median(extra):5.2f}")


if __name__ == "__main__":
    main()
