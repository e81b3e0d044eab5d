"""Ledger writes off the hot path: a bounded in-memory queue flushed by a background thread.

A prediction costs one append of a plain tuple to a deque. The thread turns each into a
row of plain values (pseudonym and headline remembered, the time formatted once per
second), inserts a batch in one statement per chunk (SQLite) or one COPY (PostgreSQL),
and lets the event loop run between batches; it also enforces retention. When the queue
is full, or the database refuses a batch, the entries are counted in
`ml_ledger_dropped_total` and the service keeps answering.

The database may be down at start-up or go away later: the queue then keeps what it can
hold, and the thread tries the database again after a growing pause (ledger/health.py),
writing the queue once it answers. A SIGKILLed worker loses what is queued (rows answered
in its last LEDGER_FLUSH_SECONDS, 0.5 s by default, or its last LEDGER_BATCH_ITEMS);
`ml_ledger_queued_total` (published every REPORT_SECONDS and every REPORT_ROWS rows) and
`ml_ledger_written_total` count that loss but for its last few rows (docs/RELIABILITY.md).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

import structlog
from pydantic import BaseModel

from fembalance_ml.ledger.database import prepare
from fembalance_ml.ledger.headline import HeadlineText, ModelsByName, headline
from fembalance_ml.ledger.health import LedgerHealth
from fembalance_ml.ledger.outages import LedgerDownError, outage_reason
from fembalance_ml.ledger.process import LedgerChildError, WriterProcess
from fembalance_ml.ledger.repository import Erased, LedgerEntry, LedgerRepository, Row
from fembalance_ml.ledger.rows import Pending, QueueCounts, RowMaker, WriterSettings
from fembalance_ml.observability.metrics import LEDGER_DROPPED, LEDGER_WRITTEN
from fembalance_ml.security.privacy import Pseudonymizer

log = structlog.get_logger(__name__)
__all__ = ["LedgerWriter", "WriterSettings", "utc_now"]
# Rows the thread prepares before it lets the event loop have the GIL.
ROWS_PER_SLICE = 100
# With nothing to write for this long, the thread checks that the database still answers.
PROBE_SECONDS = 5.0
# How often the thread publishes the rows that entered its queue (ml_ledger_queued_total),
# and every how many queued rows `record` does (about a microsecond each time).
REPORT_SECONDS = 0.1
REPORT_ROWS = 16
# SQLite: the thread puts the rows written pending in the person index (`seal`) once this
# many are, and at least this often (issue 24: in bulk, rows share the index pages).
SEAL_ROWS = 20_000
SEAL_SECONDS = 30.0


class BatchStatements(Protocol):
    """What runs the statements that cost by the row: the repository, or a child process."""

    def add_predictions(self, rows: Sequence[Row]) -> None: ...
    def seal(self) -> int: ...
    def sweep(self, not_before: datetime, now: datetime) -> int: ...


def utc_now() -> datetime:
    """Now, as the ledger stores times: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


class LedgerWriter:
    """Queues predictions from the event loop and writes them from its own thread."""

    def __init__(
        self,
        repository: LedgerRepository,
        pseudonymizer: Pseudonymizer,
        settings: WriterSettings,
        models: ModelsByName,
        process: WriterProcess | None = None,
    ) -> None:
        self.repository = repository
        # With a child process (LEDGER_WRITER_PROCESS), the batch inserts, the seal and the
        # sweep run there; look-ups, outcomes, erasure and the probe stay here.
        self.process = process
        self._statements: BatchStatements = repository if process is None else process
        # The served models by name: their headline columns, outcome field and loss.
        self.models = models
        self.settings = settings
        self._pseudonymizer = pseudonymizer
        self._queue: deque[Pending] = deque()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._flush_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._next_sweep = 0.0
        self._next_seal = 0.0
        self._unsealed = 0
        # Queueing answers (open() was called); `up` says whether they are being written.
        self.available = False
        self.health = LedgerHealth()
        self._counts = QueueCounts()
        self._last_contact = time.monotonic()
        self._rows = RowMaker(pseudonymizer, models)
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
        body: bytes | BaseModel | HeadlineText,
        shadow_of: str | None = None,
    ) -> None:
        """Queue one answer for the ledger; never blocks, drops (counted) when full.

        `body` is the answer's JSON, the answer itself, or its headline text already read
        (`headline`); `shadow_of` names the served prediction a shadow version's answer
        stands beside. An answer object's headline is read now (about a microsecond):
        queued, the answer's objects would stay alive until the batch is written, and
        every collection of the youngest generation in between walked them (issue 24: 18
        objects a PCOS answer, 2-4 ms a collection).
        """
        queued = len(self._queue)
        if queued >= self._limit or not self.available:
            writing = self.available and self.health.up
            LEDGER_DROPPED.labels(model, "queue_full" if writing else "unavailable").inc()
            return
        entered = self._counts.entered()
        kept = body if type(body) is bytes else headline(self.models, model, body)
        self._queue.append(
            (prediction_id, model, version, group, user_id, time.time(), kept, shadow_of)
        )
        if queued + 1 == self._batch:
            self._wake.set()
        if entered % REPORT_ROWS == 0:
            self._report()  # a busy writer thread must not leave many rows unreported

    @property
    def pending(self) -> int:
        """Entries waiting in this process's queue."""
        return len(self._queue)

    @property
    def up(self) -> bool:
        """Whether the ledger's database is answering (rows are being written)."""
        return self.health.up

    def flush(self) -> int:
        """Write everything queued now (blocking; call from a thread); returns rows written.

        LedgerDownError when the database cannot be used: the rows stay queued.
        """
        written = 0
        with self._flush_lock:
            while self._queue:
                batch = self._take(self._batch)
                self._report()  # written never runs ahead of queued
                written += self._write(batch)
                # Let the event loop have the GIL between batches.
                time.sleep(0)
        return written

    def _take(self, limit: int) -> list[Pending]:
        batch: list[Pending] = []
        while self._queue and len(batch) < limit:
            batch.append(self._queue.popleft())
        return batch

    def _write(self, batch: list[Pending]) -> int:
        try:
            rows: list[Row] = []
            for start in range(0, len(batch), ROWS_PER_SLICE):
                rows.extend(self._rows(batch[start : start + ROWS_PER_SLICE]))
                # A slice holds the GIL about a millisecond: let the event loop in between.
                time.sleep(0)
            self._statements.add_predictions(rows)
        except Exception as exc:  # the ledger must never take the service down
            reason = outage_reason(exc)
            if reason is not None:
                # The database is away, not the rows at fault: keep them for its return.
                self._queue.extendleft(reversed(batch))
                self.health.failed(reason, type(exc).__name__)
                raise LedgerDownError(reason) from exc
            for entry in batch:
                LEDGER_DROPPED.labels(entry[1], "write_error").inc()
            log.warning("ledger_write_failed", error_type=_error_type(exc), rows=len(batch))
            return 0
        self._contact()
        LEDGER_WRITTEN.inc(len(rows))
        return len(rows)

    def _contact(self) -> None:
        """The database just answered."""
        self._last_contact = time.monotonic()
        self.health.succeeded()

    def lookup(self, prediction_id: str, *, own: bool = False) -> LedgerEntry | None:
        """A live prediction by id (blocking). `own`: this process issued it, so it may
        still be queued here: write the queue (waiting for a batch being written) first."""
        not_before = utc_now() - self.retention
        entry = self.repository.find(prediction_id, not_before)
        if entry is None and own:
            self.flush()
            entry = self.repository.find(prediction_id, not_before)
        return entry

    def erase(self, user_id: str) -> Erased:
        """Erase a person's predictions and outcomes, queued ones included (blocking).

        Other workers' queues are covered by the erasure record the repository keeps:
        their rows of hers are deleted in the transaction that inserts them.
        """
        if not self.health.up:
            raise LedgerDownError(self.health.reason or "starting")
        self.flush()
        pseudonym = self._pseudonymizer.user(user_id)
        assert pseudonym is not None
        return self.repository.erase(pseudonym, utc_now())

    def sweep(self) -> int:
        """Enforce retention now: delete predictions (and outcomes) past LEDGER_RETENTION_DAYS."""
        now = utc_now()
        return self._statements.sweep(now - self.retention, now)

    def open(self) -> bool:
        """Start queueing and writing; False (logged) when the database cannot be used yet.

        A ledger that cannot open leaves predictions served; its thread keeps trying the
        database (migrating it) after a growing pause, and writes the queue once it answers.
        """
        self.available = True
        connected = self._connect()
        self.start()
        return connected

    def _connect(self) -> bool:
        """Create the SQLite folder if need be and migrate the schema: the database is up."""
        try:
            prepare(self.repository.engine)
        except Exception as exc:  # any fault: retried after a pause, never raised
            self.health.failed(outage_reason(exc) or "schema_failed", type(exc).__name__)
            return False
        self._contact()
        return True

    def close(self) -> None:
        """Stop the thread, write what is queued, release the connections."""
        if self.available:
            self.stop()
        self.available = False
        self.health.closed()
        if self.process is not None:
            self.process.close()
        self.repository.engine.dispose()

    def start(self) -> None:
        """Start the background thread (once per worker, after the fork)."""
        self._thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Write what is queued and stop the thread; count what cannot be written."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self._report()
        try:
            self.flush()
        except LedgerDownError:
            with self._flush_lock:
                left = self._take(len(self._queue))
            for entry in left:
                LEDGER_DROPPED.labels(entry[1], "unwritten_at_exit").inc()

    def _report(self) -> None:
        """Publish the rows that entered the queue so far, and the queue's length."""
        self._counts.report(len(self._queue))

    def _run(self) -> None:
        next_flush = 0.0
        while not self._stopping.is_set():
            woken = self._wake.wait(REPORT_SECONDS)
            self._wake.clear()
            # Reported often, so that a killed worker's lost rows are (nearly all) counted.
            self._report()
            if not self.health.up:
                if self.health.wait_seconds() > 0 or not self._connect():
                    continue
                next_flush = 0.0  # back: write what the outage queued at once
            now = time.monotonic()
            due = now >= next_flush
            if not (woken or due or len(self._queue) >= self._batch):
                continue
            if due:
                next_flush = now + self.settings.flush_seconds
            try:
                written = self._write_round(partial=due)
                if not written and due:
                    self._probe()
                self._seal_when_due(written)
                self._sweep_when_due()
            except LedgerDownError:
                continue  # health has the reason; the loop waits and reconnects

    def _write_round(self, *, partial: bool) -> int:
        """Write the full batches queued, and with `partial` one batch of what is left.

        Rows that come in while a batch is written wait for the next full batch or the
        next flush time (the SIGKILL bound is unchanged): draining the queue to empty
        instead, as `flush` does, wrote a busy worker's rows in batches of a few dozen
        (what arrived during the previous write), each paying a transaction, a purge
        check and a commit (issue 24: 3.7x fewer rows a batch than LEDGER_BATCH_ITEMS).
        """
        written = 0
        with self._flush_lock:
            while len(self._queue) >= self._batch or (partial and self._queue):
                partial = False
                batch = self._take(self._batch)
                self._report()  # written never runs ahead of queued
                written += self._write(batch)
                time.sleep(0)  # let the event loop have the GIL between batches
        return written

    def _probe(self) -> None:
        """With nothing written for PROBE_SECONDS, check that the database answers."""
        if time.monotonic() - self._last_contact < PROBE_SECONDS:
            return
        try:
            self.repository.ping()
        except Exception as exc:
            reason = outage_reason(exc) or "database_unreachable"
            self.health.failed(reason, type(exc).__name__)
            raise LedgerDownError(reason) from exc
        self._contact()

    def _seal_when_due(self, written: int) -> None:
        """SQLite: index the pending rows by person after SEAL_ROWS or SEAL_SECONDS."""
        if self.repository.engine.dialect.name != "sqlite":
            return
        self._unsealed += written
        if self._unsealed < SEAL_ROWS and time.monotonic() < self._next_seal:
            return
        self._next_seal = time.monotonic() + SEAL_SECONDS
        self._unsealed = 0
        try:
            self._statements.seal()
        except Exception as exc:  # sealed by the next seal or erasure instead
            log.warning("ledger_seal_failed", error_type=_error_type(exc))
            reason = outage_reason(exc)
            if reason is not None:
                self.health.failed(reason, type(exc).__name__)
                raise LedgerDownError(reason) from exc

    def _sweep_when_due(self) -> None:
        if time.monotonic() < self._next_sweep:
            return
        self._next_sweep = time.monotonic() + self.settings.sweep_seconds
        try:
            removed = self.sweep()
        except Exception as exc:
            log.warning("ledger_sweep_failed", error_type=_error_type(exc))
            reason = outage_reason(exc)
            if reason is not None:
                self._next_sweep = 0.0  # again once the database is back
                self.health.failed(reason, type(exc).__name__)
                raise LedgerDownError(reason) from exc
        else:
            if removed:
                log.info("ledger_swept", rows=removed)

    def record_many(
        self,
        model: str,
        version: str,
        group: str | None,
        answers: Sequence[tuple[str, str | None, HeadlineText]],
    ) -> None:
        """Queue a batch's answers of one model version: `record` for each, in one call.

        `answers` are (prediction id, user id, headline text) in order, the headline read
        off each answer by the caller, as `record` reads it. What the queue has room
        for is queued (one timestamp for all); the rest is dropped and counted, as
        `record` would drop it. Added for the columnar batch (issue 24): it mirrors
        `record`, and must follow any change to it.
        """
        if not answers:
            return
        queued = len(self._queue)
        room = max(0, self._limit - queued) if self.available else 0
        taken = answers[:room]
        if len(taken) < len(answers):
            writing = self.available and self.health.up
            LEDGER_DROPPED.labels(model, "queue_full" if writing else "unavailable").inc(
                len(answers) - len(taken)
            )
        if not taken:
            return
        entered = 0
        for _ in taken:
            entered = self._counts.entered()
        now = time.time()
        self._queue.extend(
            (prediction_id, model, version, group, user_id, now, body, None)
            for prediction_id, user_id, body in taken
        )
        if queued < self._batch <= queued + len(taken):
            self._wake.set()
        if entered // REPORT_ROWS != (entered - len(taken)) // REPORT_ROWS:
            self._report()  # a row crossed a reporting point, as `record` would report


def _error_type(exc: BaseException) -> str:
    """The failed statement's error type, the child's own when it ran there."""
    return exc.error_type if isinstance(exc, LedgerChildError) else type(exc).__name__
