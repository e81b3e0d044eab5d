"""The ledger's statements in a child process (LEDGER_WRITER_PROCESS): the rows it writes,
a child that dies, errors and outages it reports, and its exit with its worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fembalance_ml.config import SettingsError, load_settings
from fembalance_ml.config_stores import cpu_set
from fembalance_ml.ledger.database import make_engine, migrate
from fembalance_ml.ledger.models import Prediction
from fembalance_ml.ledger.outages import LedgerDownError
from fembalance_ml.ledger.process import (
    MULTIPROC_VARIABLE,
    WriterProcess,
    _answer,
    _child_environment,
    operations,
)
from fembalance_ml.ledger.repository import LedgerRepository, OrphanedBatchError
from fembalance_ml.ledger.setup import build_ledger
from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings
from fembalance_ml.main import served_registry
from fembalance_ml.security.ids import PredictionIds
from fembalance_ml.security.privacy import Pseudonymizer
from tests.conftest import make_settings
from tests.support.eventually import eventually

ANSWER = b'{"risk_score":0.25,"risk_level":"Low"}'
OPTIONS = WriterSettings(
    queue_items=5000, batch_items=500, flush_seconds=3600, retention_days=180, sweep_seconds=1
)


def count(url: str) -> int:
    with Session(make_engine(url)) as session:
        return int(session.scalar(select(func.count()).select_from(Prediction)) or 0)


@pytest.fixture
def url(tmp_path: Path) -> str:
    made = f"sqlite:///{tmp_path}/ledger.sqlite3"
    migrate(make_engine(made))
    return made


@pytest.fixture
def writer(url: str) -> Iterator[LedgerWriter]:
    made = LedgerWriter(
        LedgerRepository(make_engine(url)),
        Pseudonymizer(b"k"),
        OPTIONS,
        served_registry().by_name,
        WriterProcess(url, None),
    )
    made.available = True
    yield made
    made.close()


def queue(writer: LedgerWriter, rows: int, user: str = "user") -> list[str]:
    ids = PredictionIds(b"k" * 32).issue("a-client", rows)
    for index, prediction_id in enumerate(ids):
        writer.record(prediction_id, "pcos", "v1", None, f"{user}-{index % 7}", ANSWER)
    return ids


def test_the_child_writes_every_batch_and_the_worker_reads_them(
    writer: LedgerWriter, url: str
) -> None:
    ids = queue(writer, 1200)
    assert writer.flush() == 1200
    assert writer.process is not None
    assert writer.process.pid not in (None, os.getpid())
    assert count(url) == 1200
    # Written by the child, found, sealed and erased by the worker's own connection.
    entry = writer.lookup(ids[3])
    assert entry is not None
    assert entry.model == "pcos"
    assert writer.process.seal() == 1200
    erased = writer.erase("user-3")
    assert erased.predictions == len(range(3, 1200, 7))
    assert writer.sweep() == 0


def test_a_child_that_died_is_replaced_and_nothing_is_lost(writer: LedgerWriter, url: str) -> None:
    queue(writer, 10)
    assert writer.flush() == 10
    assert writer.process is not None
    first = writer.process.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    assert (
        eventually(lambda: writer.process is not None and writer.process.pid, lambda p: not p)
        is None
    )
    queue(writer, 20)
    # The dead child is noticed before the batch is sent: a new one writes it.
    assert writer.flush() == 20
    assert writer.process.pid not in (None, first)
    assert count(url) == 30


def test_a_child_lost_in_the_middle_of_a_batch_is_an_outage_and_the_batch_stays(
    writer: LedgerWriter, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue(writer, 5)
    assert writer.flush() == 5
    process = writer.process
    assert process is not None
    assert process._child is not None
    # The child dies after the worker found it alive, before it answers the batch.
    child = process._child
    child.kill()
    child.wait()
    monkeypatch.setattr(child, "poll", lambda: None)
    queue(writer, 8)
    with pytest.raises(LedgerDownError) as raised:
        writer.flush()
    assert raised.value.reason == "writer_process_exited"
    assert writer.health.reason == "writer_process_exited"
    assert not writer.up
    assert writer.pending == 8
    assert child.returncode is not None  # reaped, not left behind
    assert writer.flush() == 8
    assert count(url) == 13


def test_an_error_in_the_child_drops_the_batch_counted_and_names_its_type(
    writer: LedgerWriter, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    ids = queue(writer, 3)
    assert writer.flush() == 3
    labels = {"model": "pcos", "reason": "write_error"}
    before = REGISTRY.get_sample_value("ml_ledger_dropped_total", labels) or 0.0
    # The same ids again: the child's insert fails on the primary key.
    for prediction_id in ids:
        writer.record(prediction_id, "pcos", "v1", None, "u", ANSWER)
    assert writer.flush() == 0
    assert REGISTRY.get_sample_value("ml_ledger_dropped_total", labels) == before + 3
    assert writer.up  # a bad batch is not an outage
    assert count(url) == 3


def test_an_unwritable_database_is_reported_by_its_reason(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    url = f"sqlite:///{folder}/ledger.sqlite3"  # no such folder: SQLite cannot open it
    process = WriterProcess(url, None)
    try:
        with pytest.raises(LedgerDownError) as raised:
            process.seal()
        assert raised.value.reason == "state_dir_unwritable"
        assert process.pid is not None  # the child answers; it is the database that is away
    finally:
        process.close()


def test_the_child_exits_when_its_worker_goes_away(writer: LedgerWriter) -> None:
    queue(writer, 2)
    writer.flush()
    assert writer.process is not None
    assert writer.process._child is not None
    child = writer.process._child
    # The pipe closing is what a SIGKILLed worker leaves behind.
    assert child.stdin is not None
    child.stdin.close()
    assert child.wait(timeout=30) == 0


def test_the_child_ignores_the_signals_a_terminal_sends_to_the_group(
    writer: LedgerWriter, url: str
) -> None:
    queue(writer, 4)
    writer.flush()
    assert writer.process is not None
    pid = writer.process.pid
    assert pid is not None
    os.kill(pid, signal.SIGINT)
    os.kill(pid, signal.SIGTERM)
    queue(writer, 6)
    assert writer.flush() == 6  # the same child, still answering
    assert writer.process.pid == pid
    writer.close()
    assert writer.process.pid is None
    assert count(url) == 10


def test_the_child_publishes_no_metrics_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MULTIPROC_VARIABLE, "/tmp/metrics")
    monkeypatch.setenv("SOMETHING_ELSE", "kept")
    environment = _child_environment()
    assert MULTIPROC_VARIABLE not in environment
    assert environment["SOMETHING_ELSE"] == "kept"


def test_the_database_url_is_not_on_the_child_s_command_line(writer: LedgerWriter) -> None:
    queue(writer, 1)
    writer.flush()
    assert writer.process is not None
    assert writer.process.pid is not None
    command = Path(f"/proc/{writer.process.pid}/cmdline").read_bytes()
    assert b"sqlite" not in command
    assert b"fembalance_ml.ledger.process" in command


def test_the_child_runs_on_the_cpus_it_was_given(url: str) -> None:
    cpus = frozenset({max(os.sched_getaffinity(0))})
    process = WriterProcess(url, cpus)
    try:
        assert process.seal() == 0
        assert process.pid is not None
        assert os.sched_getaffinity(process.pid) == cpus
    finally:
        process.close()


def test_a_child_answers_nothing_it_was_not_built_for(url: str) -> None:
    child = subprocess.run(
        [sys.executable, "-c", _ASK_UNKNOWN, url],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.returncode == 0, child.stderr.decode()[-2000:]
    assert child.stdout.strip() == b"('error', 'UnknownOperation')"


_ASK_UNKNOWN = """
import pickle, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "fembalance_ml.ledger.process"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
pickle.dump((sys.argv[1], None), child.stdin)
pickle.dump(("erase", ("someone",)), child.stdin)
child.stdin.flush()
print(pickle.load(child.stdout))
child.stdin.close()
child.wait()
"""


def test_settings_choose_the_child_and_its_cpus(tmp_path: Path) -> None:
    settings = make_settings(state_dir=tmp_path, ledger_writer_process=True, ledger_writer_cpus="0")
    built = build_ledger(settings, Pseudonymizer(b"k"), served_registry().by_name)
    assert built is not None
    assert built.process is not None
    assert built.process._cpus == frozenset({0})
    off = build_ledger(
        make_settings(state_dir=tmp_path, ledger_writer_process=False),
        Pseudonymizer(b"k"),
        served_registry().by_name,
    )
    assert off is not None
    assert off.process is None


def test_by_default_the_child_writes_and_may_run_on_any_cpu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1.8.0: the ledger's SQL runs in a child by default, placed by the OS (issue 24)."""
    for name in ("LEDGER_WRITER_PROCESS", "LEDGER_WRITER_CPUS"):
        monkeypatch.delenv(name, raising=False)
    built = build_ledger(make_settings(state_dir=tmp_path), Pseudonymizer(b"k"), {})
    assert built is not None
    assert built.process is not None
    assert built.process._cpus == frozenset(range(os.cpu_count() or 1))


def test_the_child_imports_neither_migrations_nor_metrics_nor_logging() -> None:
    """The child loads the engine and the repository only: a smaller process per worker."""
    script = (
        "import sys\n"
        "import fembalance_ml.ledger.process\n"
        "from fembalance_ml.ledger.database import make_engine\n"
        "from fembalance_ml.ledger.repository import LedgerRepository\n"
        "heavy = ('alembic', 'prometheus_client', 'structlog', 'numpy', 'fastapi')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("text", "cpus"),
    [("", None), (" 0 ", {0}), ("0,2-3", {0, 2, 3}), ("1-1", {1}), ("3,1", {1, 3})],
)
def test_cpu_lists(text: str, cpus: set[int] | None) -> None:
    assert cpu_set(text) == (None if cpus is None else frozenset(cpus))
    assert cpu_set("all") == frozenset(range(os.cpu_count() or 1))


@pytest.mark.parametrize("text", ["x", "1-", "-1", "3-1", "1,,2", "99999", "0;rm"])
def test_a_bad_cpu_list_is_refused_by_its_variable_without_its_value(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEDGER_WRITER_CPUS", text)
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path)
    assert "LEDGER_WRITER_CPUS" in str(raised.value)
    assert f"'{text}'" not in str(raised.value)
    assert "input" not in str(raised.value)


def test_a_child_that_cannot_start_is_an_outage_and_leaves_no_zombie(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        made: subprocess.Popen[bytes] = real_popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(made)
        return made

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(sys, "executable", "/bin/true")  # exits before reading anything
    process = WriterProcess(url, None)
    for _ in range(3):
        with pytest.raises(LedgerDownError) as raised:
            process.seal()
        assert raised.value.reason == "writer_process_exited"
        assert process.pid is None
    assert len(started) == 3
    assert all(child.returncode is not None for child in started)  # every one reaped
    monkeypatch.setattr(subprocess, "Popen", _refuse_to_start)
    with pytest.raises(LedgerDownError):
        process.seal()


def _refuse_to_start(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
    raise OSError("no more processes")


def _rows(count_of: int) -> list[tuple[object, ...]]:
    ids = PredictionIds(b"k" * 32).issue("a-client", count_of)
    return [
        (i, "pcos", "v1", None, "pseudonym", "2026-12-03 13:00:00.000000", None, None) for i in ids
    ]


def test_a_batch_whose_worker_died_is_rolled_back_not_stored(url: str) -> None:
    """The dead worker never counted the batch written: storing it anyway would make the
    metrics count a loss that did not happen (tests/robustness/test_ledger_sigkill.py)."""
    repository = LedgerRepository(make_engine(url))
    assert _answer(operations(repository, lambda: False), "add_predictions", (_rows(5),)) == (
        "error",
        "OrphanedBatchError",
    )
    assert count(url) == 0
    with pytest.raises(OrphanedBatchError):
        repository.add_predictions(_rows(3), still_wanted=lambda: False)
    assert count(url) == 0
    alive = operations(repository, lambda: True)
    assert _answer(alive, "add_predictions", (_rows(4),)) == ("ok", None)
    assert _answer(alive, "erase", ("someone",)) == ("error", "UnknownOperation")
    assert count(url) == 4
