"""The training command writes a verifiable version folder with its figures and card."""

from __future__ import annotations

from pathlib import Path

import pytest

from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.training.cycle.train import MODEL_NAME, main

REQUIRED = (
    "model_type",
    "hyperparameters",
    "features",
    "training_data_size",
    "accuracy",
    "precision",
    "recall",
    "f1_score",
    "data_origin",
    "evaluation",
    "thresholds",
    "limitations",
)


@pytest.mark.slow
def test_main_writes_a_loadable_version(tmp_path: Path, data_dir: Path) -> None:
    argv = ["--data-dir", str(data_dir), "--models-dir", str(tmp_path), "--version", "v0.0.1"]
    assert main([*argv, "--folds", "2", "--repeats", "1"]) == 0
    artifact = load_verified(tmp_path / MODEL_NAME, "latest")
    assert artifact.version == "v0.0.1"
    assert isinstance(artifact.model, CycleModel)
    artifact.model.warmup()
    metadata = artifact.metadata
    assert all(key in metadata for key in REQUIRED)
    figures = metadata["evaluation"]["figures"]
    for key in ("fedcycle.model.mae", "menstrual.calendar.within_2_days", "ovulation.minus_14.mae"):
        assert set(figures[key]) == {"mean", "std"}
    card = (artifact.path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "cv_model_vs_calendar.png" in card
    assert (artifact.path / "cv_model_vs_calendar.png").read_bytes()[:4] == b"\x89PNG"
