"""Grouped evaluation: no woman on both sides, each cycle predicted from its past only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fembalance_ml.cycle.features import history_features
from fembalance_ml.training.cycle.evaluation import cross_validate, grouped_folds
from fembalance_ml.training.cycle.fitting import Examples, build_examples


def test_no_woman_in_both_folds(examples: Examples) -> None:
    folds = list(grouped_folds(examples.woman_id, n_folds=5, seed=3))
    assert len(folds) == 5
    for train, test in folds:
        assert not set(examples.woman_id[train]) & set(examples.woman_id[test])
    tested = np.concatenate([test for _, test in folds])
    assert np.sort(tested).tolist() == list(range(examples.target.size))


def test_examples_use_only_earlier_cycles(cycles: pd.DataFrame) -> None:
    woman = cycles[cycles["woman_id"] == "fed:nfp8122"]
    built = build_examples(woman)
    lengths = woman.sort_values("position")["length"].to_numpy(dtype=float)
    age = float(woman["age"].iloc[0])
    for index in range(1, 4):
        expected = history_features(lengths[:index], age)
        assert np.allclose(built.features[index], expected, equal_nan=True)
        assert built.target[index] == lengths[index]
        # The pooled features are computed from this history: it must end before the target.
        assert built.history[index].tolist() == lengths[:index].tolist()
    assert not built.has_history[0]
    assert len(set(built.sequence)) == woman["segment"].nunique()


# Cross-validates on a third of the women: 90 s of a 9-minute `make check` (make test runs it).
@pytest.mark.slow
def test_cross_validation_reports_model_and_calendar(examples: Examples) -> None:
    women = np.unique(examples.woman_id)
    subset = examples.subset(np.isin(examples.woman_id, women[::3]))
    result = cross_validate(subset, n_folds=2, repeats=1, seed=5)
    figures = result["figures"]
    assert result["folds"] == 2
    for name in ("fedcycle", "menstrual"):
        for method in ("model", "calendar"):
            assert 0 < figures[f"{name}.{method}.mae"]["mean"] < 10
        assert 0.5 < figures[f"{name}.interval.coverage"]["mean"] <= 1.0
    assert figures["ovulation.minus_14.mae"]["mean"] > 0


def test_histories_across_gaps_carry_the_earlier_segments(cycles: pd.DataFrame) -> None:
    split = cycles.groupby("woman_id")["segment"].max()
    woman_id = split[split > 0].index[0]
    woman = cycles[cycles["woman_id"] == woman_id].sort_values(["segment", "position"])
    first_after_gap = int(np.flatnonzero(woman["segment"].to_numpy() > 0)[0])
    lengths = woman["length"].to_numpy(dtype=float)

    by_segment = build_examples(woman)
    across = build_examples(woman, across_gaps=True)

    # Same cycles, same order, same targets: only the histories after the gap differ.
    assert across.target.tolist() == by_segment.target.tolist() == lengths.tolist()
    assert by_segment.history[first_after_gap].size == 0
    assert not by_segment.has_history[first_after_gap]
    assert across.history[first_after_gap].tolist() == lengths[:first_after_gap].tolist()
    assert across.has_history[first_after_gap]
    assert len(set(across.sequence)) == 1
    assert len(set(by_segment.sequence)) == woman["segment"].nunique() > 1
    # The calendar method sees the same longer history as the model.
    assert across.calendar[first_after_gap] == np.mean(lengths[:first_after_gap][-6:])
