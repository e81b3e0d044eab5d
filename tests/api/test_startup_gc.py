"""Start-up tunes the garbage collector for a server's allocation pattern."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.api.app import YOUNG_GC_THRESHOLD
from fembalance_ml.main import build_app
from tests.conftest import make_settings


@pytest.fixture
def default_gc() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    gc.unfreeze()
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("default_gc")
def test_start_up_freezes_what_it_loaded_and_raises_the_young_threshold() -> None:
    older = gc.get_threshold()[1:]
    with TestClient(build_app(make_settings())) as client:
        assert client.get("/health").status_code == 200
        # The models and modules loaded at start-up sit outside the collector's walks.
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold() == (YOUNG_GC_THRESHOLD, *older)
