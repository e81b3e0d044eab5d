"""The service end to end: request in, full response out, on real and constructed logs."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pandas as pd

from fembalance_ml.config import get_settings
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.symptoms.forecast import SymptomForecastModel
from fembalance_ml.symptoms.schemas import SymptomLog, SymptomRequest, SymptomResult
from fembalance_ml.symptoms.screen import pmdd_screen
from fembalance_ml.symptoms.service import predict
from fembalance_ml.training.symptoms.cpass_check import cpass_summary
from fembalance_ml.training.symptoms.dataset import dated_logs
from tests.symptoms.vignettes import VIGNETTES

TODAY = date(2026, 6, 1)


def run(model: SymptomForecastModel, body: dict[str, Any]) -> SymptomResult:
    request = SymptomRequest.model_validate(body)
    return predict(model, request, today=TODAY)


def subject_body(data: pd.DataFrame, subject: int) -> dict[str, Any]:
    onsets, logs = dated_logs(data, subject)
    return {"cycles": [{"start_date": o.isoformat()} for o in onsets], "logs": logs}


def test_subject_158_through_the_service(data: pd.DataFrame, model: SymptomForecastModel) -> None:
    screen = run(model, subject_body(data, 158)).pmdd_screen
    assert screen.result == "mrmd"
    assert screen.cycles_evaluated == 2
    assert [(c.result, c.domains_met) for c in screen.cycles] == [("mrmd", 3), ("pmdd", 7)]
    assert "insomnia" not in screen.symptoms_meeting_criteria
    assert screen.method == "C-PASS"


def test_all_20_subjects_agree_with_the_direct_run(data: pd.DataFrame) -> None:
    summary = cpass_summary(data)
    assert summary["service_matches_direct_run"]
    assert summary["service_subject_level"] == {
        "no_diagnosis": 8,
        "insufficient_data": 5,
        "pmdd": 3,
        "mrmd": 3,
        "pme": 1,
    }


def test_one_evaluable_cycle_asks_for_one_more(
    data: pd.DataFrame, model: SymptomForecastModel
) -> None:
    screen = run(model, subject_body(data, 15)).pmdd_screen
    assert screen.result == "insufficient_data"
    assert screen.cycles[0].result == "pmdd"
    assert screen.message is not None
    assert "for 1 more cycle" in screen.message


def test_no_drsp_logs_ask_for_two_cycles(model: SymptomForecastModel) -> None:
    body = {
        "cycles": [{"start_date": "2026-01-03"}, {"start_date": "2026-01-31"}],
        "logs": [{"date": "2026-01-30", "symptom": "cramps", "severity": 3}],
    }
    response = run(model, body)
    assert response.pmdd_screen.result == "insufficient_data"
    assert response.pmdd_screen.cycles == []
    assert response.pmdd_screen.message is not None
    assert "for 2 more cycle" in response.pmdd_screen.message


def test_core_items_never_rated_give_insufficient_data(model: SymptomForecastModel) -> None:
    onsets = [date(2025, 1, 6) + timedelta(days=35 * k) for k in range(2)]
    logs = [
        {
            "date": (o + timedelta(days=d)).isoformat(),
            "symptom": "lethargy",
            "severity": 5 if d < 0 else 1,
        }
        for o in onsets
        for d in [*range(-7, 0), *range(3, 10)]
    ]
    body = {"cycles": [{"start_date": o.isoformat()} for o in onsets], "logs": logs}
    screen = run(model, body).pmdd_screen
    assert screen.cycles_evaluated == 2
    assert screen.result == "insufficient_data"
    assert screen.message is not None
    assert "core mood items" in screen.message


def test_healthy_log_end_to_end(model: SymptomForecastModel) -> None:
    response = predict(model, VIGNETTES[0].request(), today=TODAY)
    assert response.red_flags == []
    # The result only: version, disclaimer and group are the serving layer's.
    assert type(response) is SymptomResult
    cramps = next(p for p in response.patterns if p.symptom == "cramps")
    assert cramps.peak_phase == "menstrual"
    payload = json.loads(response.model_dump_json())
    # Issue 22 added `assumptions`, last: the request said nothing of age or context.
    assert list(payload) == ["pmdd_screen", "patterns", "red_flags", "forecast", "assumptions"]
    assert [note["code"] for note in payload["assumptions"]] == [
        "context_not_stated",
        "age_not_stated",
    ]


def test_as_of_defaults_to_today(data: pd.DataFrame, model: SymptomForecastModel) -> None:
    forecast = run(model, subject_body(data, 2)).forecast
    assert forecast
    assert min(entry.date for entry in forecast) > TODAY
    assert max(entry.date for entry in forecast) <= TODAY + timedelta(days=7)


def test_committed_artifact_loads_and_predicts(data: pd.DataFrame) -> None:
    artifact = load_verified(get_settings().models.path / "symptom_analysis", "v1.1.0")
    artifact.model.warmup()
    assert artifact.metadata["evaluation"]["cpass"]["cycles"] == 37
    request = SymptomRequest.model_validate(subject_body(data, 158))
    response = predict(artifact.model, request, today=TODAY)
    assert response.pmdd_screen.result == "mrmd"


def test_every_screen_result_carries_a_plain_message(data: pd.DataFrame) -> None:
    seen = set()
    for subject in sorted(data["subject"].unique()):
        onsets, raw = dated_logs(data, int(subject))
        screen = pmdd_screen(onsets, [SymptomLog.model_validate(log) for log in raw])
        seen.add(screen.result)
        assert screen.message
        if screen.result in {"pmdd", "mrmd", "pme"}:
            assert "a pattern consistent with" in screen.message
            assert "a clinician confirms the diagnosis" in screen.message
            assert f"({screen.result.upper()})" in screen.message
        if screen.result == "no_diagnosis":
            assert "does not rule anything else out" in screen.message
    assert seen == {"pmdd", "mrmd", "pme", "no_diagnosis", "insufficient_data"}


def test_pmdd_with_hopelessness_rated_6_for_7_days_gets_a_message_and_crisis_support(
    data: pd.DataFrame, model: SymptomForecastModel
) -> None:
    # Issue 15: this answer had no message at all.
    body = subject_body(data, 2)
    last_onset = date.fromisoformat(body["cycles"][-1]["start_date"])
    week = {(last_onset - timedelta(days=k)).isoformat() for k in range(1, 8)}
    body["logs"] = [
        log
        for log in body["logs"]
        if not (log["symptom"] == "hopelessness" and log["date"] in week)
    ] + [{"date": day, "symptom": "hopelessness", "severity": 6} for day in sorted(week)]
    response = run(model, body)
    assert response.pmdd_screen.result == "pmdd"
    assert response.pmdd_screen.message is not None
    assert "premenstrual dysphoric disorder (PMDD)" in response.pmdd_screen.message
    crisis = next(flag for flag in response.red_flags if flag.code == "crisis_support")
    assert "crisis line" in crisis.guidance
    assert response.red_flags[0] is crisis
