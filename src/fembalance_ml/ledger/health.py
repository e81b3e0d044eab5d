"""Whether this worker's ledger is writing, why not, and when it tries its database again.

The ledger is a dependency that comes and goes: PostgreSQL restarts, a state folder is
read-only. Predictions never wait for it. The writer thread asks `LedgerHealth` when to
try again (a pause doubling from FIRST_PAUSE_SECONDS to MAX_PAUSE_SECONDS, jittered so
that workers do not knock in step), the routes that need the database answer 503
`ledger_unavailable` with `retry_after()`, and `ml_ledger_up` and `/health/ready` say
which it is. Reasons are codes, never an exception's text (which may quote a row).
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable

import structlog

from fembalance_ml.ledger.outages import Reason
from fembalance_ml.observability.metrics import LEDGER_UP

log = structlog.get_logger(__name__)
FIRST_PAUSE_SECONDS = 0.5
MAX_PAUSE_SECONDS = 5.0


class LedgerHealth:
    """Up or down, the reason, and the next try; thread-safe, read from the event loop."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._clock = clock
        self._jitter = jitter
        self._lock = threading.Lock()
        self.up = False
        self.reason: Reason | None = "starting"
        self._pause = FIRST_PAUSE_SECONDS
        self._next_try = 0.0
        self._down_since = clock()
        LEDGER_UP.set(0)

    def succeeded(self) -> None:
        """The database answered: writing (again)."""
        if self.up:
            return
        with self._lock:
            was, self.up, self.reason = self.reason, True, None
            self._pause = FIRST_PAUSE_SECONDS
            LEDGER_UP.set(1)
        if was != "starting":
            log.info("ledger_writing_again", down_s=round(self._clock() - self._down_since, 3))

    def failed(self, reason: Reason, error_type: str) -> None:
        """The database could not be used: down until the next try succeeds."""
        with self._lock:
            now = self._clock()
            changed = self.up or reason != self.reason
            if self.up:
                self._down_since = now
            self.up, self.reason = False, reason
            # 0.8-1.2 x the pause: workers that failed together retry apart.
            self._next_try = now + self._pause * (0.8 + 0.4 * self._jitter())
            self._pause = min(MAX_PAUSE_SECONDS, self._pause * 2)
            LEDGER_UP.set(0)
        if changed:
            log.warning("ledger_unavailable", reason=reason, error_type=error_type)

    def closed(self) -> None:
        """The worker is stopping: no more writes."""
        with self._lock:
            self.up, self.reason = False, "closed"
            LEDGER_UP.set(0)

    def wait_seconds(self) -> float:
        """Seconds until the writer should try the database again (0: now)."""
        return max(0.0, self._next_try - self._clock())

    def retry_after(self) -> int:
        """Whole seconds a client should wait before asking again (at least 1)."""
        return max(1, math.ceil(self.wait_seconds()))
