"""The gap rule: a very long cycle in a short history read as cycles with unlogged starts."""

from __future__ import annotations

import numpy as np
import pytest

from fembalance_ml.config import PROJECT_ROOT
from fembalance_ml.cycle.gaps import GapRule, read_history
from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.training.cycle.fitting import Examples, read_by

RULE = GapRule(ratio=1.6)


def test_a_lone_long_cycle_is_read_as_its_share_of_the_gap() -> None:
    assert RULE.apply([84]).tolist() == [28.0]  # three cycles of 28
    assert RULE.apply([28, 58]).tolist() == [28.0, 29.0]  # two cycles of 29
    assert RULE.apply([47, 30]).tolist() == [23.5, 30.0]  # 47 is 1.6x 29 or more


def test_ordinary_and_long_histories_pass_unchanged() -> None:
    assert RULE.apply([]).size == 0
    assert RULE.apply([45, 40]).tolist() == [45.0, 40.0]  # under 1.6 x 29 = 46.4 days
    three = [28.0, 84.0, 29.0]  # her own median decides from 3 cycles (features.py)
    assert RULE.apply(three).tolist() == three
    assert read_history(None, [84]).tolist() == [84.0]


def test_the_rule_keeps_the_number_of_cycles() -> None:
    for history in ([50], [120, 31], [100, 100]):
        assert RULE.apply(history).size == len(history)


def test_a_model_with_the_rule_does_not_follow_a_gap(small_model: CycleModel) -> None:
    without = small_model.forecast([84], age=30.0, elapsed=2)
    ruled = CycleModel(**{**vars(small_model), "gap_rule": RULE})
    with_rule = ruled.forecast([84], age=30.0, elapsed=2)
    assert without.length > 50  # taken as real, the 84 days set the level
    assert with_rule.length == pytest.approx(28.0, abs=2.0)
    # Histories of three or more cycles are read the same with or without the rule.
    history = [28, 29, 27, 30]
    assert ruled.forecast(history, 30.0, 2) == small_model.forecast(history, 30.0, 2)


def test_read_by_changes_only_the_histories_the_rule_touches(examples: Examples) -> None:
    read = read_by(examples, RULE)
    changed = np.array(
        [
            a.size != b.size or not np.array_equal(a, b)
            for a, b in zip(examples.history, read.history, strict=True)
        ]
    )
    assert changed.any()
    assert np.array_equal(read.calendar, examples.calendar)  # the calendar keeps the log
    assert np.array_equal(read.has_history, examples.has_history)
    assert np.array_equal(read.features[~changed], examples.features[~changed], equal_nan=True)
    assert not np.array_equal(read.features[changed], examples.features[changed], equal_nan=True)
    assert read_by(examples, None) is examples


def test_versions_before_the_rule_load_without_one() -> None:
    old = load_verified(PROJECT_ROOT / "models" / "cycle_prediction", "v1.5.0").model
    assert old.gap_rule is None
    assert old.row([84], age=30.0)[2] == 84.0  # last_length: the long cycle taken as real
