"""The request path's metric updates, gathered on the event loop and written in batches.

Under Gunicorn the metrics are in multiprocess mode: every value update takes
prometheus_client's lock, calls getpid() and packs two doubles into the worker's mmap file,
about a microsecond (issue 24: six updates a PCOS request, 8 us of its CPU). The request
path adds to plain numbers here instead, and the first addition after a write schedules the
next one FLUSH_SECONDS later on the event loop: the requests of those 50 ms share one write
of each series they touched. A `loop.call_soon` write (one per loop turn) was measured and
left out: with a write per request it cost more than writing straight through
(research/tally_cost.py).

So another worker's /metrics sees an answer's counts at most FLUSH_SECONDS late; this
worker's /metrics writes first (`flush`), and the lifespan's end writes what is left. A
worker killed with SIGKILL loses the counts of its last FLUSH_SECONDS (docs/RELIABILITY.md).
Outside multiprocess mode (one process, the tests' in-process apps) and away from the event
loop's thread (worker-pool threads, the ledger's writer), updates go straight through.
"""

from __future__ import annotations

import asyncio
import threading

from prometheus_client import Counter, Histogram, values

from fembalance_ml.observability.metrics import add_observations, bucket_of

__all__ = ["FLUSH_SECONDS", "TALLY", "Tally"]
# How long gathered updates wait for their write to the multiprocess files.
FLUSH_SECONDS = 0.05


class _Observed:
    """One histogram's observations since the last write: their sum and count per bucket."""

    __slots__ = ("counts", "histogram", "total")

    def __init__(self, histogram: Histogram) -> None:
        self.histogram = histogram
        self.counts = [0] * len(histogram._upper_bounds)
        self.total = 0.0

    def add(self, amount: float) -> None:
        bucket = bucket_of(self.histogram, amount)
        if bucket is not None:
            self.counts[bucket] += 1
        self.total += amount

    def write(self) -> None:
        """Into the histogram (a label child), as its `observe` writes: the sum, the buckets."""
        add_observations(self.histogram, self.total, enumerate(self.counts))


class Tally:
    """Counter and histogram updates of one process, written every FLUSH_SECONDS.

    `multiprocess`: whether updates wait for their write; None reads prometheus_client's
    mode (tests pass True to watch the waiting with plain metrics).
    """

    def __init__(self, multiprocess: bool | None = None, delay: float = FLUSH_SECONDS) -> None:
        self._multiprocess = multiprocess
        self._delay = delay
        self._counts: dict[Counter, float] = {}
        self._observed: dict[Histogram, _Observed] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = 0  # the thread `_loop` runs on (threading.get_ident())
        self._due: asyncio.TimerHandle | None = None
        self._lock = threading.Lock()

    def inc(self, counter: Counter, amount: float = 1.0) -> None:
        """`counter.inc(amount)` (a label child), in the next write."""
        if self._waits():
            self._counts[counter] = self._counts.get(counter, 0.0) + amount
        else:
            counter.inc(amount)

    def observe(self, histogram: Histogram, amount: float) -> None:
        """`histogram.observe(amount)` (a label child), in the next write."""
        if self._waits():
            observed = self._observed.get(histogram)
            if observed is None:
                observed = self._observed[histogram] = _Observed(histogram)
            observed.add(amount)
        else:
            histogram.observe(amount)

    @property
    def pending(self) -> int:
        """Series with updates not yet written."""
        return len(self._counts) + len(self._observed)

    def flush(self) -> None:
        """Write everything gathered now (on the event loop's thread, or after it closed)."""
        with self._lock:
            due, self._due = self._due, None
            counts, self._counts = self._counts, {}
            observed, self._observed = self._observed, {}
        if due is not None:
            due.cancel()  # written now: the scheduled write has nothing left
        for counter, amount in counts.items():
            counter.inc(amount)
        for seen in observed.values():
            seen.write()

    def _waits(self) -> bool:
        """Whether this update waits for the next write, which it schedules if none is."""
        # The common case: a write is due on the loop, and this is that loop's thread while
        # it runs (one thread runs one loop at a time), read without
        # asyncio.get_running_loop(), which on Python 3.11 makes a getpid() system call.
        due_on = self._loop
        if (
            self._due is not None
            and due_on is not None
            and threading.get_ident() == self._thread
            and due_on.is_running()
        ):
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False  # a pool thread, the writer thread: straight through
        if not self._multiprocess_mode():
            return False
        if loop is not self._loop:
            if self._loop is not None and not self._loop.is_closed():
                return False  # a second loop in this process (a test's): straight through
            # The first loop, or one after the last closed (a test client's lifespan).
            self.flush()
            self._loop = loop
            self._thread = threading.get_ident()
        if self._due is None:
            self._due = loop.call_later(self._delay, self.flush)
        return True

    def _multiprocess_mode(self) -> bool:
        if self._multiprocess is None:
            return bool(values.ValueClass._multiprocess)
        return self._multiprocess


# The process's one tally: the middleware, the prediction service and the cache update
# through it.
TALLY = Tally()
