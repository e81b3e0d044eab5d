"""CPU work off the event loop: a bounded thread pool with a cap on work in flight.

The event loop only waits. A cycle or symptom prediction takes about a millisecond and a
batch can take seconds; run on the loop, they would stall every other request of the
worker, `/health` included (a Kubernetes probe then restarts a healthy pod). Work above the
cap is refused at once with 503 and `Retry-After`, rather than queued without bound.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from fembalance_ml.api.error_texts import BUSY
from fembalance_ml.api.errors import ServiceBusyError

P = ParamSpec("P")
T = TypeVar("T")


class WorkerPool:
    """Runs blocking calls in threads; refuses new work when `capacity` calls are in flight."""

    def __init__(self, threads: int, capacity: int) -> None:
        self._threads = threads
        self._capacity = capacity
        self._in_flight = 0  # touched on the event loop thread only
        # Made on first use and again after a shutdown: an app may be started more than once
        # (tests, a lifespan restarted by a test client), each time with live threads.
        self._executor: ThreadPoolExecutor | None = None

    @property
    def in_flight(self) -> int:
        """Calls waiting for a thread or running in one."""
        return self._in_flight

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`function(*args, **kwargs)` in a pool thread, with this request's context vars."""
        if self._in_flight >= self._capacity:
            raise ServiceBusyError(
                BUSY.render(),
                [{"in_flight": self._in_flight, "capacity": self._capacity}],
            )
        self._in_flight += 1
        try:
            context = contextvars.copy_context()
            call = functools.partial(context.run, function, *args, **kwargs)
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self._threads, thread_name_prefix="predict")
            return await asyncio.get_running_loop().run_in_executor(self._executor, call)
        finally:
            self._in_flight -= 1

    def shutdown(self) -> None:
        """Let the threads go once their calls finish; a later call starts new ones."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
