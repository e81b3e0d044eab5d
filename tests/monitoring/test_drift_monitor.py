"""The drift monitor: any registered model watched, PSI off the event loop, Redis windows."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import redis
from prometheus_client import REGISTRY
from pydantic import BaseModel

from fembalance_ml.config import PROJECT_ROOT
from fembalance_ml.cycle.schemas import CycleRequest
from fembalance_ml.main import served_registry
from fembalance_ml.monitoring.drift import MIN_WINDOW, WINDOW, references_of
from fembalance_ml.monitoring.drift_monitor import REDIS_KEY, DriftMonitor, SharedWindows
from fembalance_ml.pcos.drift import drift_inputs
from fembalance_ml.pcos.schemas import PcosRequest
from fembalance_ml.serving.artifacts import VerifiedArtifact, load_verified
from fembalance_ml.symptoms.schemas import SymptomRequest
from tests.conftest import body
from tests.support.servers import free_port, run_redis

ALERT_PSI = 0.25
FAKE = "fake_model"

# The served models' drift inputs, by model name.
DRIFT_INPUTS = served_registry().drift_inputs


class FakeRequest(BaseModel):
    """A model's request with two numeric inputs."""

    dose: float
    level: float


def fake_inputs(request: BaseModel) -> Mapping[str, float]:
    assert isinstance(request, FakeRequest)
    return {"dose": request.dose, "level": request.level}


def fake_artifact(version: str, reference: bool = True) -> VerifiedArtifact:
    rng = np.random.default_rng(1)
    metadata: dict[str, Any] = {"version": version}
    if reference:
        metadata["drift_reference"] = references_of(
            {"dose": rng.normal(10.0, 2.0, 4000), "level": rng.normal(0.0, 1.0, 4000)}
        )
    return VerifiedArtifact(FAKE, version, Path("/nonexistent"), metadata, model=None)


def requests(count: int, dose_mean: float, seed: int) -> list[FakeRequest]:
    rng = np.random.default_rng(seed)
    doses = rng.normal(dose_mean, 2.0, count)
    levels = rng.normal(0.0, 1.0, count)
    return [FakeRequest(dose=d, level=v) for d, v in zip(doses, levels, strict=True)]


def gauge(feature: str, model: str = FAKE) -> float | None:
    return REGISTRY.get_sample_value("ml_feature_drift_psi", {"model": model, "feature": feature})


@pytest.fixture(autouse=True)
def no_fake_gauges() -> Iterator[None]:
    """Each test starts without the fake model's gauge series."""
    from fembalance_ml.observability.metrics import FEATURE_DRIFT_PSI

    def clear() -> None:
        for feature in ("dose", "level"):
            for model in (FAKE, "other_model"):
                try:
                    FEATURE_DRIFT_PSI.remove(model, feature)
                except KeyError:
                    pass

    clear()
    yield
    clear()


def test_a_registered_model_gets_its_psi_gauges() -> None:
    monitor = DriftMonitor()
    monitor.register(FAKE, fake_inputs)
    artifact = fake_artifact("v1")
    for request in requests(300, dose_mean=16.0, seed=2):
        monitor.observe(artifact, request)
    monitor.refresh()
    assert (gauge("dose") or 0.0) > ALERT_PSI
    assert (gauge("level") or 1.0) < 0.1


def test_observing_only_queues_and_the_refresh_does_the_binning() -> None:
    monitor = DriftMonitor({FAKE: fake_inputs})
    artifact = fake_artifact("v1")
    for request in requests(120, dose_mean=16.0, seed=3):
        monitor.observe(artifact, request)
    # The event loop's share: nothing binned, no gauge yet.
    assert monitor.pending == 120
    assert gauge("dose") is None
    # The thread reads inputs every second and bins them only every PUBLISH_SECONDS.
    assert monitor.refresh(publish=False) == 120
    assert monitor.pending == 0
    assert gauge("dose") is None
    assert monitor.refresh() == 0
    assert gauge("dose") is not None


def test_training_like_inputs_stay_low_and_shifted_ones_rise() -> None:
    monitor = DriftMonitor({FAKE: fake_inputs})
    artifact = fake_artifact("v1")
    for request in requests(WINDOW, dose_mean=10.0, seed=4):
        monitor.observe(artifact, request)
    monitor.refresh()
    calm = gauge("dose")
    assert calm is not None
    assert calm < 0.1
    for request in requests(WINDOW, dose_mean=14.0, seed=5):
        monitor.observe(artifact, request)
    monitor.refresh()
    assert (gauge("dose") or 0.0) > ALERT_PSI


def test_only_the_newest_window_is_read_and_the_window_is_the_same() -> None:
    """Of 3 x WINDOW requests observed between two refreshes only the newest WINDOW stay
    queued and are read, and the PSI is what reading them all would give (the older ones
    would leave the window anyway)."""
    read: list[object] = []

    def counting(request: BaseModel) -> Mapping[str, float]:
        read.append(request)
        return fake_inputs(request)

    artifact = fake_artifact("v1")
    shifted = requests(2 * WINDOW, dose_mean=16.0, seed=8)
    calm = requests(WINDOW, dose_mean=10.0, seed=9)
    everything = DriftMonitor({FAKE: counting})
    for request in shifted + calm:
        everything.observe(artifact, request)
    assert everything.pending == WINDOW  # the older ones were let go as newer came
    assert everything.refresh() == WINDOW
    assert read == calm
    after_all = gauge("dose")
    newest_only = DriftMonitor({FAKE: fake_inputs})
    for request in calm:
        newest_only.observe(artifact, request)
    newest_only.refresh()
    assert after_all is not None
    assert after_all == gauge("dose")


def test_models_without_a_reader_or_a_reference_are_not_watched() -> None:
    monitor = DriftMonitor({FAKE: fake_inputs})
    unreferenced = fake_artifact("v0", reference=False)
    unregistered = VerifiedArtifact(
        "other_model", "v1", Path("/nonexistent"), fake_artifact("v1").metadata, model=None
    )
    for request in requests(200, dose_mean=16.0, seed=6):
        monitor.observe(unreferenced, request)
        monitor.observe(unregistered, request)
    assert monitor.pending == 200  # the unregistered model's requests are not even queued
    monitor.refresh()
    assert gauge("dose") is None
    assert gauge("dose", model="other_model") is None


def test_the_thread_refreshes_and_a_broken_reader_stops_nothing() -> None:
    def broken(request: BaseModel) -> Mapping[str, float]:
        raise RuntimeError("reader bug")

    monitor = DriftMonitor(
        {FAKE: fake_inputs, "other_model": broken}, refresh_seconds=0.02, publish_seconds=0.05
    )
    other = VerifiedArtifact(
        "other_model", "v1", Path("/nonexistent"), fake_artifact("v1").metadata, model=None
    )
    monitor.start()
    try:
        for request in requests(200, dose_mean=16.0, seed=7):
            monitor.observe(other, request)
            monitor.observe(fake_artifact("v1"), request)
        deadline = time.monotonic() + 10
        while gauge("dose") is None and time.monotonic() < deadline:
            time.sleep(0.02)
        # Published by the thread itself, before any stop.
        assert (gauge("dose") or 0.0) > ALERT_PSI
    finally:
        monitor.stop()
    assert monitor.pending == 0


def test_pcos_is_registered_with_its_features() -> None:
    assert DRIFT_INPUTS["pcos"] is drift_inputs
    inputs = drift_inputs(PcosRequest.model_validate(body("pcos")))
    assert inputs["age"] == body("pcos")["features"]["age"]
    assert all(isinstance(value, float) for value in inputs.values())


@pytest.mark.integration
def test_workers_share_one_window_through_redis() -> None:
    artifact = fake_artifact("v1")
    with run_redis() as url:
        first = DriftMonitor({FAKE: fake_inputs}, SharedWindows(url))
        second = DriftMonitor({FAKE: fake_inputs}, SharedWindows(url))
        alone = DriftMonitor({FAKE: fake_inputs})
        # The first worker sees a shifted population...
        for request in requests(400, dose_mean=16.0, seed=8):
            first.observe(artifact, request)
        first.refresh()
        # ...the second only a few training-like requests, yet judges the shared window.
        for request in requests(100, dose_mean=10.0, seed=9):
            second.observe(artifact, request)
            alone.observe(artifact, request)
        alone.refresh()
        own_window = gauge("dose")
        second.refresh()
        shared = gauge("dose")
        # On its own window the second worker would see nothing wrong.
        assert own_window is not None
        assert own_window < 0.1
        assert shared is not None
        assert shared > ALERT_PSI
        # More requests than the window: the list stays capped.
        for request in requests(WINDOW, dose_mean=10.0, seed=10):
            second.observe(artifact, request)
        second.refresh()
        client = redis.Redis.from_url(url)
        key = REDIS_KEY.format(model=FAKE, version="v1", feature="dose")
        assert client.llen(key) == WINDOW
        # The shared window is back to training-like inputs: the first worker agrees.
        first.observe(artifact, requests(1, dose_mean=10.0, seed=11)[0])
        first.refresh()
        assert (gauge("dose") or 1.0) < 0.1
        for monitor in (first, second):
            monitor.stop()
        client.close()


def test_a_failing_redis_falls_back_to_the_worker_window() -> None:
    monitor = DriftMonitor({FAKE: fake_inputs}, SharedWindows(f"redis://127.0.0.1:{free_port()}/0"))
    artifact = fake_artifact("v1")
    for request in requests(300, dose_mean=16.0, seed=12):
        monitor.observe(artifact, request)
    monitor.refresh()
    monitor.stop()
    assert (gauge("dose") or 0.0) > ALERT_PSI


@pytest.mark.parametrize(
    ("model", "route", "request_type"),
    [("cycle_prediction", "cycle", CycleRequest), ("symptom_analysis", "symptoms", SymptomRequest)],
)
def test_cycle_and_symptoms_are_watched_against_their_served_reference(
    model: str, route: str, request_type: type[BaseModel]
) -> None:
    """The served version carries a reference for every number its reader gives, and a
    window of requests publishes a finite PSI per number."""
    artifact = load_verified(PROJECT_ROOT / "models" / model, "latest")
    request = request_type.model_validate(body(route))
    inputs = DRIFT_INPUTS[model](request)
    assert inputs, "the reader gives no numbers for the test request"
    assert set(inputs) <= set(artifact.metadata["drift_reference"])
    monitor = DriftMonitor(DRIFT_INPUTS)
    monitor.observe_many(artifact, [request] * (MIN_WINDOW + 10))
    monitor.refresh()
    for feature in inputs:
        value = gauge(feature, model)
        assert value is not None, feature
        assert np.isfinite(value), feature
