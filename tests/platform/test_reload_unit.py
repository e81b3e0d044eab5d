"""The reload overlap against a stand-in Gunicorn master: old workers go after new ones serve."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from fembalance_ml.runtime import reload


class FakeMaster:
    """The parts of gunicorn's Arbiter the reload hooks use."""

    def __init__(self, workers: int) -> None:
        self.cfg = SimpleNamespace(workers=workers)
        self.log = logging.getLogger("fake-master")
        self.WORKERS: dict[int, object] = {}
        self.events: list[str] = []
        self.on_reap: list[Any] = []

    def manage_workers(self) -> None:
        self.events.append("retire-old")

    def reap_workers(self) -> None:
        if self.on_reap:
            self.on_reap.pop(0)(self)


@pytest.fixture
def master() -> Iterator[FakeMaster]:
    server = FakeMaster(workers=2)
    reload.install(server)
    yield server
    reload.cleanup()
    reload._State.ready_dir = None


def test_old_workers_wait_for_every_new_one(master: FakeMaster) -> None:
    master.WORKERS = {1: object(), 2: object()}
    reload.announce_ready(1)
    reload.reload_started(master)
    master.WORKERS.update({3: object(), 4: object()})

    def first_new_ready(server: FakeMaster) -> None:
        server.events.append("3-ready")
        reload.announce_ready(3)

    def second_new_ready(server: FakeMaster) -> None:
        server.events.append("4-ready")
        reload.announce_ready(4)

    master.on_reap = [lambda s: None, first_new_ready, lambda s: None, second_new_ready]
    master.manage_workers()
    assert master.events == ["3-ready", "4-ready", "retire-old"]


def test_a_dead_new_worker_ends_the_wait(master: FakeMaster) -> None:
    master.WORKERS = {1: object(), 2: object()}
    reload.reload_started(master)
    master.WORKERS.update({3: object(), 4: object()})
    master.on_reap = [lambda s: s.WORKERS.pop(4)]
    master.manage_workers()
    assert master.events == ["retire-old"]


def test_only_the_reload_waits(master: FakeMaster) -> None:
    master.WORKERS = {1: object()}
    master.manage_workers()
    master.manage_workers()
    assert master.events == ["retire-old", "retire-old"]


def test_announcements_are_files_removed_with_the_worker(master: FakeMaster) -> None:
    reload.announce_ready(42)
    assert reload.is_ready(42)
    reload.forget(42)
    assert not reload.is_ready(42)
    folder = reload._State.ready_dir
    assert isinstance(folder, Path)
    assert folder.is_dir()
