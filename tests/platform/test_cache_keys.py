"""The prediction cache: keyed by the model file's hash, and one TTL in memory as in Redis."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import joblib
import pytest
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from fembalance_ml.security.privacy import Pseudonymizer
from fembalance_ml.serving.artifacts import sha256_of
from fembalance_ml.serving.prediction_cache import CacheSettings, PredictionCache, artifact_identity
from tests.conftest import body, copy_models, make_settings


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def memory_cache(clock: FakeClock, ttl: int = 60) -> PredictionCache:
    options = CacheSettings(None, ttl, 16, 0.05, frozenset({"cycle"}))
    return PredictionCache(options, Pseudonymizer(b"k" * 32), clock=clock)


def test_memory_entries_expire_after_the_ttl() -> None:
    clock = FakeClock()
    cache = memory_cache(clock, ttl=60)
    key = cache.key_for("cycle_prediction", "v1:abc", "", "2026-03-01", b"{}")
    asyncio.run(cache.put("cycle_prediction", key, b"answer"))
    clock.now += 59
    assert asyncio.run(cache.get("cycle_prediction", key)) == b"answer"
    clock.now += 2
    assert asyncio.run(cache.get("cycle_prediction", key)) is None


def test_keys_change_with_the_model_file_not_only_the_version() -> None:
    cache = memory_cache(FakeClock())
    old = artifact_identity("v2.1.0", {"files": {"model.pkl": "a" * 64}})
    new = artifact_identity("v2.1.0", {"files": {"model.pkl": "b" * 64}})
    assert old != new
    assert cache.key_for("pcos", old, "", "d", b"{}") != cache.key_for("pcos", new, "", "d", b"{}")


def test_identity_needs_the_hash() -> None:
    with pytest.raises(ValueError, match=r"model\.pkl"):
        artifact_identity("v2.1.0", {"files": {}})


def retrain_in_place(version_dir: Path) -> None:
    """Write model.pkl again with other bytes and record its new hash, as training does."""
    model = joblib.load(version_dir / "model.pkl")
    joblib.dump(model, version_dir / "model.pkl", compress=1)
    metadata = json.loads((version_dir / "metadata.json").read_text())
    metadata["files"]["model.pkl"] = sha256_of(version_dir / "model.pkl")
    (version_dir / "metadata.json").write_text(json.dumps(metadata))


def test_a_retrain_in_place_misses_the_old_answers(tmp_path: Path) -> None:
    models = copy_models(tmp_path)
    settings = make_settings(models, cache_models=["pcos"], model_watch_seconds=0)
    with TestClient(build_app(settings)) as client:

        def cache_state() -> str:
            return str(client.post("/api/v1/predict/pcos", json=body("pcos")).headers["x-cache"])

        assert [cache_state() for _ in range(2)] == ["miss", "hit"]
        serving = (models / "pcos" / "latest").resolve().name
        retrain_in_place(models / "pcos" / serving)
        reloaded = client.app.state.manager.refresh()  # type: ignore[attr-defined]
        assert [status.version for status in reloaded] == [serving]
        assert [cache_state() for _ in range(2)] == ["miss", "hit"]
