"""Drift: PSI stays low on inputs drawn from the training data and rises on shifted ones."""
# The first tests use the bins alone; the last one serves requests through the app.

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from fembalance_ml.main import build_app
from fembalance_ml.monitoring.drift import DriftWindow, Reference, psi, references_of
from fembalance_ml.pcos.features import DATASET_FEATURES
from fembalance_ml.training.pcos.dataset import load_pcos
from fembalance_ml.training.pcos.train import main
from tests.conftest import body, copy_models, make_settings

ALERT_PSI = 0.25
FEATURES = ("age", "weight_kg", "height_cm", "acne", "irregular_periods", "weight_gain")


@pytest.fixture(scope="module")
def halves(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The real PCOS cohort split at random: a training half and a serving half."""
    frame = load_pcos(data_dir)
    order = np.random.default_rng(0).permutation(len(frame))
    middle = len(frame) // 2
    return frame.iloc[order[:middle]], frame.iloc[order[middle:]]


def window_psi(
    training: pd.DataFrame, serving: pd.DataFrame, features: tuple[str, ...] = FEATURES
) -> dict[str, float | None]:
    """PSI of each feature after serving every row of `serving`."""
    stored = references_of({name: training[name] for name in features})
    references = {name: Reference.from_json(raw) for name, raw in stored.items()}
    window = DriftWindow(references)
    for row in serving[list(features)].to_dict("records"):
        window.observe({k: v for k, v in row.items() if not pd.isna(v)})
    return window.psi()


def test_inputs_from_the_training_data_show_no_drift(
    halves: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    training, serving = halves
    values = window_psi(training, serving)
    assert set(values) == set(FEATURES)
    # ~270 rows against 10 bins: sampling noise alone gives PSI near 0.07; none reaches the
    # alert line (0.25), and together they stay in the "stable" band.
    assert None not in values.values()
    assert max(v or 0.0 for v in values.values()) < ALERT_PSI, values
    assert np.mean([v or 0.0 for v in values.values()]) < 0.1, values


def test_shifted_inputs_drift_past_the_alert_line(
    halves: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    training, serving = halves
    shifted = serving.assign(
        age=serving["age"] + 8, weight_kg=serving["weight_kg"] * 1.25, acne=1.0
    )
    values = window_psi(training, shifted)
    for name in ("age", "weight_kg", "acne"):
        assert (values[name] or 0.0) > ALERT_PSI, (name, values)
    # Untouched features stay where they were.
    assert values["height_cm"] is not None
    assert values["height_cm"] < ALERT_PSI


def test_a_short_window_says_nothing_yet(halves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    training, serving = halves
    assert window_psi(training, serving.head(10))["age"] is None


def test_psi_is_zero_for_identical_shares_and_symmetric_in_sign() -> None:
    assert psi([0.25, 0.25, 0.5], [0.25, 0.25, 0.5]) == 0.0
    assert psi([0.5, 0.5], [0.9, 0.1]) == pytest.approx(psi([0.9, 0.1], [0.5, 0.5]))
    assert psi([0.5, 0.5], [0.9, 0.1]) > 0


def drift_gauge(feature: str) -> float | None:
    return REGISTRY.get_sample_value("ml_feature_drift_psi", {"model": "pcos", "feature": feature})


def test_serving_exports_psi_against_the_training_reference(tmp_path: Path, data_dir: Path) -> None:
    cohort = load_pcos(data_dir)
    models = copy_models(tmp_path / "models")
    metadata_path = (models / "pcos" / "latest").resolve() / "metadata.json"
    metadata = json.loads(metadata_path.read_text())
    # What `fembalance-ml train pcos` now stores beside the model.
    metadata["drift_reference"] = references_of({n: cohort[n] for n in DATASET_FEATURES})
    metadata_path.write_text(json.dumps(metadata))
    settings = make_settings(model_path=models, ledger_enabled=False, model_watch_seconds=0)
    older = cohort.assign(age=cohort["age"] + 15).dropna(subset=["age", "height_cm"])
    with TestClient(build_app(settings)) as client:
        for row in older.head(200).to_dict("records"):
            request = body("pcos")
            request["features"].update(
                age=min(row["age"], 69), height_cm=row["height_cm"], weight_kg=row["weight_kg"]
            )
            assert client.post("/api/v1/predict/pcos", json=request).status_code == 200
    assert (drift_gauge("age") or 0.0) > ALERT_PSI
    assert (drift_gauge("height_cm") or 1.0) < ALERT_PSI


def test_pcos_training_stores_the_reference_bins(tmp_path: Path, data_dir: Path) -> None:
    arguments = ["--data-dir", str(data_dir), "--models-dir", str(tmp_path)]
    assert main([*arguments, "--version", "v0.0.1", "--folds", "3", "--repeats", "1"]) == 0
    metadata = json.loads((tmp_path / "pcos" / "v0.0.1" / "metadata.json").read_text())
    stored = metadata["drift_reference"]
    assert set(stored) == set(DATASET_FEATURES)
    for raw in stored.values():
        assert sum(Reference.from_json(raw).shares) == pytest.approx(1.0)
    assert Reference.from_json(stored["acne"]).kind == "values"
    assert Reference.from_json(stored["age"]).kind == "quantiles"
