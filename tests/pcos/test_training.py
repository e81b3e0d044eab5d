"""Training: determinism under a fixed seed, and the artifact it writes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from fembalance_ml.pcos.features import CLINICAL_FEATURES
from fembalance_ml.training.pcos.dataset import feature_matrix
from fembalance_ml.training.pcos.train import main, train


def test_same_seed_gives_identical_probabilities(cohort: pd.DataFrame) -> None:
    subset = cohort.sample(200, random_state=3)
    first = train(subset, seed=11, folds=3, repeats=1, baseline=False, c_grid=(0.1, 1.0))
    second = train(subset, seed=11, folds=3, repeats=1, baseline=False, c_grid=(0.1, 1.0))
    matrix = feature_matrix(cohort, CLINICAL_FEATURES)
    np.testing.assert_array_equal(
        first.model.predict_proba("clinical", matrix),
        second.model.predict_proba("clinical", matrix),
    )
    np.testing.assert_array_equal(
        first.evaluations["screening"]["logistic_regression"].oof,
        second.evaluations["screening"]["logistic_regression"].oof,
    )
    assert first.model.clinical.thresholds == second.model.clinical.thresholds


def test_main_writes_a_complete_version(tmp_path: Path, data_dir: Path) -> None:
    status = main(
        [
            "--data-dir", str(data_dir),
            "--models-dir", str(tmp_path),
            "--version", "v0.0.1",
            "--folds", "3",
            "--repeats", "1",
        ]
    )  # fmt: skip
    assert status == 0
    folder = tmp_path / "pcos" / "v0.0.1"
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    for key in ("model_type", "hyperparameters", "features", "training_data_size", "accuracy",
                "precision", "recall", "f1_score", "data_origin", "evaluation", "thresholds",
                "limitations"):  # fmt: skip
        assert key in metadata
    assert metadata["training_data_size"] == 433
    assert set(metadata["files"]) == {"model.pkl", "MODEL_CARD.md", "roc.png", "calibration.png"}
    assert (tmp_path / "pcos" / "latest").resolve().name == "v0.0.1"
    assert "![Calibration](calibration.png)" in (folder / "MODEL_CARD.md").read_text()
