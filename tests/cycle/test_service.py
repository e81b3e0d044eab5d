"""The service function end to end, with a real (small) trained model."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest

from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.cycle.schemas import CycleRequest, CycleResult
from fembalance_ml.cycle.service import predict

TODAY = date(2026, 3, 1)


def _run(model: CycleModel, body: dict[str, Any], today: date = TODAY) -> CycleResult:
    request = CycleRequest.model_validate(body)
    return predict(model, request, today=today)


def _regular(count: int, first: date = date(2025, 6, 1), length: int = 28) -> list[dict[str, str]]:
    return [{"start_date": (first + timedelta(days=length * i)).isoformat()} for i in range(count)]


def test_end_to_end_regular_history(small_model: CycleModel) -> None:
    cycles = _regular(8)
    last = date.fromisoformat(cycles[-1]["start_date"])
    response = _run(small_model, {"cycles": cycles, "age": 30, "as_of": str(last + timedelta(5))})
    assert abs((response.predicted_start_date - last).days - 28) <= 1
    interval = response.prediction_interval
    assert interval.level == 0.8
    assert interval.earliest <= response.predicted_start_date <= interval.latest
    assert last < response.fertile_window.start < response.ovulation_date
    assert response.ovulation_date <= response.fertile_window.end < response.predicted_start_date
    assert len(response.upcoming) == 3
    assert response.upcoming[0].start_date == response.predicted_start_date
    gaps = [(b.start_date - a.start_date).days for a, b in itertools.pairwise(response.upcoming)]
    assert all(27 <= gap <= 29 for gap in gaps)
    assert response.regularity == "regular"
    assert response.confidence in {"high", "medium"}
    assert response.cycles_used == 7
    assert response.status.cycle_day == 6
    assert response.status.current_phase == "follicular"
    assert response.status.days_late is None
    assert response.flags == []
    # The result only: version, disclaimer and group are the serving layer's.
    assert type(response) is CycleResult


def test_one_logged_period(small_model: CycleModel) -> None:
    response = _run(small_model, {"cycles": [{"start_date": "2026-02-20"}], "horizon_cycles": 12})
    assert response.status.cycle_day == 10  # as_of defaults to today
    assert response.confidence == "low"
    assert response.regularity == "insufficient_data"
    assert response.cycles_used == 0
    assert len(response.upcoming) == 12
    width = (response.prediction_interval.latest - response.prediction_interval.earliest).days
    assert width >= 6


def test_late_period_is_reported_and_shifts_the_forecast(small_model: CycleModel) -> None:
    cycles = _regular(8)
    last = date.fromisoformat(cycles[-1]["start_date"])
    on_time = _run(small_model, {"cycles": cycles, "as_of": str(last + timedelta(10))})
    late = _run(small_model, {"cycles": cycles, "as_of": str(last + timedelta(35))})
    assert late.status.days_late == (last + timedelta(35) - on_time.predicted_start_date).days
    assert late.predicted_start_date > last + timedelta(35)
    assert late.prediction_interval.earliest > on_time.prediction_interval.latest
    assert late.status.days_late >= 7
    assert "late_period" in {flag.code for flag in late.flags}
    assert late.status.current_phase == "unknown"
    assert late.ovulation_date is None
    assert late.fertile_window is None
    assert late.upcoming == []


def test_a_few_days_late_is_still_forecast(small_model: CycleModel) -> None:
    cycles = _regular(8)
    last = date.fromisoformat(cycles[-1]["start_date"])
    late = _run(small_model, {"cycles": cycles, "as_of": str(last + timedelta(31))})
    assert late.status.days_late is not None
    assert 0 < late.status.days_late < 7
    assert late.flags == []
    assert late.status.current_phase == "luteal"
    assert late.ovulation_date is not None
    assert late.confidence != "high"


def test_absent_period_flag(small_model: CycleModel) -> None:
    cycles = _regular(5)
    last = date.fromisoformat(cycles[-1]["start_date"])
    response = _run(small_model, {"cycles": cycles, "as_of": str(last + timedelta(100))})
    assert "absent_period" in {flag.code for flag in response.flags}
    assert response.confidence == "low"
    assert response.status.current_phase == "unknown"
    assert response.predicted_start_date > last + timedelta(100)


def test_start_after_default_today_is_rejected(small_model: CycleModel) -> None:
    with pytest.raises(ValueError, match="after as_of"):
        _run(small_model, {"cycles": [{"start_date": "2026-03-05"}]})


def test_long_history_of_hundreds_of_cycles(small_model: CycleModel) -> None:
    cycles = _regular(250, first=date(1990, 1, 1), length=33) + _regular(
        10, first=date(1990, 1, 1) + timedelta(days=33 * 250), length=28
    )
    last = date.fromisoformat(cycles[-1]["start_date"])
    response = _run(small_model, {"cycles": cycles, "as_of": str(last + timedelta(3))})
    assert 27 <= response.predicted_cycle_length <= 30
    assert response.cycles_used == 259


def test_without_as_of_a_start_dated_tomorrow_in_utc_is_her_today(
    small_model: CycleModel,
) -> None:
    """East of UTC a period that began this morning is dated UTC's tomorrow: accepted."""
    cycles = _regular(4, first=TODAY - timedelta(days=28 * 3 - 1))
    assert cycles[-1]["start_date"] == (TODAY + timedelta(days=1)).isoformat()
    response = _run(small_model, {"cycles": cycles})
    assert response.status.cycle_day == 1
    assert response.status.current_phase == "menstrual"


def test_without_as_of_a_start_two_days_ahead_is_still_refused(small_model: CycleModel) -> None:
    """The allowance is one day, not a loophole for future dates."""
    cycles = _regular(4, first=TODAY - timedelta(days=28 * 3 - 2))
    assert cycles[-1]["start_date"] == (TODAY + timedelta(days=2)).isoformat()
    with pytest.raises(ValueError, match="after"):
        _run(small_model, {"cycles": cycles})
