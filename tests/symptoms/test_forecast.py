"""The forecast: shrinkage behaviour, phase extrapolation, and its held-out evaluation."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from fembalance_ml.config import get_settings
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.symptoms.forecast import (
    FEW_LOGS_MAX_PROBABILITY,
    NEVER_FORECAST,
    SymptomForecastModel,
    Tally,
    limited_probability,
)
from fembalance_ml.symptoms.forecast_fit import shrink, variance_components
from fembalance_ml.symptoms.ordinal import OrdinalForecastModel
from fembalance_ml.symptoms.schemas import SymptomLog
from fembalance_ml.symptoms.timeline import CycleTimeline
from fembalance_ml.training.symptoms.forecast_eval import held_out_cycle_errors, summarise

Forecaster = SymptomForecastModel | OrdinalForecastModel


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


def _heavy_week(onsets: list[date]) -> list[SymptomLog]:
    """Heavy bleeding rated 6 on the first 5 days of the last period."""
    return [
        SymptomLog(date=onsets[-1] + timedelta(days=d), symptom="heavy_bleeding", severity=6)
        for d in range(5)
    ]


ONSETS = [date(2026, 1, 1) + timedelta(days=28 * k) for k in range(3)]


def test_no_bleeding_forecast_after_the_period_ends(any_model: Forecaster) -> None:
    model = any_model
    # Issue 15: this forecast was heavy_bleeding at severity 6, probability 1.0, for a week.
    timeline = CycleTimeline.from_starts(ONSETS)
    entries = model.forecast(timeline, _heavy_week(ONSETS), ONSETS[-1] + timedelta(days=4))
    assert [e for e in entries if e.symptom == "heavy_bleeding"] == []


def test_bleeding_is_forecast_only_on_predicted_period_days(any_model: Forecaster) -> None:
    model = any_model
    timeline = CycleTimeline.from_starts(ONSETS)
    next_onset = ONSETS[-1] + timedelta(days=28)
    logs = [
        *_heavy_week(ONSETS),
        *(SymptomLog(date=o + timedelta(days=13), symptom="spotting", severity=4) for o in ONSETS),
    ]
    entries = model.forecast(timeline, logs, next_onset - timedelta(days=3))
    bleeding_days = {e.date for e in entries if e.symptom in {"heavy_bleeding", "spotting"}}
    period_days = {next_onset + timedelta(days=d) for d in range(5)}
    assert bleeding_days
    assert bleeding_days <= period_days


def test_probability_is_capped_at_0_8_below_3_logs(any_model: Forecaster) -> None:
    model = any_model
    timeline = CycleTimeline.from_starts(ONSETS)
    next_onset = ONSETS[-1] + timedelta(days=28)
    as_of = next_onset - timedelta(days=2)
    one = [SymptomLog(date=ONSETS[-1], symptom="heavy_bleeding", severity=6)]
    capped = [e for e in model.forecast(timeline, one, as_of) if e.symptom == "heavy_bleeding"]
    assert capped
    assert max(e.probability for e in capped) <= FEW_LOGS_MAX_PROBABILITY
    if isinstance(model, SymptomForecastModel):  # its estimate of one 6 is above the cap
        assert max(e.probability for e in capped) == FEW_LOGS_MAX_PROBABILITY
    three = [SymptomLog(date=o, symptom="heavy_bleeding", severity=6) for o in ONSETS]
    sure = [e for e in model.forecast(timeline, three, as_of) if e.symptom == "heavy_bleeding"]
    assert max(e.probability for e in sure) > FEW_LOGS_MAX_PROBABILITY


def test_red_flag_bleeding_is_never_forecast(any_model: Forecaster) -> None:
    model = any_model
    timeline = CycleTimeline.from_starts(ONSETS)
    logs = [
        SymptomLog(date=o + timedelta(days=d), symptom=symptom, severity=5)
        for o in ONSETS
        for d in range(-3, 5)
        for symptom in sorted(NEVER_FORECAST)
    ]
    entries = model.forecast(timeline, logs, ONSETS[-1] + timedelta(days=24))
    assert entries == []


def test_limited_probability_caps_only_few_logs() -> None:
    assert limited_probability(1.0, 2) == 0.8
    assert limited_probability(0.5, 1) == 0.5
    assert limited_probability(1.0, 3) == 1.0


ISSUE_22_SYMPTOMS = (
    "fainting",
    "fever",
    "one_sided_pain",
    "shoulder_tip_pain",
    "abnormal_discharge",
    "suicidal_thoughts",
    "self_harm",
)


@pytest.mark.parametrize("version", ["v1.2.0", "v1.3.0"])
def test_committed_models_take_symptoms_unknown_to_their_training(version: str) -> None:
    """The models trained before issue 22 forecast with its new symptoms in the logs (no
    retraining): the warning signs never appear, one-sided pain is forecast like pelvic pain."""
    artifact = load_verified(get_settings().models.path / "symptom_analysis", version)
    timeline = CycleTimeline.from_starts(ONSETS)
    logs = [
        SymptomLog(date=o + timedelta(days=d), symptom=symptom, severity=5)
        for o in ONSETS
        for d in range(-3, 3)
        for symptom in ISSUE_22_SYMPTOMS
    ]
    entries = artifact.model.forecast(timeline, logs, ONSETS[-1] + timedelta(days=25))
    assert {entry.symptom for entry in entries} == {"one_sided_pain"}
    assert all(1 <= entry.expected_severity <= 6 for entry in entries)
    assert NEVER_FORECAST >= set(ISSUE_22_SYMPTOMS) - {"one_sided_pain"}
