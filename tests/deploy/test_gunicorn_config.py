"""gunicorn.conf.py takes its values from Settings and keeps metrics right across workers."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from fembalance_ml.config import get_settings
from fembalance_ml.runtime.workers import GracefulUvicornWorker, uvicorn_shutdown_timeout
from tests.support.servers import REPO_ROOT, gunicorn_command

CONFIG_FILE = REPO_ROOT / "gunicorn.conf.py"


def _printed_config(env: dict[str, str]) -> dict[str, str]:
    # --print-config prints, then fails to load the dummy app: only stdout matters.
    result = subprocess.run(
        [*gunicorn_command(), "-c", "gunicorn.conf.py", "--print-config", "no_such_module:app"],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))


def test_settings_drive_bind_workers_and_timeouts(tmp_path: Path) -> None:
    """HOST, PORT, MAX_WORKERS, WORKER_TIMEOUT and KEEP_ALIVE reach gunicorn."""
    printed = _printed_config(
        {
            "HOST": "127.0.0.1",
            "PORT": "8123",
            "MAX_WORKERS": "3",
            "WORKER_TIMEOUT": "45",
            "KEEP_ALIVE": "7",
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        }
    )
    assert printed["bind"] == "['127.0.0.1:8123']"
    assert printed["workers"] == "3"
    assert printed["timeout"] == "45"
    assert printed["keepalive"] == "7"
    assert printed["worker_class"] == "fembalance_ml.runtime.workers.GracefulUvicornWorker"
    assert printed["preload_app"] == "False"
    assert printed["accesslog"] == "None"
    assert printed["control_socket_disable"] == "True"


def test_uvicorn_drains_inside_gunicorns_graceful_timeout() -> None:
    """uvicorn's shutdown deadline is one second inside gunicorn's, and never zero."""
    assert uvicorn_shutdown_timeout(20) == 19
    assert uvicorn_shutdown_timeout(1) == 1


def test_worker_passes_the_graceful_timeout_to_uvicorn() -> None:
    """A GracefulUvicornWorker's uvicorn config carries the graceful timeout."""
    cfg = Config()
    cfg.set("graceful_timeout", 12)
    worker = GracefulUvicornWorker(0, os.getpid(), [], None, 30, cfg, Logger(cfg))
    try:
        assert worker.config.timeout_graceful_shutdown == 11
    finally:
        worker.tmp.close()


@pytest.fixture
def config_hooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """gunicorn.conf.py's namespace, loaded with a throwaway multiprocess directory."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        return runpy.run_path(str(CONFIG_FILE))
    finally:
        get_settings.cache_clear()


def test_on_starting_empties_only_metric_files(
    config_hooks: dict[str, Any], tmp_path: Path
) -> None:
    """Stale *.db sample files go; anything else in a misconfigured directory stays."""
    stale, bystander = tmp_path / "counter_123.db", tmp_path / "notes.txt"
    stale.write_bytes(b"x")
    bystander.write_text("keep me")
    config_hooks["on_starting"](None)
    assert not stale.exists()
    assert bystander.exists()


def test_child_exit_drops_a_dead_workers_live_gauges(
    config_hooks: dict[str, Any], tmp_path: Path
) -> None:
    """The master removes a dead worker's live-gauge file so one scrape sees live workers only."""
    live, other = tmp_path / "gauge_livesum_4242.db", tmp_path / "gauge_livesum_4343.db"
    live.write_bytes(b"x")
    other.write_bytes(b"x")
    config_hooks["child_exit"](None, SimpleNamespace(pid=4242))
    assert not live.exists()
    assert other.exists()
