"""The symptom-anchored screening estimator and the transport checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from fembalance_ml.pcos.features import SCREENING_FEATURES, SYMPTOMS
from fembalance_ml.training.pcos.anchored import AnchoredLogistic, penalised_logistic
from fembalance_ml.training.pcos.dataset import feature_matrix
from fembalance_ml.training.pcos.selection import anchored_screening
from fembalance_ml.training.pcos.transport import (
    PUBLISHED_COHORTS,
    cross_validated_views,
    effective_sample_size,
    log_odds_share,
    mix_weights,
    raking_weights,
    shifted_views,
    weighted_metrics,
)

FEATURES = list(SCREENING_FEATURES)


def _synthetic(rows: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    matrix = rng.normal(size=(rows, 4))
    logit = matrix @ np.array([1.0, -0.5, 0.8, 0.0]) - 0.3
    target = (rng.uniform(size=rows) < 1.0 / (1.0 + np.exp(-logit))).astype("int64")
    return matrix, target


def test_penalised_logistic_matches_sklearn_without_offset() -> None:
    matrix, target = _synthetic()
    weights, intercept = penalised_logistic(matrix, target, np.full(4, 0.3))
    reference = LogisticRegression(C=0.3, tol=1e-10, max_iter=10000).fit(matrix, target)
    np.testing.assert_allclose(weights, reference.coef_[0], atol=1e-6)
    assert intercept == pytest.approx(reference.intercept_[0], abs=1e-6)


def test_a_tiny_group_strength_shrinks_the_group_to_nothing() -> None:
    matrix, target = _synthetic()
    loose = AnchoredLogistic(core=[0, 1], groups={"g": [2, 3]}, group_c={"g": 10.0})
    tight = AnchoredLogistic(core=[0, 1], groups={"g": [2, 3]}, group_c={"g": 1e-6})
    dropped = AnchoredLogistic(core=[0, 1], groups={"g": [2, 3]}, group_c={"g": 0.0})
    assert abs(loose.fit(matrix, target).coef_[0, 2]) > 0.3
    assert np.abs(tight.fit(matrix, target).coef_[0, 2:]).max() < 1e-3
    assert np.all(dropped.fit(matrix, target).coef_[0, 2:] == 0.0)


def test_the_core_is_fitted_without_the_adjustments() -> None:
    """The adjustments only add to the core: its coefficients are the symptoms-only fit's."""
    matrix, target = _synthetic()
    anchored = AnchoredLogistic(
        core=[0, 1], groups={"g": [2]}, core_c=1.0, group_c={"g": 1.0}, recalibrate=False
    ).fit(matrix, target)
    alone = AnchoredLogistic(core=[0, 1], core_c=1.0, recalibrate=False).fit(matrix, target)
    np.testing.assert_allclose(anchored.coef_[0, :2], alone.coef_[0, :2])


def test_pipeline_scores_exactly_like_the_estimator(cohort: pd.DataFrame) -> None:
    matrix = feature_matrix(cohort, SCREENING_FEATURES)
    target = cohort["pcos"].to_numpy()
    estimator = anchored_screening(0.3, {"anthropometric": 0.03, "lifestyle": 0.01}, 1)
    estimator.fit(matrix, target)
    pipeline = estimator.to_pipeline(matrix, target)
    with_gaps = matrix.copy()
    with_gaps[::3, 7] = np.nan
    np.testing.assert_allclose(
        pipeline.predict_proba(with_gaps)[:, 1], estimator.predict_proba(with_gaps)[:, 1]
    )
    assert estimator.calibration_[1] > 0.0


def test_shifted_views_change_only_their_group() -> None:
    rng = np.random.default_rng(3)
    train = rng.uniform(0, 1, (50, len(FEATURES))).round()
    test = train[:10].copy()
    views = shifted_views(test, train, FEATURES, rng)
    lifestyle = [FEATURES.index("fast_food"), FEATURES.index("regular_exercise")]
    others = [i for i in range(len(FEATURES)) if i not in lifestyle]
    np.testing.assert_array_equal(views["lifestyle_reversed"][:, lifestyle], 1 - test[:, lifestyle])
    np.testing.assert_array_equal(views["lifestyle_reversed"][:, others], test[:, others])
    assert np.isnan(views["lifestyle_withheld"][:, lifestyle]).all()
    bmi = FEATURES.index("bmi")
    mirrored = views["anthropometric_reversed"][:, bmi]
    np.testing.assert_allclose(mirrored + test[:, bmi], 2 * train[:, bmi].mean())
    symptoms = [FEATURES.index(n) for n in SYMPTOMS]
    np.testing.assert_array_equal(
        views["anthropometric_and_lifestyle_withheld"][:, symptoms], test[:, symptoms]
    )


def test_a_symptoms_only_model_does_not_move_when_other_groups_shift(
    cohort: pd.DataFrame,
) -> None:
    matrix = feature_matrix(cohort, SCREENING_FEATURES)
    target = cohort["pcos"].to_numpy()
    core_only = anchored_screening(0.3, {}, 1)
    views = cross_validated_views(core_only, matrix, target, FEATURES, folds=3, repeats=1, seed=5)
    for name, scores in views.items():
        np.testing.assert_allclose(scores, views["in_cohort"], err_msg=name)


def test_raking_reaches_the_published_prevalences(cohort: pd.DataFrame) -> None:
    target = cohort["pcos"].to_numpy()
    columns = {name: cohort[name].to_numpy(dtype="float64") for name in FEATURES}
    for published in PUBLISHED_COHORTS:
        weights = raking_weights(columns, target, published)
        for label, wanted in ((1, published.pcos), (0, published.controls)):
            members = target == label
            for name, share in wanted.items():
                got = np.average(columns[name][members], weights=weights[members])
                assert got == pytest.approx(share, abs=1e-3), (published.name, name)
        assert published.source


def test_mix_weights_move_the_mean_and_report_their_cost() -> None:
    values = np.random.default_rng(2).normal(24.0, 4.0, 5000)
    weights = mix_weights(values, 2.0)
    assert np.average(values, weights=weights) == pytest.approx(26.0, abs=0.3)
    assert 1000 < effective_sample_size(weights) < 5000


def test_weighted_metrics_equal_plain_ones_with_equal_weights() -> None:
    rng = np.random.default_rng(4)
    scores = rng.uniform(0.05, 0.95, 3000)
    target = (rng.uniform(size=3000) < scores).astype("int64")
    plain = weighted_metrics(target, scores)
    doubled = weighted_metrics(target, scores, np.full(3000, 2.0))
    assert plain == pytest.approx(doubled)
    assert plain["calibration_slope"] == pytest.approx(1.0, abs=0.1)
    assert plain["prevalence"] == pytest.approx(target.mean())


def test_log_odds_shares_of_the_screening_groups_cover_everything() -> None:
    rng = np.random.default_rng(5)
    parts = rng.normal(size=(200, len(FEATURES)))
    shares = log_odds_share(parts, FEATURES)
    assert shares["other"] == pytest.approx(0.0, abs=1e-3)
    parts[:, [FEATURES.index(n) for n in SYMPTOMS]] *= 10.0
    assert log_odds_share(parts, FEATURES)["symptoms"] > 0.9
