"""The ledger writer's CPU per row inside the serving app, beside a busy event loop.

usage: python -m research.ledger_thread_cost [--requests 4000] [--rounds 3]
       [--endpoint pcos|batch]

`research.ledger_cost` times the writer alone, on batches of a chosen size. Here the
service's app (the bench's production profile: SQLite ledger, multiprocess metrics, INFO
lines thrown away) answers sequential requests straight into its ASGI callable while its
own writer thread runs beside it, as under load: the batches are whatever the writer's
loop makes of the traffic. Printed per round: the writer thread's CPU per ledger row
(from /proc/self/task/TID/schedstat, every write inside the round included: the queue is
written out before the clock stops), the event loop's CPU per request, and how many
batches the rows went in. Linux only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from typing import Any

from bench.bodies import write_bodies
from bench.profile_request import call
from bench.targets import WORK_DIR, production_env


def thread_cpu_ns(native_id: int) -> int:
    """CPU nanoseconds a thread of this process has used (Linux schedstat)."""
    with open(f"/proc/self/task/{native_id}/schedstat") as stat:
        return int(stat.read().split()[0])


def writer_thread(app: Any) -> threading.Thread:
    """The ledger writer's thread of `app`."""
    thread: threading.Thread | None = app.state.ledger._thread
    if thread is None or thread.native_id is None:
        raise RuntimeError("the ledger's writer thread is not running")
    return thread


async def one_round(app: Any, path: str, body: bytes, requests: int) -> tuple[float, float, int]:
    """(writer µs CPU per row, loop µs CPU per request, batches written) for one round."""
    ledger = app.state.ledger
    batches: list[int] = []
    original = ledger._write

    def counted(batch: list[Any]) -> int:
        batches.append(len(batch))
        written: int = original(batch)
        return written

    ledger._write = counted
    await asyncio.to_thread(ledger.flush)
    native_id = writer_thread(app).native_id
    assert native_id is not None
    writer_before, loop_before = thread_cpu_ns(native_id), time.thread_time()
    for _ in range(requests):
        status = await call(app, path, body)
        if status != 200:
            raise RuntimeError(f"answered {status}")
    loop_cpu = time.thread_time() - loop_before
    while ledger.pending:  # the writer's own loop writes what the round left
        await asyncio.sleep(0.05)
    writer_cpu = (thread_cpu_ns(native_id) - writer_before) / 1e9
    ledger._write = original
    rows = sum(batches)
    return writer_cpu / max(rows, 1) * 1e6, loop_cpu / requests * 1e6, len(batches)


async def run(args: argparse.Namespace) -> None:
    os.environ.update(production_env("ledger-thread", 8000))
    from fembalance_ml.main import build_app

    app = build_app()
    body = write_bodies(WORK_DIR / "bodies")[args.endpoint].read_bytes()
    path = f"/api/v1/predict/{args.endpoint}"
    async with app.router.lifespan_context(app):
        for _ in range(300 if args.endpoint == "pcos" else 3):  # warm-up (a batch is 1,000)
            await call(app, path, body)
        figures = [await one_round(app, path, body, args.requests) for _ in range(args.rounds)]
    for writer, loop, batches in figures:
        print(f"writer {writer:.1f} µs/row, loop {loop:.1f} µs/request, {batches} batches")
    print(
        f"median: writer {statistics.median(f[0] for f in figures):.1f} µs/row, "
        f"loop {statistics.median(f[1] for f in figures):.1f} µs/request"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--endpoint", choices=["pcos", "batch"], default="pcos")
    asyncio.run(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
