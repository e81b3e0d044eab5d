"""The plain-Python history reader gives numpy's numbers, bit for bit.

Serving reads a history without numpy (cycle/history.py); training keeps the numpy forms
(features.history_features, hierarchy.HistoryPrior.features, gaps.read_history). These
tests hold the two to each other on random histories: integer and fractional lengths,
missed logs, outliers that the pooled prior clips, short histories the gap rule reads,
every size up to 30 cycles, with and without an age.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from fembalance_ml.config import PROJECT_ROOT
from fembalance_ml.cycle import history as plain
from fembalance_ml.cycle.features import history_features, suspected_missed_logs
from fembalance_ml.cycle.gaps import GapRule, read_history
from fembalance_ml.cycle.hierarchy import HistoryPrior
from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.serving.artifacts import load_verified

MODELS = PROJECT_ROOT / "models" / "cycle_prediction"


def same(a: list[float], b: list[float]) -> bool:
    """Equal bit for bit (NaN where NaN)."""
    return len(a) == len(b) and all(
        (math.isnan(x) and math.isnan(y)) or (x == y and math.copysign(1, x) == math.copysign(1, y))
        for x, y in zip(a, b, strict=True)
    )


def histories(seed: int, count: int) -> list[list[float]]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        n = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 23, 24, 25, 30])
        mean, sd = rng.choice([(28, 1), (30, 4), (38, 12), (22, 2)])
        lengths: list[float] = []
        for _ in range(n):
            value: float = max(round(rng.gauss(mean, sd)), 10)
            roll = rng.random()
            if roll < 0.08:
                value *= 2
            elif roll < 0.12:
                value = rng.randint(60, 250)
            elif roll < 0.3:
                value = value + rng.random()  # fractional, as the gap rule makes them
            lengths.append(float(value))
        found.append(lengths)
    return found


def test_sums_means_medians_and_variances_are_numpys() -> None:
    rng = random.Random(3)
    for _ in range(5000):
        n = rng.randint(1, 300)
        values = [rng.uniform(-40, 60) * rng.choice([1.0, 1e-3, 1e4]) for _ in range(n)]
        array = np.array(values)
        assert plain.np_sum(values) == float(np.sum(array))
        assert plain.mean(values) == float(np.mean(array))
        assert plain.median(values) == float(np.median(array))
        assert plain.variance(values) == float(np.var(array))
        if n > 1:
            assert plain.variance(values, ddof=1) == float(np.var(array, ddof=1))
    assert plain.np_sum([]) == float(np.sum(np.array([], dtype=float)))


@pytest.mark.parametrize("seed", range(4))
def test_missed_logs_and_gap_reading_are_numpys(seed: int) -> None:
    rule = GapRule(ratio=random.Random(seed).choice([1.6, 1.8, 2.5]))
    for lengths in histories(seed, 1500):
        assert plain.suspected_missed(lengths) == suspected_missed_logs(lengths).tolist()
        for gap in (None, rule):
            assert same(plain.read_gaps(gap, lengths), read_history(gap, lengths).tolist())


@pytest.mark.parametrize("seed", range(4))
def test_the_feature_row_is_numpys(seed: int) -> None:
    prior = HistoryPrior(28.9, 0.05, 6.5 + seed, 7.1, 3.0 + seed)
    rng = random.Random(seed)
    for lengths in histories(100 + seed, 1500):
        age = rng.choice([None, 14.0, 29.0, 33.5, 47.0])
        clean = plain.cleaned(lengths)
        assert same(plain.history_row(lengths, clean, age), history_features(lengths, age).tolist())
        assert same(plain.pooled_row(prior, lengths, age), prior.features(lengths, age).tolist())


@pytest.mark.parametrize("version", sorted(path.name for path in MODELS.glob("v*")))
def test_each_versions_row_is_the_numpy_row(version: str) -> None:
    """CycleModel.row (plain Python) against the numpy forms it replaced, per version."""
    model: CycleModel = load_verified(MODELS, version).model
    for lengths in histories(7, 800):
        for age in (None, 31.0):
            history = read_history(model.gap_rule, lengths)
            expected = history_features(history, age)
            if model.prior is not None:
                expected = np.concatenate([expected, model.prior.features(history, age)])
            assert same(model.row(lengths, age).tolist(), expected.tolist())
