"""Ledger writes off the hot path: a bounded in-memory queue flushed by a background thread.

A prediction costs one append to a deque. The thread pseudonymises, reads the headline
from the answer's JSON and inserts in batches; it also enforces retention. When the queue
is full, or the database refuses a batch, the entries are counted in
`ml_ledger_dropped_total` and the service keeps answering.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import structlog
from pydantic import BaseModel

from fembalance_ml.ledger.database import migrate
from fembalance_ml.ledger.headline import headline
from fembalance_ml.ledger.repository import Erased, LedgerEntry, LedgerRepository
from fembalance_ml.platform.metrics import LEDGER_DROPPED
from fembalance_ml.platform.privacy import Pseudonymizer

log = structlog.get_logger(__name__)
# Most pseudonyms the writer remembers (user id -> keyed HMAC) before starting afresh.
PSEUDONYM_MEMORY = 4096


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


class _Pending(NamedTuple):
    # A tuple, and the time as a float: the cheapest record to build on the hot path.
    prediction_id: str
    model: str
    version: str
    group: str | None
    user_id: str | None
    created_at: float
    body: bytes | BaseModel
    shadow_of: str | None


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

        `body` is the answer's JSON, or the answer itself (serialized by the thread);
        `shadow_of` names the served prediction a shadow version's answer stands beside.
        """
        if not self.available:
            LEDGER_DROPPED.labels(model, "unavailable").inc()
            return
        if len(self._queue) >= self.settings.queue_items:
            LEDGER_DROPPED.labels(model, "queue_full").inc()
            return
        self._queue.append(
            _Pending(prediction_id, model, version, group, user_id, time.time(), body, shadow_of)
        )
        if len(self._queue) >= self.settings.batch_items:
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
                batch = self._take(self.settings.batch_items)
                written += self._write(batch)
        return written

    def _take(self, limit: int) -> list[_Pending]:
        batch: list[_Pending] = []
        while self._queue and len(batch) < limit:
            batch.append(self._queue.popleft())
        return batch

    def _write(self, batch: list[_Pending]) -> int:
        rows: list[dict[str, Any]] = []
        try:
            rows = [self._row(entry) for entry in batch]
            self.repository.add_predictions(rows)
        except Exception as exc:  # the ledger must never take the service down
            for entry in batch:
                LEDGER_DROPPED.labels(entry.model, "write_error").inc()
            log.warning("ledger_write_failed", error_type=type(exc).__name__, rows=len(batch))
            return 0
        return len(rows)

    def _row(self, entry: _Pending) -> dict[str, Any]:
        return {
            "id": entry.prediction_id,
            "model": entry.model,
            "version": entry.version,
            "experiment_group": entry.group,
            "user_pseudonym": self._pseudonym(entry.user_id),
            "created_at": datetime.fromtimestamp(entry.created_at, UTC).replace(tzinfo=None),
            "pcos_score": None,
            "pcos_level": None,
            "cycle_start": None,
            "cycle_earliest": None,
            "cycle_latest": None,
            "symptoms_screen": None,
            "shadow_of": entry.shadow_of,
            **headline(entry.model, entry.body),
        }

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
