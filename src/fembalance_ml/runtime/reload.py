"""SIGHUP without a gap: old workers go only once the new ones serve.

Gunicorn's reload forks new workers and SIGTERMs the old ones in the same breath; the old
ones stop accepting at once while the new ones still import the app (seconds on a busy
host), so requests wait in the listen queue. Here the master's `manage_workers`, when a
reload called it, first waits until every new worker has announced that its uvicorn server
started (models loaded, warmed, accepting), then retires the old ones as Gunicorn would.

Announcements are empty files named by pid in a folder the master makes at start; workers
inherit its path through fork. A new worker that dies, or does not start within
READY_TIMEOUT_S, ends the wait: Gunicorn's own handling takes over.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

READY_TIMEOUT_S = 90.0
POLL_S = 0.05


class _State:
    """What the master keeps between its hooks (module state: workers inherit it by fork)."""

    ready_dir: Path | None = None
    workers_before_reload: set[int] | None = None


def _ready_file(pid: int) -> Path | None:
    return _State.ready_dir / str(pid) if _State.ready_dir is not None else None


def announce_ready(pid: int) -> None:
    """In a worker: its server accepts requests now."""
    path = _ready_file(pid)
    if path is not None:
        path.touch()


def is_ready(pid: int) -> bool:
    """Whether the worker `pid` has announced that it serves."""
    path = _ready_file(pid)
    return path is not None and path.exists()


def forget(pid: int) -> None:
    """Drop a dead worker's announcement."""
    path = _ready_file(pid)
    if path is not None:
        path.unlink(missing_ok=True)


def install(server: Any) -> None:
    """In the master, once at start: make the folder and wrap `manage_workers`."""
    _State.ready_dir = Path(tempfile.mkdtemp(prefix="fembalance-ml-ready-"))
    original: Callable[[], None] = server.manage_workers

    def manage_workers() -> None:
        """Gunicorn's manage_workers, after a reload's new workers are ready."""
        before = _State.workers_before_reload
        _State.workers_before_reload = None
        if before is not None:
            wait_for_new_workers(server, before)
        original()

    server.manage_workers = manage_workers


def reload_started(server: Any) -> None:
    """In the master, on SIGHUP before new workers fork: remember which workers are old."""
    _State.workers_before_reload = set(server.WORKERS)


def wait_for_new_workers(server: Any, old: set[int]) -> None:
    """Block the master until the workers forked since `old` all serve (bounded)."""
    started = time.monotonic()
    wanted = server.cfg.workers
    while time.monotonic() - started < READY_TIMEOUT_S:
        server.reap_workers()
        new = set(server.WORKERS) - old
        if len(new) < wanted:
            server.log.warning("Reload: a new worker died; retiring the old ones anyway")
            return
        if all(is_ready(pid) for pid in new):
            waited = time.monotonic() - started
            server.log.info("Reload: new workers serve after %.2f s; retiring old ones", waited)
            return
        time.sleep(POLL_S)
    server.log.warning(
        "Reload: new workers not ready in %.0f s; retiring old ones", READY_TIMEOUT_S
    )


def cleanup() -> None:
    """In the master, on exit: remove the announcements folder."""
    if _State.ready_dir is not None:
        shutil.rmtree(_State.ready_dir, ignore_errors=True)
