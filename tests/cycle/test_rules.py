"""Regularity (FIGO 2018), confidence and every flag."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fembalance_ml.cycle.rules import confidence, flags_for, regularity, regularity_cutoff_days


def _starts(lengths: list[int], first: date = date(2025, 1, 1)) -> list[date]:
    starts = [first]
    for length in lengths:
        starts.append(starts[-1] + timedelta(days=length))
    return starts


def _codes(lengths: list[int], days_after_last: int = 5) -> set[str]:
    starts = _starts(lengths)
    return {flag.code for flag in flags_for(starts, starts[-1] + timedelta(days=days_after_last))}


@pytest.mark.parametrize(
    ("age", "cutoff"), [(None, 8), (20, 9), (25.9, 9), (26, 7), (41, 7), (42, 9), (45, 9)]
)
def test_figo_cutoff_by_age_band(age: float | None, cutoff: int) -> None:
    assert regularity_cutoff_days(age) == cutoff


def test_regularity_uses_shortest_to_longest() -> None:
    assert regularity(_starts([26, 33, 28, 30]), age=30) == "regular"  # spread 7
    assert regularity(_starts([26, 34, 28, 30]), age=30) == "irregular"  # spread 8
    assert regularity(_starts([26, 34, 28, 30]), age=22) == "regular"  # 9 allowed under 26
    assert regularity(_starts([28, 29]), age=30) == "insufficient_data"


def test_regularity_ignores_suspected_missed_logs() -> None:
    assert regularity(_starts([28, 29, 57, 28, 28]), age=30) == "regular"


def test_flags_each_pattern() -> None:
    assert _codes([28, 29, 28]) == set()
    assert "short_cycles" in _codes([28, 19, 28])
    assert "long_cycles" in _codes([28, 38, 30])
    assert "possible_missed_log" in _codes([28, 28, 56, 28])
    assert "highly_variable" in _codes([22, 40, 24, 38, 23])
    assert "absent_period" in _codes([28, 28], days_after_last=90)
    assert "absent_period" not in _codes([28, 28], days_after_last=89)


def test_flag_messages_are_plain_text() -> None:
    starts = _starts([19, 40])
    flags = flags_for(starts, starts[-1] + timedelta(days=100))
    assert {flag.code for flag in flags} == {"short_cycles", "long_cycles", "absent_period"}
    assert all(len(flag.message) > 20 for flag in flags)


def test_confidence_levels() -> None:
    assert confidence(8, 5, absent=False, late=False) == "high"
    assert confidence(8, 5, absent=False, late=True) == "medium"
    assert confidence(4, 5, absent=False, late=False) == "medium"
    assert confidence(8, 15, absent=False, late=False) == "low"
    assert confidence(1, 5, absent=False, late=False) == "low"
    assert confidence(8, 5, absent=True, late=False) == "low"
