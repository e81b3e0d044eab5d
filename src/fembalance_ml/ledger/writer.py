"""Ledger writes off the hot path: a bounded in-memory queue flushed by a background thread.

A prediction costs one append of a plain tuple to a deque. The thread turns each into a
row of plain values (pseudonym and headline remembered, the time formatted once per
second), inserts a batch in one statement per chunk (SQLite) or one COPY (PostgreSQL),
and lets the event loop run between batches; it also enforces retention. When the queue
is full, or the database refuses a batch, the entries are counted in
`ml_ledger_dropped_total` and the service keeps answering.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog
from pydantic import BaseModel

from fembalance_ml.ledger.database import migrate
from fembalance_ml.ledger.headline import HeadlineReader
from fembalance_ml.ledger.repository import Erased, LedgerEntry, LedgerRepository, Row
from fembalance_ml.platform.clock import SecondText
from fembalance_ml.platform.metrics import LEDGER_DROPPED
from fembalance_ml.platform.privacy import Pseudonymizer

log = structlog.get_logger(__name__)
# Most pseudonyms the writer remembers (user id -> keyed HMAC) before starting afresh.
PSEUDONYM_MEMORY = 4096
# Rows the thread prepares before it lets the event loop have the GIL.
ROWS_PER_SLICE = 100


def utc_now() -> datetime:
    """Now, as the ledger stores times: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class WriterSettings:
    """What the writer needs from Settings."""

    queue_items: int
    batch_items: int
    flush_seconds: float
    retention_days: int
    sweep_seconds: float


# One queued answer, a plain tuple (the cheapest record to build on the hot path):
# (prediction_id, model, version, group, user_id, created_at as time.time(), body, shadow_of)
_Pending = tuple[str, str, str, str | None, str | None, float, bytes | BaseModel, str | None]


class LedgerWriter:
    """Queues predictions from the event loop and writes them from its own thread."""

    def __init__(
        self, repository: LedgerRepository, keys: Pseudonymizer, settings: WriterSettings
    ) -> None:
        self.repository = repository
        self.settings = settings
        self._keys = keys
        self._queue: deque[_Pending] = deque()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._flush_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._next_sweep = 0.0
        self.available = False
        self._pseudonyms: dict[str, str | None] = {}
        self._headline = HeadlineReader()
        # The ledger's time text: naive UTC, "2026-11-29 13:40:00.123456".
        self._time_text = SecondText(" ")
        self._limit = settings.queue_items
        self._batch = settings.batch_items

    @property
    def retention(self) -> timedelta:
        """How long a prediction may receive an outcome and stays in the ledger."""
        return timedelta(days=self.settings.retention_days)

    def record(
        self,
        prediction_id: str,
        model: str,
        version: str,
        group: str | None,
        user_id: str | None,
        body: bytes | BaseModel,
        shadow_of: str | None = None,
    ) -> None:
        """Queue one answer for the ledger; never blocks, drops (counted) when full.

        `body` is the answer's JSON, or the answer itself (its headline read by the thread);
        `shadow_of` names the served prediction a shadow version's answer stands beside.
        """
        queued = len(self._queue)
        if queued >= self._limit or not self.available:
            LEDGER_DROPPED.labels(model, "queue_full" if self.available else "unavailable").inc()
            return
        self._queue.append(
            (prediction_id, model, version, group, user_id, time.time(), body, shadow_of)
        )
        if queued + 1 == self._batch:
            self._wake.set()

    @property
    def pending(self) -> int:
        """Entries waiting in this process's queue."""
        return len(self._queue)

    def flush(self) -> int:
        """Write everything queued now (blocking; call from a thread); returns rows written."""
        written = 0
        with self._flush_lock:
            while self._queue:
                batch = self._take(self._batch)
                written += self._write(batch)
                # Let the event loop have the GIL between batches.
                time.sleep(0)
        return written

    def _take(self, limit: int) -> list[_Pending]:
        batch: list[_Pending] = []
        while self._queue and len(batch) < limit:
            batch.append(self._queue.popleft())
        return batch

    def _write(self, batch: list[_Pending]) -> int:
        try:
            rows: list[Row] = []
            for start in range(0, len(batch), ROWS_PER_SLICE):
                rows.extend(self._rows(batch[start : start + ROWS_PER_SLICE]))
                # A slice holds the GIL about a millisecond: let the event loop in between.
                time.sleep(0)
            self.repository.add_predictions(rows)
        except Exception as exc:  # the ledger must never take the service down
            for entry in batch:
                LEDGER_DROPPED.labels(entry[1], "write_error").inc()
            log.warning("ledger_write_failed", error_type=type(exc).__name__, rows=len(batch))
            return 0
        return len(rows)

    def _rows(self, batch: list[_Pending]) -> list[Row]:
        """The batch as rows of plain values in the insert's column order."""
        pseudonym = self._pseudonym
        headline = self._headline
        time_text = self._time_text
        return [
            (
                prediction_id,
                model,
                version,
                group,
                pseudonym(user_id),
                time_text(created_at),
                *headline(model, body),
                shadow_of,
            )
            for prediction_id, model, version, group, user_id, created_at, body, shadow_of in batch
        ]

    def lookup(self, prediction_id: str) -> LedgerEntry | None:
        """A live prediction by id, including one still in this process's queue (blocking)."""
        not_before = utc_now() - self.retention
        entry = self.repository.find(prediction_id, not_before)
        if entry is None and self._queue:
            self.flush()
            entry = self.repository.find(prediction_id, not_before)
        return entry

    def erase(self, user_id: str) -> Erased:
        """Erase a person's predictions and outcomes, queued ones included (blocking).

        Other workers' queues are covered by the erasure record the repository keeps.
        """
        self.flush()
        pseudonym = self._keys.user(user_id)
        assert pseudonym is not None
        return self.repository.erase(pseudonym, utc_now())

    def _pseudonym(self, user_id: str | None) -> str | None:
        # People predict again and again: remember recent pseudonyms instead of recomputing.
        if user_id is None:
            return None
        known = self._pseudonyms.get(user_id)
        if known is None:
            if len(self._pseudonyms) >= PSEUDONYM_MEMORY:
                self._pseudonyms.clear()
            known = self._pseudonyms[user_id] = self._keys.user(user_id)
        return known

    def sweep(self) -> int:
        """Enforce retention now: delete predictions (and outcomes) past LEDGER_RETENTION_DAYS."""
        now = utc_now()
        return self.repository.sweep(now - self.retention, now)

    def open(self) -> bool:
        """Migrate the schema and start writing; False (logged) when the database fails.

        A ledger that cannot open leaves predictions served, uncounted in the ledger.
        """
        try:
            migrate(self.repository.engine)
        except Exception as exc:
            log.error("ledger_unavailable", error_type=type(exc).__name__)
            return False
        self.available = True
        self.start()
        return True

    def close(self) -> None:
        """Stop the thread, write what is queued, release the connections."""
        if self.available:
            self.stop()
        self.available = False
        self.repository.engine.dispose()

    def start(self) -> None:
        """Start the background thread (once per worker, after the fork)."""
        self._thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Write what is queued and stop the thread."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.flush()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self.settings.flush_seconds)
            self._wake.clear()
            self.flush()
            if time.monotonic() >= self._next_sweep:
                self._next_sweep = time.monotonic() + self.settings.sweep_seconds
                try:
                    removed = self.sweep()
                except Exception as exc:
                    log.warning("ledger_sweep_failed", error_type=type(exc).__name__)
                else:
                    if removed:
                        log.info("ledger_swept", rows=removed)
