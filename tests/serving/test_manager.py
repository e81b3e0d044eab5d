"""ModelManager: readiness with reasons, no fallback, and a failed reload keeps serving."""

from __future__ import annotations

from pathlib import Path

import pytest

from fembalance_ml.serving.artifacts import write_version
from fembalance_ml.serving.manager import ModelManager, ModelUnavailableError
from tests.serving.toy import ScaledSum


def test_loads_and_reports_ready(tmp_path: Path) -> None:
    write_version(tmp_path, "toy", "v1.0.0", ScaledSum(3.0), {})
    manager = ModelManager(tmp_path, {"toy": "latest"})
    manager.load_all()
    assert manager.ready
    assert manager.get("toy").model.predict([1.0]) == 3.0
    assert manager.status("toy").version == "v1.0.0"


def test_missing_model_is_not_ready_with_reason(tmp_path: Path) -> None:
    manager = ModelManager(tmp_path, {"toy": "latest"})
    manager.load_all()
    assert not manager.ready
    status = manager.status("toy")
    assert not status.ready
    assert status.reason is not None
    assert "no versions" in status.reason
    with pytest.raises(ModelUnavailableError):
        manager.get("toy")


def test_corrupt_model_is_not_ready(tmp_path: Path) -> None:
    folder = write_version(tmp_path, "toy", "v1.0.0", ScaledSum(3.0), {})
    (folder / "model.pkl").write_bytes(b"garbage")
    manager = ModelManager(tmp_path, {"toy": "v1.0.0"})
    manager.load_all()
    reason = manager.status("toy").reason
    assert reason is not None
    assert "SHA-256" in reason


def test_failed_warmup_is_not_ready(tmp_path: Path) -> None:
    write_version(tmp_path, "toy", "v1.0.0", ScaledSum(3.0, broken=True), {})
    manager = ModelManager(tmp_path, {"toy": "latest"})
    manager.load_all()
    assert manager.status("toy").reason == "failed to load: RuntimeError"


def test_failed_reload_keeps_old_version_serving(tmp_path: Path) -> None:
    write_version(tmp_path, "toy", "v1.0.0", ScaledSum(3.0), {})
    bad = write_version(tmp_path, "toy", "v1.1.0", ScaledSum(5.0), {}, set_latest=False)
    (bad / "model.pkl").write_bytes(b"tampered")
    manager = ModelManager(tmp_path, {"toy": "latest"})
    manager.load_all()
    attempt = manager.load("toy", "v1.1.0")
    assert not attempt.ready
    assert manager.get("toy").version == "v1.0.0"
    assert manager.ready


def test_configured_version_wins_over_latest(tmp_path: Path) -> None:
    write_version(tmp_path, "toy", "v1.0.0", ScaledSum(1.0), {})
    write_version(tmp_path, "toy", "v1.1.0", ScaledSum(2.0), {})
    manager = ModelManager(tmp_path, {"toy": "v1.0.0"})
    manager.load_all()
    assert manager.get("toy").version == "v1.0.0"
    assert manager.status("toy").available_versions == ["v1.0.0", "v1.1.0"]
