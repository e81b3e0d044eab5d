"""The forecast: shrinkage behaviour, phase extrapolation, and its held-out evaluation."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from fembalance_ml.symptoms.forecast import SymptomForecastModel, Tally
from fembalance_ml.symptoms.forecast_eval import held_out_cycle_errors, summarise
from fembalance_ml.symptoms.forecast_fit import shrink, variance_components
from fembalance_ml.symptoms.schemas import SymptomLog
from fembalance_ml.symptoms.timeline import CycleTimeline


def test_shrink_moves_from_prior_to_own_mean_as_history_grows() -> None:
    assert shrink(0.0, 0, 2.0, 3.0) == 2.0
    assert shrink(50.0, 10, 2.0, 0.0) == 5.0
    assert 2.0 < shrink(50.0, 10, 2.0, 3.0) < 5.0


def test_variance_components_recover_between_person_spread() -> None:
    rng = np.random.default_rng(0)
    people = np.repeat(np.arange(200), 20)
    values = rng.normal(0, 2.0, 200)[people] + rng.normal(0, 1.0, people.size)
    within, between = variance_components(pd.Series(values), pd.Series(people))
    assert within == pytest.approx(1.0, rel=0.1)
    assert between == pytest.approx(4.0, rel=0.25)


def test_population_is_worse_premenstrually_for_every_mood_item(
    model: SymptomForecastModel,
) -> None:
    assert (model.prior.mean[:8, 0] > model.prior.mean[:8, 1]).all()
    assert (model.prior.strength_mean > 0).all()


def test_menstrual_level_is_the_midpoint(model: SymptomForecastModel) -> None:
    pre = model.estimate("anxiety", "pre", {})
    post = model.estimate("anxiety", "post", {})
    mid = model.estimate("anxiety", "menstrual", {})
    assert mid.expected_severity == pytest.approx(
        (pre.expected_severity + post.expected_severity) / 2
    )


def test_tracker_symptoms_shrink_toward_the_persons_own_level(model: SymptomForecastModel) -> None:
    tallies = {"menstrual": Tally(4, 20.0, 4), "post": Tally(4, 4.0, 0)}
    menstrual = model.estimate("cramps", "menstrual", tallies)
    assert 3.0 < menstrual.expected_severity < 5.0
    assert model.estimate("cramps", "pre", tallies).expected_severity == pytest.approx(3.0)


def test_forecast_covers_seven_days_with_the_premenstrual_rise(model: SymptomForecastModel) -> None:
    starts = [date(2026, 1, 1) + timedelta(days=28 * k) for k in range(3)]
    timeline = CycleTimeline.from_starts(starts)
    logs = [
        SymptomLog(
            date=start + timedelta(days=offset), symptom="anger_irritability", severity=level
        )
        for start in starts[1:]
        for offset, level in [(-3, 5), (-2, 5), (-1, 4), (5, 1), (6, 1), (7, 1)]
    ]
    next_onset = starts[-1] + timedelta(days=28)
    as_of = next_onset - timedelta(days=3)
    entries = model.forecast(timeline, logs, as_of)
    by_day = {entry.date: entry.probability for entry in entries}
    premenstrual = [by_day[as_of + timedelta(days=k)] for k in (1, 2)]
    menstrual = [by_day[as_of + timedelta(days=k)] for k in (3, 4, 5)]
    assert min(premenstrual) > 0.5
    assert max(menstrual) < min(premenstrual)
    assert as_of + timedelta(days=7) not in by_day  # cycle day 5: post level, ratings of 1
    assert max(by_day) <= as_of + timedelta(days=7)


def test_warmup_runs(model: SymptomForecastModel) -> None:
    model.warmup()


def test_held_out_cycles_beat_both_baselines_on_log_loss(data: pd.DataFrame) -> None:
    summary = summarise(held_out_cycle_errors(data))
    assert summary["held_out_cycles"] == 32
    log_loss = summary["log_loss"]
    assert log_loss["model"]["mean"] < log_loss["population_mean"]["mean"]
    assert log_loss["model"]["mean"] < log_loss["own_mean"]["mean"]
    assert summary["mae"]["model"]["mean"] < summary["mae"]["population_mean"]["mean"]
