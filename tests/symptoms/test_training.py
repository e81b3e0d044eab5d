"""The training command writes a complete, verifiable version folder."""

from __future__ import annotations

from pathlib import Path

from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.training.symptoms.train import main


def test_training_writes_metadata_card_and_figure(tmp_path: Path) -> None:
    assert main(["--models-dir", str(tmp_path), "--version", "v9.9.9"]) == 0
    artifact = load_verified(tmp_path / "symptom_analysis", "latest")
    assert artifact.version == "v9.9.9"
    metadata = artifact.metadata
    for key in ("model_type", "hyperparameters", "features", "training_data_size", "f1_score"):
        assert key in metadata
    assert metadata["data_origin"]["licence"].startswith("CC BY 4.0")
    forecast = metadata["evaluation"]["forecast"]
    assert forecast["log_loss"]["gain_vs_own_mean"]["mean"] > 0
    assert len(forecast["bootstrap_95ci_of_mean_gain"]["log_loss_gain_vs_own_mean"]) == 2
    assert metadata["evaluation"]["cpass"]["cycle_level"]["PMDD"] == 14
    card = (artifact.path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "population_pattern.png" in card
    assert (artifact.path / "population_pattern.png").read_bytes().startswith(b"\x89PNG")
    artifact.model.warmup()
