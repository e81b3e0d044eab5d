"""The ledger's child process under real Gunicorn (LEDGER_WRITER_PROCESS=true): its rows
are written and read by the worker, it runs where LEDGER_WRITER_CPUS says, and it leaves
with its worker, whether the worker is SIGKILLed or the server stops."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import body
from tests.robustness.load import children_of
from tests.robustness.test_faults import BASE_ENV, wait_for_replacement
from tests.support.eventually import eventually
from tests.support.servers import gunicorn_server

pytestmark = pytest.mark.integration
CHILD_MODULE = b"fembalance_ml.ledger.process"


def predict(url: str, user: str) -> str:
    payload = {**body("pcos"), "user_id": user}
    request = urllib.request.Request(
        f"{url}/api/v1/predict/pcos",
        json.dumps(payload).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        prediction_id: str = json.loads(answer.read())["prediction_id"]
        return prediction_id


def stored(state_dir: Path) -> int:
    try:
        with sqlite3.connect(state_dir / "ledger.sqlite3") as database:
            return int(database.execute("SELECT count(*) FROM predictions").fetchone()[0])
    except sqlite3.OperationalError:
        return -1  # not migrated yet


def ledger_children(worker: int) -> list[int]:
    children = []
    for pid in children_of(worker):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if CHILD_MODULE in command:
            children.append(pid)
    return children


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_child_writes_for_its_worker_and_leaves_with_it(tmp_path: Path) -> None:
    env = {
        **BASE_ENV,
        "STATE_DIR": str(tmp_path),
        "LEDGER_WRITER_PROCESS": "true",
        "LEDGER_WRITER_CPUS": "all",
        "LEDGER_FLUSH_SECONDS": "0.2",
    }
    with gunicorn_server(env, workers=1) as server:
        master = server.process.pid
        ids = [predict(server.url, f"user-{n % 3}") for n in range(30)]
        assert len(set(ids)) == 30
        assert eventually(lambda: stored(tmp_path), lambda rows: rows == 30, 20) == 30
        (worker,) = children_of(master)
        (child,) = ledger_children(worker)
        assert os.sched_getaffinity(child) == set(range(os.cpu_count() or 1))
        # The child's rows are the worker's to read: an outcome for one of them is taken.
        outcome = urllib.request.Request(
            f"{server.url}/api/v1/outcomes",
            json.dumps({"prediction_id": ids[0], "pcos_diagnosed": True}).encode(),
            {"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(outcome, timeout=30) as answer:
            assert answer.status == 202
        # A SIGKILLed worker's child sees its pipe close and exits by itself.
        os.kill(worker, signal.SIGKILL)
        assert eventually(lambda: alive(child), lambda running: not running, 30) is False
        (replacement,) = wait_for_replacement(master, worker, 1)
        predict(server.url, "after-the-kill")
        assert eventually(lambda: stored(tmp_path), lambda rows: rows == 31, 20) == 31
        (second,) = ledger_children(replacement)
    # The server stopped: the worker wrote its queue through its child, which then exited.
    assert eventually(lambda: alive(second), lambda running: not running, 30) is False
