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
