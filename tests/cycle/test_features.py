"""History features: missed logs, recency and the calendar method."""

from __future__ import annotations

import numpy as np
import pytest

from fembalance_ml.cycle.features import (
    FEATURES,
    POPULATION_MEDIAN_LENGTH,
    calendar_method,
    cleaned_lengths,
    history_features,
    suspected_missed_logs,
)


def test_twice_usual_length_is_a_suspected_missed_log() -> None:
    mask = suspected_missed_logs([28, 29, 57, 28, 27])
    assert mask.tolist() == [False, False, True, False, False]
    assert cleaned_lengths([28, 29, 57, 28, 27]).tolist() == [28, 29, 28, 27]


def test_missed_log_needs_3_cycles_and_near_twice_their_median() -> None:
    assert not suspected_missed_logs([50, 55]).any()  # too few to know the usual length
    assert not suspected_missed_logs([28, 60]).any()
    assert suspected_missed_logs([28, 28, 28, 60]).tolist() == [False, False, False, True]
    assert not suspected_missed_logs([28, 28, 28, 90]).any()  # 3.2x: a real long cycle
    assert cleaned_lengths([50, 55]).tolist() == [50, 55]


def test_missed_log_does_not_move_the_level() -> None:
    with_gap = history_features([28, 29, 28, 56, 28], age=30)
    without = history_features([28, 29, 28, 28], age=30)
    level = FEATURES.index("median_last_6")
    assert with_gap[level] == without[level]
    assert with_gap[FEATURES.index("share_suspected_missed")] == pytest.approx(0.2)


def test_empty_history_has_missing_levels() -> None:
    features = history_features([], age=None)
    assert np.isnan(features[FEATURES.index("last_length")])
    assert features[FEATURES.index("log_cycles_logged")] == 0.0


def test_recency_weighted_mean_follows_recent_cycles() -> None:
    features = history_features([35] * 200 + [28] * 6, age=None)
    assert features[FEATURES.index("recency_weighted_mean")] < 30


def test_calendar_method_is_mean_of_last_six() -> None:
    assert calendar_method([40, 20, 30, 30, 30, 30, 30, 50]) == 200 / 6 + 0.0
    assert calendar_method([]) == POPULATION_MEDIAN_LENGTH
