"""The v1.3 forecast: predictive distributions, positions, the fit's folds and its figures."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from fembalance_ml.config import get_settings
from fembalance_ml.monitoring.drift import Reference
from fembalance_ml.serving.artifacts import load_verified, resolve_version
from fembalance_ml.symptoms.drift import DRIFT_FEATURES, drift_inputs
from fembalance_ml.symptoms.ordinal import (
    FOLLICULAR,
    LUTEAL,
    MENSTRUAL,
    N_POSITIONS,
    OrdinalForecastModel,
    history_of,
    position_kernel,
    position_of,
    summaries,
)
from fembalance_ml.symptoms.schemas import SymptomLog, SymptomRequest
from fembalance_ml.symptoms.timeline import CycleTimeline
from fembalance_ml.training.symptoms.dataset import training_columns
from fembalance_ml.training.symptoms.ordinal_fit import Ratings, fit_tables, folds

ONSETS = [date(2026, 1, 5) + timedelta(days=28 * k) for k in range(3)]
TIMELINE = CycleTimeline.from_starts(ONSETS)


def _logs(symptom: str, pre: int, post: int) -> list[SymptomLog]:
    """One rating a day in both windows of every cycle: `pre` before onset, `post` after."""
    return [
        SymptomLog(date=onset + timedelta(days=d), symptom=symptom, severity=pre if d < 0 else post)
        for onset in ONSETS[1:]
        for d in [*range(-7, 0), *range(3, 10)]
    ]


def test_positions_follow_the_levels_day_by_day() -> None:
    window_level = {**dict.fromkeys(range(7), "pre"), **dict.fromkeys(range(7, 14), "post")}
    window_level |= {LUTEAL: "pre", FOLLICULAR: "post", MENSTRUAL: "menstrual"}
    seen = set()
    for offset in range(-40, 120):
        day = ONSETS[0] + timedelta(days=offset)
        position = position_of(TIMELINE, day)
        seen.add(position)
        assert window_level[position] == TIMELINE.level_of(day)
    assert seen == set(range(N_POSITIONS))
    assert position_of(TIMELINE, ONSETS[1] - timedelta(days=7)) == 0
    assert position_of(TIMELINE, ONSETS[1] - timedelta(days=1)) == 6
    assert position_of(TIMELINE, ONSETS[1] + timedelta(days=3)) == 7  # cycle day 4


def test_kernel_weighs_a_full_week_as_seven_and_nearer_days_more() -> None:
    kernel = position_kernel(3.0)
    assert kernel[3, :7].sum() == pytest.approx(7.0)
    assert kernel[10, 7:14].sum() == pytest.approx(7.0)
    assert kernel[3, 3] > kernel[3, 4] > kernel[3, 6]
    assert kernel[3, 7:14].sum() == 0.0  # no weight across windows
    assert kernel[LUTEAL, :7].tolist() == [1.0] * 7
    assert kernel[MENSTRUAL].sum() == 1.0


def test_distributions_are_proper_and_follow_the_person(
    ordinal_model: OrdinalForecastModel,
) -> None:
    calm = history_of(TIMELINE, _logs("anxiety", 1, 1))
    rising = history_of(TIMELINE, _logs("anxiety", 5, 1))
    premenstrual = position_of(TIMELINE, ONSETS[-1] + timedelta(days=25))
    for history in (calm, rising):
        p = ordinal_model.distributions(history, ["anxiety"], [premenstrual])
        assert p.shape == (1, 6)
        assert p.sum() == pytest.approx(1.0)
        assert (p > 0).all()
    calm_median, _, calm_high = summaries(
        ordinal_model.distributions(calm, ["anxiety"], [premenstrual])
    )
    median, mean, high = summaries(
        ordinal_model.distributions(rising, ["anxiety", "anxiety"], [premenstrual, 10])
    )
    assert calm_median[0] == 1.0
    assert calm_high[0] < 0.25  # 14 ratings of 1 still leave the population's chance
    assert median[0] >= 4
    assert high[0] > 0.5
    assert median[1] == 1.0
    assert high[1] < high[0]
    assert mean[0] > mean[1]


def test_forecast_entries_carry_median_and_mean(ordinal_model: OrdinalForecastModel) -> None:
    logs = _logs("anxiety", 5, 1)
    entries = ordinal_model.forecast(TIMELINE, logs, ONSETS[-1] + timedelta(days=20))
    assert len({e.date for e in entries}) == 7
    for entry in entries:
        assert entry.expected_severity in {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}
        assert entry.mean_severity is not None
        assert 1.0 <= entry.mean_severity <= 6.0
    assert max(e.expected_severity for e in entries) >= 4


def test_a_tracker_symptom_is_forecast_from_the_persons_own_ratings(
    ordinal_model: OrdinalForecastModel,
) -> None:
    history = history_of(TIMELINE, _logs("headache", 5, 1) + _logs("acne", 4, 4))
    median, _, _ = summaries(ordinal_model.distributions(history, ["acne"], [3]))
    assert median[0] == 4.0


def test_folds_keep_the_held_out_cycle_out_of_the_history(data: pd.DataFrame) -> None:
    ratings = Ratings.from_frame(data)
    seen = 0
    for fold in folds(ratings):
        mine = ratings.subject == fold.subject
        history = mine & (ratings.cycle != fold.cycle)
        assert fold.own.sum() == history.sum()
        assert fold.drsp_by_window.sum() == history.sum()
        assert len(fold.target.score) == (mine & (ratings.cycle == fold.cycle)).sum()
        seen += 1
    assert seen == 32


def test_tables_are_distributions_with_the_premenstrual_rise(data: pd.DataFrame) -> None:
    tables = fit_tables(Ratings.from_frame(data))
    for table in (tables.item_day, tables.item_window, tables.all_items_window):
        assert np.allclose(table.sum(axis=-1), 1.0)
    ratings = np.arange(1, 7)
    assert (tables.item_day[:, 6] @ ratings > tables.item_day[:, 13] @ ratings).mean() > 0.9


def test_drift_inputs_describe_a_request() -> None:
    request = SymptomRequest(
        cycles=[{"start_date": "2026-01-05"}, {"start_date": "2026-02-02"}],
        logs=[
            {"date": "2026-01-30", "symptom": "anxiety", "severity": 5},
            {"date": "2026-01-30", "symptom": "cramps", "severity": 2},
            {"date": "2026-01-31", "symptom": "anxiety", "severity": 2},
        ],
        as_of="2026-02-03",
    )
    inputs = drift_inputs(request)
    assert inputs == {
        "n_logs": 3.0,
        "n_cycles": 2.0,
        "n_symptoms": 2.0,
        "logs_per_day": 1.5,
        "mean_severity": 3.5,  # DRSP items only: cramps is a tracker symptom
        "share_high": 0.5,
    }
    assert set(inputs) == set(DRIFT_FEATURES)
    bare = drift_inputs(SymptomRequest(cycles=[{"start_date": "2026-01-05"}], as_of="2026-02-03"))
    assert bare == {"n_logs": 0.0, "n_cycles": 1.0, "n_symptoms": 0.0}


def test_drift_training_columns_cover_each_person_after_each_cycle(data: pd.DataFrame) -> None:
    columns = training_columns(data)
    assert len(columns["n_cycles"]) == 37  # one request per person per cycle count
    assert max(columns["n_cycles"]) == 3
    assert all(1.0 <= value <= 6.0 for value in columns["mean_severity"])


def test_latest_is_v1_3_0_and_beats_both_baselines() -> None:
    root = get_settings().models.path / "symptom_analysis"
    assert resolve_version(root, "latest") == "v1.3.0"
    artifact = load_verified(root, "v1.3.0")
    assert isinstance(artifact.model, OrdinalForecastModel)
    forecast = artifact.metadata["evaluation"]["forecast"]
    for metric in ("mae", "log_loss"):
        for baseline in ("population_mean", "own_mean"):
            assert forecast[metric][f"gain_vs_{baseline}"]["mean"] > 0
            low, _ = forecast["bootstrap_95ci_of_mean_gain"][f"{metric}_gain_vs_{baseline}"]
            assert low > 0
    assert forecast["previous_version"]["version"] == "v1.2.0"
    reference = artifact.metadata["drift_reference"]
    assert set(reference) == set(DRIFT_FEATURES)
    for spec in reference.values():
        assert sum(Reference.from_json(spec).shares) == pytest.approx(1.0)
