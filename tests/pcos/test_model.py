"""The pickled model object: validation of inputs, warmup, thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from fembalance_ml.pcos.model import PcosModel, Thresholds
from fembalance_ml.training.pcos.evaluation import (
    calibration_slope_intercept,
    choose_thresholds,
    expected_calibration_error,
)


def test_warmup_runs(model: PcosModel) -> None:
    model.warmup()


def test_wrong_width_is_refused(model: PcosModel) -> None:
    with pytest.raises(ValueError, match="expected shape"):
        model.predict_proba("screening", np.zeros((1, 3)))


def test_thresholds_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="low <= high"):
        Thresholds(low=0.6, high=0.2)


def test_chosen_thresholds_meet_their_targets() -> None:
    rng = np.random.default_rng(0)
    target = rng.integers(0, 2, 2000)
    scores = np.clip(rng.normal(0.35 + 0.3 * target, 0.15), 0.001, 0.999)
    thresholds, justification = choose_thresholds(target, scores)
    assert justification["low"]["sensitivity"] >= 0.95
    assert justification["high"]["specificity"] >= 0.95
    assert thresholds.low < thresholds.high


def test_perfectly_calibrated_scores_have_slope_one_and_small_ece() -> None:
    rng = np.random.default_rng(1)
    scores = rng.uniform(0.02, 0.98, 20000)
    target = (rng.uniform(size=scores.size) < scores).astype(int)
    slope, intercept = calibration_slope_intercept(target, scores)
    assert slope == pytest.approx(1.0, abs=0.05)
    assert intercept == pytest.approx(0.0, abs=0.05)
    assert expected_calibration_error(target, scores) < 0.02
