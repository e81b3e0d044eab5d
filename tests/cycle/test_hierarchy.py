"""The partially pooled prior: estimates from real sequences and the shrinkage it gives."""

from __future__ import annotations

import numpy as np
import pytest

from fembalance_ml.cycle.hierarchy import HistoryPrior, fit_prior, robust_history
from fembalance_ml.training.cycle.fitting import Examples, whole_sequences

PRIOR = HistoryPrior(
    mean_at_30=29.0,
    age_slope=-0.2,
    between_variance=9.0,
    within_variance=4.0,
    variance_prior_weight=4.0,
)


def test_no_history_is_the_age_dependent_population_mean() -> None:
    mean, spread, weight, prior = PRIOR.features([], age=40.0)
    assert mean == prior == pytest.approx(27.0)
    assert weight == 0.0
    assert spread == pytest.approx(np.sqrt(13.0))
    assert PRIOR.features([], age=None)[0] == pytest.approx(29.0)


def test_one_cycle_is_shrunk_toward_the_population() -> None:
    mean, _, weight, _ = PRIOR.features([35], age=30.0)
    assert weight == pytest.approx(9.0 / 13.0)
    assert 29.0 < mean < 35.0
    assert mean == pytest.approx(29.0 + 6.0 * 9.0 / 13.0)


def test_more_cycles_mean_less_shrinkage_and_a_narrower_spread() -> None:
    short = PRIOR.features([35, 35], age=30.0)
    long = PRIOR.features([35] * 6, age=30.0)
    assert short[2] < long[2]
    assert abs(long[0] - 35.0) < abs(short[0] - 35.0)
    assert long[1] < short[1]


def test_a_noisy_history_is_shrunk_more_than_a_steady_one() -> None:
    steady = PRIOR.features([33, 34, 33, 34], age=30.0)
    noisy = PRIOR.features([26, 41, 27, 40], age=30.0)
    assert noisy[2] < steady[2]
    assert noisy[1] > steady[1]


def test_the_level_follows_the_recent_cycles() -> None:
    mean = PRIOR.features([35] * 400 + [28] * 12, age=35.0)[0]
    assert mean == pytest.approx(28.0, abs=0.3)


def test_a_missed_log_and_an_outlier_do_not_move_the_level() -> None:
    clean = PRIOR.features([28, 29, 28, 28, 27, 28], age=30.0)[0]
    missed = PRIOR.features([28, 29, 28, 56, 28, 27, 28], age=30.0)[0]
    assert missed == pytest.approx(clean, abs=0.3)
    clipped = robust_history([28, 28, 29, 28, 45])
    assert clipped[-1] < 45


def test_prior_estimated_from_real_sequences_is_plausible(examples: Examples) -> None:
    prior = fit_prior(*whole_sequences(examples.subset(examples.has_history)))
    assert 27.0 < prior.mean_at_30 < 31.0
    assert prior.age_slope < 0  # cycles shorten with age in these data
    assert 1.0 <= prior.within_variance < prior.between_variance + 20.0
    assert prior.between_variance > 1.0
    assert prior.variance_prior_weight >= 2.0


def test_whole_sequences_rebuild_each_run_of_cycles(examples: Examples) -> None:
    sequences, ages = whole_sequences(examples)
    assert len(sequences) == len(set(examples.sequence)) == len(ages)
    assert sum(s.size for s in sequences) == examples.target.size
