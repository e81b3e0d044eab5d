"""The prior-shift correction and the figures judged at the stated prevalence."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from fembalance_ml.pcos.features import SCREENING_FEATURES, TARGET
from fembalance_ml.pcos.model import PcosModel
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.training.pcos.dataset import feature_matrix
from fembalance_ml.training.pcos.prevalence import (
    TARGET_PREVALENCE,
    PriorShifted,
    cohort_rows,
    importance_weights,
    logit,
    prevalence_figures,
    prior_shift,
    shifted_scores,
)
from fembalance_ml.training.pcos.selection import anchored_screening
from tests.conftest import MODELS


def test_the_shift_is_bayes_rule_for_a_prior_change() -> None:
    # p = 0.5 at a 1:1 prior is a likelihood ratio of 1: at 12% prevalence, p' = 0.12.
    assert shifted_scores(np.array([0.5]), prior_shift(0.5, 0.12))[0] == pytest.approx(0.12)
    assert prior_shift(0.3279, 0.12) == pytest.approx(logit(0.12) - logit(0.3279))
    scores = np.linspace(0.01, 0.99, 50)
    moved = shifted_scores(scores, -1.2)
    assert np.all(np.diff(moved) > 0)  # same order: the ranking cannot change


def test_importance_weights_give_the_target_prevalence() -> None:
    target = np.array([1] * 142 + [0] * 291)
    weights = importance_weights(target, 142 / 433, 0.12)
    assert np.sum(weights * target) / weights.sum() == pytest.approx(0.12)
    assert weights.sum() == pytest.approx(433)


def test_prior_shifted_estimator_keeps_ranking_and_moves_the_mean(cohort: pd.DataFrame) -> None:
    matrix = feature_matrix(cohort, SCREENING_FEATURES)
    target = cohort[TARGET].to_numpy(dtype="int64")
    base = anchored_screening(0.1, {"anthropometric": 0.01, "lifestyle": 0.03}, 3)
    shifted = PriorShifted(base, 0.12).fit(matrix, target)
    plain = base.fit(matrix, target).predict_proba(matrix)[:, 1]
    moved = shifted.predict_proba(matrix)[:, 1]
    assert roc_auc_score(target, moved) == roc_auc_score(target, plain)
    assert shifted.shift_ == pytest.approx(prior_shift(target.mean(), 0.12))
    weights = importance_weights(target, target.mean(), 0.12)
    # Calibrated in the clinic, so about calibrated at 12% once shifted (within 1 point).
    assert np.average(moved, weights=weights) == pytest.approx(0.12, abs=0.01)
    pipeline = shifted.to_pipeline(matrix, target)
    np.testing.assert_allclose(pipeline.predict_proba(matrix)[:, 1], moved, rtol=1e-9)


def test_prior_shifted_wraps_any_classifier() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] + rng.normal(size=400) > 0.5).astype(int)
    fitted = PriorShifted(LogisticRegression(), 0.1).fit(x, y)
    base = LogisticRegression().fit(x, y).predict_proba(x)[:, 1]
    expected = 1 / (1 + np.exp(-(np.log(base / (1 - base)) + fitted.shift_)))
    np.testing.assert_allclose(fitted.predict_proba(x)[:, 1], expected, rtol=1e-9)


def test_prevalence_figures_before_and_after(cohort: pd.DataFrame) -> None:
    target = cohort[TARGET].to_numpy(dtype="int64")
    rng = np.random.default_rng(1)
    before = np.clip(0.2 + 0.5 * target + rng.normal(0, 0.15, (2, len(target))), 0.01, 0.99)
    after = shifted_scores(before, prior_shift(target.mean(), TARGET_PREVALENCE))
    rows = cohort_rows(cohort, SCREENING_FEATURES)
    figures = prevalence_figures(target, {"before": before, "after": after}, rows)
    assert figures["target_prevalence"] == TARGET_PREVALENCE
    for model in ("before", "after"):
        for cohort_name in ("clinic", "reweighted"):
            row = figures[model][cohort_name]
            shares = sum(row[f"score_{level}"]["mean"] for level in ("low", "medium", "high"))
            assert shares == pytest.approx(1.0, abs=1e-3)
    # A monotone shift moves the cut-offs with the scores: the same people at each level.
    assert figures["after"]["clinic"]["score_low"] == figures["before"]["clinic"]["score_low"]
    assert figures["after"]["low"] < figures["before"]["low"]
    reweighted = figures["after"]["reweighted"]
    assert reweighted["prevalence"]["mean"] == pytest.approx(TARGET_PREVALENCE)
    # Ranking is the same on every cohort; calibration-in-the-large fits only at 12%.
    assert reweighted["roc_auc"] == figures["before"]["clinic"]["roc_auc"]
    before_ece = figures["before"]["reweighted"]["ece"]["mean"]
    assert figures["after"]["reweighted"]["ece"]["mean"] < before_ece


def test_served_screening_is_v2_3_0_with_the_shift_in_its_intercept() -> None:
    """Same coefficients (contributions unchanged), intercept moved by the stated shift."""
    previous: PcosModel = load_verified(MODELS / "pcos", "v2.3.0").model
    loaded = load_verified(MODELS / "pcos", "v2.4.0")
    model: PcosModel = loaded.model
    shift = loaded.metadata["prior_shift"]["screening"]
    assert shift["target_prevalence"] == TARGET_PREVALENCE
    assert shift["logit_shift"] == pytest.approx(
        prior_shift(142 / 433, TARGET_PREVALENCE), abs=1e-4
    )
    np.testing.assert_allclose(
        model.screening.pipeline[-1].coef_, previous.screening.pipeline[-1].coef_, atol=1e-12
    )
    moved = model.screening.intercept - previous.screening.intercept
    assert moved == pytest.approx(shift["logit_shift"], abs=1e-4)
    width = len(model.screening.features)
    (score,), _ = model.screening.explain([[None] * width])
    assert score == pytest.approx(1 / (1 + math.exp(-model.screening.intercept)))
