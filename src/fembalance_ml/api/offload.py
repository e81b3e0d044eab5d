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
import queue
import threading
from collections.abc import Callable
from typing import Any, Final, ParamSpec, TypeVar

from fembalance_ml.api.error_texts import BUSY
from fembalance_ml.api.errors import ServiceBusyError

P = ParamSpec("P")
T = TypeVar("T")
QUICK: Final = "predict"
LONG: Final = "batch"
# One call for a lane's threads: the loop that waits, its future, the call.
_Call = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[[], Any]]


class _Lane:
    """`threads` threads that take calls from one queue and hand each result to its loop.

    What `loop.run_in_executor` with a ThreadPoolExecutor does, less its machinery: no
    concurrent future with its condition and callbacks, no idle semaphore, and the thread
    goes back to waiting on the queue (releasing the GIL) as soon as the result is handed
    over, instead of running the executor's bookkeeping while the woken event loop waits
    for the GIL. Measured on one core (`research/hop_cost.py`, issue 24, two runs): 25-30 µs
    of CPU a hop against 48-60.
    """

    def __init__(self, name: str, threads: int) -> None:
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._threads = threads
        for number in range(threads):
            threading.Thread(target=self._serve, name=f"{name}_{number}", daemon=True).start()

    def submit(self, call: Callable[[], T]) -> asyncio.Future[T]:
        """Queue `call`; its result (or exception) arrives in the returned future."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._calls.put((loop, future, call))
        return future

    def _serve(self) -> None:
        calls = self._calls
        while (item := calls.get()) is not None:
            loop, future, call = item
            del item
            try:
                result = call()
            except BaseException as exc:  # handed to the waiting request, as an executor does
                _hand(loop, _set_exception, future, exc)
                del exc
            else:
                _hand(loop, _set_result, future, result)
                del result
            del loop, future, call  # nothing of this call stays alive while the next waits

    def close(self) -> None:
        """Cancel the calls not yet started; each thread leaves after its current call."""
        while True:
            try:
                item = self._calls.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                _hand(item[0], _cancel, item[1])
        for _ in range(self._threads):
            self._calls.put(None)


def _hand(loop: asyncio.AbstractEventLoop, callback: Callable[..., None], *args: Any) -> None:
    """Run `callback(*args)` on `loop`, unless that loop has closed (nobody waits then)."""
    try:
        loop.call_soon_threadsafe(callback, *args)
    except RuntimeError:
        pass


def _set_result(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():  # a cancelled request no longer waits for it
        future.set_result(result)


def _set_exception(future: asyncio.Future[Any], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)


def _cancel(future: asyncio.Future[Any]) -> None:
    future.cancel()


class WorkerPool:
    """Runs blocking calls in threads; refuses new work when `capacity` calls are in flight
    (both lanes together). `threads` serve the quick lane, `long_threads` the long one."""

    def __init__(self, threads: int, capacity: int, long_threads: int = 1) -> None:
        self._threads = {QUICK: threads, LONG: long_threads}
        self._capacity = capacity
        self._in_flight = 0  # touched on the event loop thread only
        # Made on first use and again after a shutdown: an app may be started more than once
        # (tests, a lifespan restarted by a test client), each time with live threads.
        self._lanes: dict[str, _Lane] = {}

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
            lane_threads = self._lanes.get(lane)
            if lane_threads is None:
                lane_threads = self._lanes[lane] = _Lane(lane, self._threads[lane])
            return await lane_threads.submit(
                functools.partial(context.run, function, *args, **kwargs)
            )
        finally:
            self._in_flight -= 1

    def shutdown(self) -> None:
        """Let the threads go once their calls finish; a later call starts new ones."""
        lanes, self._lanes = self._lanes, {}
        for lane in lanes.values():
            lane.close()
