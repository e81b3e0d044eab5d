"""What does one hop of a call from the event loop to a pool thread and back cost?

    PYTHONPATH=src:. taskset -c 1 .venv/bin/python -m research.hop_cost [--calls 20000]
        [--rounds 3]

Times, on uvloop, `--calls` sequential awaits of a call that does nothing, each way in
turn for `--rounds` rounds: `WorkerPool.run` (api/offload.py, one quick-lane thread), and
`loop.run_in_executor` with a one-thread ThreadPoolExecutor and the same context copy (what
WorkerPool did until 1.8.0). Printed: µs of process CPU and of wall time a hop, per round.
Pinned to one core, as a worker under load, the hop's cost is the threads' hand-overs: the
GIL, the thread's wake-up and the loop's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import functools
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

import uvloop

from fembalance_ml.api.offload import WorkerPool


def _nothing() -> int:
    return 1


async def _timed(name: str, hop: Callable[[], Awaitable[int]], calls: int) -> None:
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        await hop()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{name:>16}: {cpu / calls * 1e6:6.1f} µs CPU, {wall / calls * 1e6:6.1f} µs wall a hop")


async def _measure(calls: int, rounds: int) -> None:
    pool = WorkerPool(threads=1, capacity=64)
    executor = ThreadPoolExecutor(1)
    loop = asyncio.get_running_loop()

    async def through_executor() -> int:
        call = functools.partial(contextvars.copy_context().run, _nothing)
        return await loop.run_in_executor(executor, call)

    async def through_pool() -> int:
        return await pool.run(_nothing)

    for _ in range(rounds):
        await _timed("run_in_executor", through_executor, calls)
        await _timed("WorkerPool.run", through_pool, calls)
    pool.shutdown()
    executor.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    uvloop.run(_measure(args.calls, args.rounds))


if __name__ == "__main__":
    main()
