"""CPU work off the event loop: two bounded thread lanes with a cap on work in flight.

The event loop only waits. A cycle or symptom prediction takes a few hundred microseconds
and a batch can take seconds; run on the loop, they would stall every other request of the
worker, `/health` included (a Kubernetes probe then restarts a healthy pod). Work above the
cap is refused at once with 503 and `Retry-After`, rather than queued without bound.

Single predictions (and a shadow version's comparison) take the quick lane; batches and
experiment reports the long lane (`run_long`), so that a batch of seconds never keeps a
single prediction waiting for a thread. The work is pure Python, which runs one thread at
a time (the GIL): a second thread adds no speed, only hand-overs between threads (issue 24:
a symptoms request cost the worker 10-18% more CPU with two prediction threads than with
one; docs/BENCHMARKS.md, 1.7.5). The long lane has two by default all the same, so that a
small batch shares the time with a long one rather than waiting for it to finish.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Final, ParamSpec, TypeVar

from fembalance_ml.api.error_texts import BUSY
from fembalance_ml.api.errors import ServiceBusyError

P = ParamSpec("P")
T = TypeVar("T")
QUICK: Final = "predict"
LONG: Final = "batch"


class WorkerPool:
    """Runs blocking calls in threads; refuses new work when `capacity` calls are in flight
    (both lanes together). `threads` serve the quick lane, `long_threads` the long one."""

    def __init__(self, threads: int, capacity: int, long_threads: int = 1) -> None:
        self._threads = {QUICK: threads, LONG: long_threads}
        self._capacity = capacity
        self._in_flight = 0  # touched on the event loop thread only
        # Made on first use and again after a shutdown: an app may be started more than once
        # (tests, a lifespan restarted by a test client), each time with live threads.
        self._executors: dict[str, ThreadPoolExecutor] = {}

    @property
    def in_flight(self) -> int:
        """Calls waiting for a thread or running in one."""
        return self._in_flight

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`function(*args, **kwargs)` in a quick-lane thread, with this request's context
        vars: one prediction's work."""
        return await self._run(QUICK, function, *args, **kwargs)

    async def run_long(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """The same in a long-lane thread: a batch's or a report's work."""
        return await self._run(LONG, function, *args, **kwargs)

    async def _run(
        self, lane: str, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        if self._in_flight >= self._capacity:
            raise ServiceBusyError(
                BUSY.render(),
                [{"in_flight": self._in_flight, "capacity": self._capacity}],
            )
        self._in_flight += 1
        try:
            context = contextvars.copy_context()
            call = functools.partial(context.run, function, *args, **kwargs)
            executor = self._executors.get(lane)
            if executor is None:
                executor = self._executors[lane] = ThreadPoolExecutor(
                    self._threads[lane], thread_name_prefix=lane
                )
            return await asyncio.get_running_loop().run_in_executor(executor, call)
        finally:
            self._in_flight -= 1

    def shutdown(self) -> None:
        """Let the threads go once their calls finish; a later call starts new ones."""
        executors, self._executors = self._executors, {}
        for executor in executors.values():
            executor.shutdown(wait=False, cancel_futures=True)
