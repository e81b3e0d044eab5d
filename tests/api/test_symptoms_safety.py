"""Issue 15 through HTTP: urgent flags, the new vocabulary and the screen message."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

NEW_SYMPTOMS = {
    "bleeding_after_sex",
    "blood_in_urine",
    "rectal_bleeding",
    "clots_flooding",
    "dizziness",
}
ONSETS = [date(2026, 1, 5) + timedelta(days=28 * k) for k in range(3)]


def logs_on(first: date, days: int, symptom: str, severity: int) -> list[dict[str, Any]]:
    return [
        {"date": (first + timedelta(days=d)).isoformat(), "symptom": symptom, "severity": severity}
        for d in range(days)
    ]


def analyse(client: TestClient, logs: list[dict[str, Any]], as_of: date) -> dict[str, Any]:
    request = {
        "cycles": [{"start_date": onset.isoformat()} for onset in ONSETS],
        "logs": logs,
        "as_of": as_of.isoformat(),
    }
    response = client.post("/api/v1/predict/symptoms", json=request)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_the_vocabulary_lists_the_new_symptoms(client: TestClient) -> None:
    listed = {s["name"]: s for s in client.get("/api/v1/symptoms").json()["symptoms"]}
    assert set(listed) >= NEW_SYMPTOMS
    assert all(listed[name]["kind"] == "physical" for name in NEW_SYMPTOMS)


@pytest.mark.parametrize(
    ("logs", "as_of"),
    [
        (logs_on(ONSETS[-1], 5, "heavy_bleeding", 6), ONSETS[-1] + timedelta(days=4)),
        (
            logs_on(ONSETS[-1] + timedelta(days=13), 1, "pelvic_pain", 6)
            + logs_on(ONSETS[-1] + timedelta(days=13), 1, "spotting", 3),
            ONSETS[-1] + timedelta(days=13),
        ),
        (logs_on(ONSETS[-1], 20, "spotting", 2), ONSETS[-1] + timedelta(days=19)),
    ],
    ids=["five days of heavy bleeding rated 6", "extreme mid-cycle pain", "a 20-day bleed"],
)
def test_issue_15_reproductions_get_urgent_care(
    client: TestClient, logs: list[dict[str, Any]], as_of: date
) -> None:
    answer = analyse(client, logs, as_of)
    codes = [flag["code"] for flag in answer["red_flags"]]
    assert codes[0] == "urgent_care"
    assert "today" in answer["red_flags"][0]["guidance"]
    bleeding = [e for e in answer["forecast"] if e["symptom"] in {"heavy_bleeding", "spotting"}]
    assert all(entry["probability"] <= 0.8 for entry in bleeding)


def test_bleeding_after_sex_is_flagged_at_once(client: TestClient) -> None:
    logs = logs_on(ONSETS[-1] + timedelta(days=10), 1, "bleeding_after_sex", 3)
    answer = analyse(client, logs, ONSETS[-1] + timedelta(days=12))
    assert [flag["code"] for flag in answer["red_flags"]] == ["postcoital_bleeding"]
    assert answer["forecast"] == []


def test_the_screen_message_is_in_the_answer(client: TestClient) -> None:
    answer = analyse(client, [], ONSETS[-1])
    assert answer["pmdd_screen"]["result"] == "insufficient_data"
    assert "more cycle" in answer["pmdd_screen"]["message"]


# --- Issue 22: answers that fit the person --------------------------------------------------

ISSUE_22_SYMPTOMS = {
    "fainting",
    "fever",
    "one_sided_pain",
    "shoulder_tip_pain",
    "abnormal_discharge",
    "suicidal_thoughts",
    "self_harm",
}


def test_the_vocabulary_lists_the_warning_signs(client: TestClient) -> None:
    listed = {s["name"]: s for s in client.get("/api/v1/symptoms").json()["symptoms"]}
    assert set(listed) >= ISSUE_22_SYMPTOMS
    assert {listed[name]["kind"] for name in ISSUE_22_SYMPTOMS} == {"physical"}


def _on(day: date, symptom: str, severity: int) -> dict[str, Any]:
    return {"date": day.isoformat(), "symptom": symptom, "severity": severity}


MID_CYCLE = ONSETS[-1] + timedelta(days=13)
DUE = ONSETS[-1] + timedelta(days=28)


@pytest.mark.parametrize(
    ("logs", "as_of", "rule"),
    [
        (
            [
                _on(MID_CYCLE, "pelvic_pain", 5),
                _on(MID_CYCLE, "dizziness", 5),
                _on(MID_CYCLE, "nausea", 4),
            ],
            MID_CYCLE,
            "pain_with_dizziness_or_fainting",
        ),
        (
            [_on(ONSETS[-1], "cramps", 6), _on(ONSETS[-1], "dizziness", 5)],
            ONSETS[-1],
            "pain_with_dizziness_or_fainting",
        ),
        (
            [
                _on(DUE + timedelta(days=7), "pelvic_pain", 4),
                _on(DUE + timedelta(days=9), "spotting", 2),
                _on(DUE + timedelta(days=10), "dizziness", 4),
            ],
            DUE + timedelta(days=12),
            "late_period_with_pain_or_bleeding",
        ),
    ],
    ids=[
        "severe mid-cycle pelvic pain with dizziness and nausea",
        "severe cramps with dizziness on day 1",
        "a period 12 days late with pelvic pain, spotting and dizziness",
    ],
)
def test_issue_22_reproductions_get_urgent_care(
    client: TestClient, logs: list[dict[str, Any]], as_of: date, rule: str
) -> None:
    answer = analyse(client, logs, as_of)
    first = answer["red_flags"][0]
    assert first["code"] == "urgent_care"
    assert rule in first["params"]["rules"]
    assert "today" in first["guidance"]
    assert "pregnan" in first["guidance"]
    assert "NICE NG126" in first["source"]
    assert [a["code"] for a in answer["assumptions"]] == ["context_not_stated", "age_not_stated"]


def test_logged_thoughts_of_suicide_get_crisis_support_first(client: TestClient) -> None:
    logs = [
        _on(ONSETS[-1], "heavy_bleeding", 6),
        _on(ONSETS[-1] + timedelta(days=1), "suicidal_thoughts", 2),
        _on(ONSETS[-1] + timedelta(days=2), "suicidal_thoughts", 3),
    ]
    answer = analyse(client, logs, ONSETS[-1] + timedelta(days=3))
    assert [flag["code"] for flag in answer["red_flags"]] == ["crisis_support", "urgent_care"]
    crisis = answer["red_flags"][0]
    assert crisis["params"]["suicidal_thoughts_or_self_harm.dates"] == [
        (ONSETS[-1] + timedelta(days=k)).isoformat() for k in (1, 2)
    ]
    assert "crisis line" in crisis["guidance"]
    assert all(entry["symptom"] != "suicidal_thoughts" for entry in answer["forecast"])


def test_a_13_day_bleed_is_prolonged_as_in_cycle(client: TestClient) -> None:
    # Issue 22: /cycle flagged a 9-day period, /symptoms raised nothing for 13 days.
    answer = analyse(client, logs_on(ONSETS[-1], 13, "spotting", 2), ONSETS[-1] + timedelta(12))
    flags = {flag["code"]: flag for flag in answer["red_flags"]}
    assert set(flags) == {"prolonged_menstruation"}
    assert flags["prolonged_menstruation"]["params"]["longest_days"] == 13
    nine = [{"start_date": o.isoformat(), "period_length_days": 9} for o in ONSETS[-1:]]
    earlier = [{"start_date": o.isoformat()} for o in ONSETS[:-1]]
    for route in ("symptoms", "cycle"):
        body = {"cycles": earlier + nine, "as_of": (ONSETS[-1] + timedelta(9)).isoformat()}
        if route == "symptoms":
            body["logs"] = []
        response = client.post(f"/api/v1/predict/{route}", json=body)
        assert response.status_code == 200, response.text
        key = "red_flags" if route == "symptoms" else "flags"
        assert "prolonged_menstruation" in {flag["code"] for flag in response.json()[key]}, route


def test_a_context_changes_the_answer_and_its_assumptions(client: TestClient) -> None:
    logs = logs_on(ONSETS[-1] + timedelta(days=40), 1, "spotting", 2)
    request = {
        "cycles": [{"start_date": onset.isoformat()} for onset in ONSETS],
        "logs": logs,
        "as_of": (ONSETS[-1] + timedelta(days=42)).isoformat(),
        "age": 31,
        "context": {
            "pregnancy": "pregnant",
            "pregnancy_start_date": ONSETS[-1].isoformat(),
            "contraception": "none",
            "menopause": "no",
            "breastfeeding": "no",
        },
    }
    response = client.post("/api/v1/predict/symptoms", json=request)
    assert response.status_code == 200, response.text
    answer = response.json()
    # Every part of the context stated: nothing assumed, only why there is no forecast.
    assert [a["code"] for a in answer["assumptions"]] == ["no_symptom_forecast"]
    assert answer["red_flags"][0]["params"]["rules"] == ["bleeding_or_pain_in_pregnancy"]
    assert answer["forecast"] == []
    assert answer["pmdd_screen"]["notes"][0]["code"] == "pmdd_screen_in_pregnancy"
    request["context"] = {"never_menstruated": True}
    refused = client.post("/api/v1/predict/symptoms", json=request)
    assert refused.status_code == 422
    assert "context_conflict" in refused.text
