"""Regularity (FIGO 2018), confidence and every flag."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fembalance_ml.cycle.rules import (
    confidence,
    flags_for,
    is_abnormal,
    regularity,
    regularity_assessed,
    regularity_cutoff_days,
)


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


def test_regularity_counts_suspected_missed_logs() -> None:
    # A gap that may be a missed log is left out of the length estimate only.
    assert regularity(_starts([28, 29, 57, 28, 28]), age=30) == "irregular"
    assert regularity(_starts([28, 28, 28, 60, 28, 90, 28]), age=30) == "irregular"


@pytest.mark.parametrize(
    ("age", "assessed"), [(17.9, False), (18, True), (45, True), (45.5, False)]
)
def test_regularity_is_assessed_from_18_to_45(age: float, assessed: bool) -> None:
    expected = "regular" if assessed else "insufficient_data"
    assert regularity(_starts([28, 29, 28, 28]), age=age) == expected
    assert regularity_assessed(age) is assessed
    assert regularity_assessed(None)


def test_flags_each_pattern() -> None:
    assert _codes([28, 29, 28]) == set()
    assert "short_cycles" in _codes([28, 23, 28])
    assert "short_cycles" not in _codes([28, 24, 28])
    assert "long_cycles" in _codes([28, 39, 30])
    assert "long_cycles" not in _codes([28, 38, 30])
    assert {"possible_missed_log", "long_cycles"} <= _codes([28, 28, 56, 28])
    assert "possible_missed_log" not in _codes([50, 55])
    assert "highly_variable" in _codes([22, 40, 24, 38, 23])
    assert "absent_period" in _codes([28, 28], days_after_last=90)
    assert "absent_period" not in _codes([28, 28], days_after_last=89)


def test_timing_flags_and_abnormal_cycles() -> None:
    starts = _starts([28, 28, 28])
    as_of = starts[-1] + timedelta(days=35)
    assert {f.code for f in flags_for(starts, as_of, days_late=6)} == set()
    late = flags_for(starts, as_of, days_late=7)
    assert [f.code for f in late] == ["late_period"]
    assert is_abnormal(late)
    assert not is_abnormal(flags_for(_starts([28, 28, 56, 28]), as_of))


def test_postmenopausal_bleeding_gap_by_age() -> None:
    """12 months without a period, then bleeding, from 45 (NICE NG23); issue 22 dropped the
    6-month gap from 45 the old rule used: over-alarming, not the accepted definition."""
    starts = _starts([28, 28, 365])
    as_of = starts[-1] + timedelta(days=3)
    codes = {f.code for f in flags_for(starts, as_of, age=45)}
    assert "possible_postmenopausal_bleeding" in codes
    assert "possible_postmenopausal_bleeding" not in {
        f.code for f in flags_for(starts, as_of, age=44.9)
    }
    six_months = _starts([28, 28, 200])
    assert "possible_postmenopausal_bleeding" not in {
        f.code for f in flags_for(six_months, six_months[-1] + timedelta(days=3), age=45)
    }


def test_prolonged_menstruation_over_8_days() -> None:
    starts = _starts([28, 28])
    as_of = starts[-1] + timedelta(days=10)
    assert {f.code for f in flags_for(starts, as_of, period_lengths=[5, 9, None])} == {
        "prolonged_menstruation"
    }
    assert flags_for(starts, as_of, period_lengths=[8, 8, 8]) == []


def test_flag_messages_are_plain_text() -> None:
    starts = _starts([19, 40])
    flags = flags_for(starts, starts[-1] + timedelta(days=100))
    assert {flag.code for flag in flags} == {"short_cycles", "long_cycles", "absent_period"}
    assert all(len(flag.message) > 20 for flag in flags)


def test_confidence_levels() -> None:
    assert confidence(8, 5, abnormal=False, late=False) == "high"
    assert confidence(8, 5, abnormal=False, late=True) == "medium"
    assert confidence(4, 5, abnormal=False, late=False) == "medium"
    assert confidence(8, 15, abnormal=False, late=False) == "low"
    assert confidence(1, 5, abnormal=False, late=False) == "low"
    assert confidence(8, 5, abnormal=True, late=False) == "low"
