"""Model behaviour: one cycle, long histories, missed logs and late periods."""

from __future__ import annotations

import pytest

from fembalance_ml.config import PROJECT_ROOT
from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.serving.artifacts import load_verified


def test_warmup_passes(small_model: CycleModel) -> None:
    small_model.warmup()


def test_one_logged_period_uses_the_wide_population_prior(small_model: CycleModel) -> None:
    none = small_model.forecast([], age=None, elapsed=3)
    regular = small_model.forecast([28] * 8, age=30, elapsed=3)
    assert none.from_population
    assert 25 <= none.length <= 32
    assert none.latest - none.earliest > regular.latest - regular.earliest


def test_long_history_follows_recent_cycles(small_model: CycleModel) -> None:
    history = [35] * 400 + [28] * 12
    forecast = small_model.forecast(history, age=35, elapsed=2)
    assert forecast.length == pytest.approx(28, abs=1.5)


def test_missed_log_does_not_drag_the_forecast(small_model: CycleModel) -> None:
    clean = small_model.forecast([28, 29, 28, 28, 27, 28], age=30, elapsed=2)
    missed = small_model.forecast([28, 29, 28, 56, 28, 27, 28], age=30, elapsed=2)
    assert abs(missed.length - clean.length) < 1.0


def test_late_period_moves_the_forecast_later(small_model: CycleModel) -> None:
    history = [28, 29, 28, 27, 28, 28]
    on_time = small_model.forecast(history, age=30, elapsed=10)
    late = small_model.forecast(history, age=30, elapsed=33)
    assert late.length > 33.5
    assert late.earliest >= 34
    assert late.latest > on_time.latest
    assert late.latest - late.earliest >= on_time.latest - on_time.earliest
    assert late.ovulation_day > on_time.ovulation_day


def test_very_late_period_is_any_day_now(small_model: CycleModel) -> None:
    forecast = small_model.forecast([28] * 6, age=30, elapsed=120)
    assert forecast.earliest == 121
    assert forecast.latest > forecast.earliest


def test_fertile_window_surrounds_ovulation(small_model: CycleModel) -> None:
    forecast = small_model.forecast([30, 31, 29, 30], age=28, elapsed=2)
    assert forecast.fertile_start_day <= forecast.ovulation_day - 5
    assert forecast.fertile_end_day >= forecast.ovulation_day
    assert 10 <= forecast.ovulation_day <= 20


def test_v1_4_0_without_a_pooled_prior_still_forecasts() -> None:
    old = load_verified(PROJECT_ROOT / "models" / "cycle_prediction", "v1.4.0").model
    assert old.prior is None
    old.warmup()
    assert old.row([28, 29, 27], age=30.0).size == len(old.features)
