"""The ledger's inserts in a child process: its SQL off the worker's GIL, and its core.

With LEDGER_WRITER_PROCESS on (the default since 1.8.0), each worker's writer thread keeps
its queue, its rows and every decision (batches, pauses, outages, erasure); only the
statements that cost CPU by the row, the batch INSERT (or COPY), the seal and the sweep,
run in a child process it starts, on the CPUs of LEDGER_WRITER_CPUS (by default any the
container allows, so the OS can put it on a core that is not busy serving). Measured under
wrk on this machine (`research/ledger_process_cost.py`, docs/BENCHMARKS.md 1.7.4 and
1.8.0): the worker's threads besides its loop then spend 7.2-7.5 µs a PCOS request
instead of 16.9-18.8 (2.1-2.4 with no ledger), the child 10-14, and p99 was lower in
every alternated run (by 13-35%). The price is a second process per worker (about 35 MB
of its own memory, PSS: it imports the engine and the repository only).

The worker sends each batch's rows (plain values, already pseudonymised) down a pipe as
one pickle, and blocks its writer thread, never the event loop, until the child answers.
The child answers every request with what the statement returned, or the reason code of
an outage (`ledger/outages.outage_reason`), or the type name of any other error: no
exception text, which may quote a row, crosses the pipe. A child that dies is an outage
(`writer_process_exited`): the batch stays queued and the writer starts a new child when
it next tries the database. The child exits when its worker closes the pipe, even when the
worker was SIGKILLed. A batch whose worker died while the child wrote it is rolled back
just before its commit, as the writer thread's open transaction would be: the dead worker
never counted its rows written (`ml_ledger_written_total`), so they must be lost, not
stored, or the metrics would count a loss that did not happen. The child ignores SIGINT
and SIGTERM (sent to the whole process group by a terminal or a supervisor), so that its
worker, not the signal, decides when the last batch has been written.
"""

from __future__ import annotations

import functools
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import IO, Any, Final

from fembalance_ml.ledger.outages import LedgerDownError, outage_reason
from fembalance_ml.ledger.repository import LedgerRepository, Row, Wanted

# What the worker may ask its child, by name (`operations`).
Operations = Mapping[str, Callable[..., Any]]
MULTIPROC_VARIABLE: Final = "PROMETHEUS_MULTIPROC_DIR"
# Seconds the worker waits for its child to exit once the pipe is closed.
EXIT_SECONDS = 30.0


class LedgerChildError(Exception):
    """A statement failed in the child with an error that is not an outage."""

    def __init__(self, error_type: str) -> None:
        super().__init__(error_type)
        self.error_type = error_type


class WriterProcess:
    """A worker's handle on its ledger child; used by the writer thread alone (plus close)."""

    def __init__(self, url: str, cpus: frozenset[int] | None) -> None:
        self._url = url
        self._cpus = cpus
        self._child: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        """The running child's process id, or None."""
        child = self._child
        return child.pid if child is not None and child.poll() is None else None

    def add_predictions(self, rows: Sequence[Row]) -> None:
        """Insert a batch (LedgerRepository.add_predictions, in the child)."""
        self._call("add_predictions", list(rows))

    def seal(self) -> int:
        """Index SQLite's pending rows by person (LedgerRepository.seal, in the child)."""
        sealed: int = self._call("seal")
        return sealed

    def sweep(self, not_before: datetime, now: datetime) -> int:
        """Delete what is past retention (LedgerRepository.sweep, in the child)."""
        removed: int = self._call("sweep", not_before, now)
        return removed

    def _call(self, operation: str, *args: Any) -> Any:
        with self._lock:
            child = self._running()
            assert child.stdin is not None
            assert child.stdout is not None
            try:
                pickle.dump((operation, args), child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                child.stdin.flush()
                status, value = pickle.load(child.stdout)
            except (OSError, EOFError, pickle.UnpicklingError) as exc:
                self._discard()
                raise LedgerDownError("writer_process_exited") from exc
        if status == "ok":
            return value
        if status == "down":
            raise LedgerDownError(value)
        raise LedgerChildError(value)

    def _running(self) -> subprocess.Popen[bytes]:
        """The child, started if there is none (or it has exited)."""
        if self._child is not None and self._child.poll() is None:
            return self._child
        self._discard()
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "fembalance_ml.ledger.process"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                close_fds=True,
                env=_child_environment(),
            )
        except OSError as exc:
            raise LedgerDownError("writer_process_exited") from exc
        self._child = child
        assert child.stdin is not None
        try:
            # The URL may hold a password: it goes down the pipe, never on the command line.
            pickle.dump((self._url, self._cpus), child.stdin)
            child.stdin.flush()
        except OSError as exc:  # the child died at once: reaped, not left a zombie
            self._discard()
            raise LedgerDownError("writer_process_exited") from exc
        return child

    def _discard(self) -> None:
        """Forget a child that failed: kill it if it still runs, and reap it."""
        child, self._child = self._child, None
        if child is None:
            return
        if child.poll() is None:
            child.kill()
        _close(child)
        child.wait()

    def close(self) -> None:
        """Close the pipe (the child answers what it read, then exits) and wait for it."""
        with self._lock:
            child, self._child = self._child, None
        if child is None:
            return
        _close(child)
        try:
            child.wait(EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _child_environment() -> dict[str, str]:
    """The worker's environment, less the metrics folder: the child publishes no metrics
    (its worker counts what it writes), and would leave files of its pid there."""
    return {name: value for name, value in os.environ.items() if name != MULTIPROC_VARIABLE}


def _close(child: subprocess.Popen[bytes]) -> None:
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass  # a broken pipe to a dead child: nothing left to flush


def operations(repository: LedgerRepository, still_wanted: Wanted) -> Operations:
    """What the worker may ask its child: the repository's methods, nothing else. A batch
    of rows commits only if `still_wanted()` (its worker alive) just before."""
    return {
        "add_predictions": functools.partial(repository.add_predictions, still_wanted=still_wanted),
        "seal": repository.seal,
        "sweep": repository.sweep,
    }


def _answer(allowed: Operations, operation: str, args: tuple[Any, ...]) -> tuple[str, Any]:
    """Run one request; ("ok", result), ("down", reason) or ("error", type name)."""
    run = allowed.get(operation)
    if run is None:
        return "error", "UnknownOperation"
    try:
        return "ok", run(*args)
    except Exception as exc:  # answered to the worker, which counts or retries
        reason = outage_reason(exc)
        if reason is not None:
            return "down", reason
        return "error", type(exc).__name__


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The child's loop: read the settings, then answer requests until the pipe closes."""
    from fembalance_ml.ledger.database import make_engine

    url, cpus = pickle.load(requests)
    worker = os.getppid()

    def worker_alive() -> bool:
        # A dead worker's child is handed to another parent (init, or a subreaper).
        return os.getppid() == worker

    if cpus:
        try:
            os.sched_setaffinity(0, cpus)
        except OSError:
            pass  # CPUs outside this container's set: stay on the worker's
    repository = LedgerRepository(make_engine(url))
    allowed = operations(repository, worker_alive)
    try:
        while True:
            try:
                operation, args = pickle.load(requests)
            except EOFError:
                return  # the worker closed the pipe (or died): everything read is answered
            answer = _answer(allowed, operation, args)
            pickle.dump(answer, answers, pickle.HIGHEST_PROTOCOL)
            answers.flush()
    finally:
        repository.engine.dispose()


def main() -> None:
    """Entry point of the child (`python -m fembalance_ml.ledger.process`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # Answers go to the pipe that was stdout; anything printed by accident goes to stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    try:
        serve(sys.stdin.buffer, answers)
    except BrokenPipeError:
        pass  # the worker went away while an answer was on its way


if __name__ == "__main__":
    main()
