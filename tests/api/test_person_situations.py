"""Issue 22's situations as an integrator sends them: through HTTP, all three models and the batch.

Each domain tests its rules with plain function calls; this module asks the service the
questions the clinical review asked, in the shape a client sends them, and checks the
answer a person would read is safe: the urgent flag first, no alarm where the norms for
her age say nothing is wrong, no forecast where there is no cycle, and an answer that
says what it assumed when the request said nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

AS_OF = date(2026, 6, 1)
FEATURES_HEALTHY = {
    "irregular_periods": 0,
    "excess_hair_growth": 0,
    "acne": 0,
    "weight_gain": 0,
    "hair_loss": 0,
    "dark_skin_patches": 0,
}


def cycle_body(
    lengths: list[int],
    days_after_last: int,
    *,
    age: float | None = 30,
    period_days: int | None = None,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A /cycle request whose last logged start is `days_after_last` days before as_of."""
    starts = [AS_OF - timedelta(days=days_after_last)]
    for length in reversed(lengths):
        starts.insert(0, starts[0] - timedelta(days=length))
    body: dict[str, Any] = {
        "cycles": [
            {"start_date": start.isoformat(), "period_length_days": period_days} for start in starts
        ],
        "as_of": AS_OF.isoformat(),
        "age": age,
    }
    if context is not None:
        body["context"] = context
    return body


def symptoms_body(
    logs: list[tuple[int, str, int]],
    *,
    starts_before: tuple[int, ...] = (70, 42, 14),
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A /symptoms request: period starts and (days before as_of, symptom, rating) logs."""
    body: dict[str, Any] = {
        "cycles": [{"start_date": (AS_OF - timedelta(days=d)).isoformat()} for d in starts_before],
        "logs": [
            {"date": (AS_OF - timedelta(days=d)).isoformat(), "symptom": s, "severity": r}
            for d, s, r in logs
        ],
        "as_of": AS_OF.isoformat(),
    }
    if context is not None:
        body["context"] = context
    return body


def post(client: TestClient, route: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1/predict/{route}", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def codes(flags: list[dict[str, Any]]) -> list[str]:
    return [flag["code"] for flag in flags]


@pytest.mark.parametrize(
    "logs",
    [
        [(0, "pelvic_pain", 5), (0, "dizziness", 5), (0, "nausea", 4)],
        [(0, "cramps", 6), (0, "dizziness", 5)],
        [(0, "pelvic_pain", 4), (0, "fainting", 3)],
        [(1, "pelvic_pain", 4), (1, "fever", 3)],
    ],
    ids=["severe pain, dizzy, nauseous", "extreme cramps, dizzy", "pain, fainted", "pain, fever"],
)
def test_pain_with_a_warning_sign_is_urgent_at_once(
    client: TestClient, logs: list[tuple[int, str, int]]
) -> None:
    answer = post(client, "symptoms", symptoms_body(logs, starts_before=(70, 42, 14)))
    assert codes(answer["red_flags"])[0] == "urgent_care"


def test_a_late_period_with_pain_spotting_and_dizziness_is_urgent(client: TestClient) -> None:
    # 28-day cycles, the last start 40 days ago: 12 days late.
    logs = [(1, "pelvic_pain", 4), (1, "spotting", 2), (0, "dizziness", 4)]
    answer = post(client, "symptoms", symptoms_body(logs, starts_before=(96, 68, 40)))
    assert codes(answer["red_flags"])[0] == "urgent_care"
    assert "pregnan" in answer["red_flags"][0]["guidance"].lower()


@pytest.mark.parametrize("symptom", ["suicidal_thoughts", "self_harm"])
def test_thoughts_of_self_harm_get_crisis_support_first(client: TestClient, symptom: str) -> None:
    answer = post(client, "symptoms", symptoms_body([(3, symptom, 2)]))
    assert codes(answer["red_flags"])[0] == "crisis_support"


def test_the_vocabulary_has_the_warning_signs(client: TestClient) -> None:
    listed = {s["name"] for s in client.get("/api/v1/symptoms").json()["symptoms"]}
    assert {
        "fainting",
        "fever",
        "one_sided_pain",
        "shoulder_tip_pain",
        "abnormal_discharge",
        "suicidal_thoughts",
        "self_harm",
    } <= listed


def test_adolescent_cycles_are_judged_by_adolescent_norms(client: TestClient) -> None:
    long = post(client, "cycle", cycle_body([35, 42, 38, 40], 10, age=14))
    short = post(client, "cycle", cycle_body([22, 23, 22, 23], 10, age=13))
    assert "long_cycles" not in codes(long["flags"])
    assert "short_cycles" not in codes(short["flags"])
    bleeding = post(client, "cycle", cycle_body([28, 29], 10, age=14, period_days=8))
    assert "prolonged_menstruation" in codes(bleeding["flags"])


def test_one_long_bleed_gets_the_same_flag_from_cycle_and_symptoms(client: TestClient) -> None:
    cycle = post(client, "cycle", cycle_body([28, 28, 28], 10, period_days=9))
    bleed = [(14 - d, "heavy_bleeding" if d < 4 else "spotting", 3) for d in range(13)]
    symptoms = post(client, "symptoms", symptoms_body(bleed))
    assert "prolonged_menstruation" in codes(cycle["flags"])
    assert "prolonged_menstruation" in codes(symptoms["red_flags"])


@pytest.mark.parametrize(
    ("age", "gap", "context"),
    [
        (48, 200, None),
        (31, 455, None),
        (31, 455, {"delivery_date": (AS_OF - timedelta(days=300)).isoformat()}),
    ],
    ids=["48 after 200 days", "31 after 455 days", "31 after a birth"],
)
def test_a_long_gap_is_not_called_the_menopause_where_it_cannot_be(
    client: TestClient, age: float, gap: int, context: dict[str, Any] | None
) -> None:
    answer = post(client, "cycle", cycle_body([28, 29, gap], 3, age=age, context=context))
    assert "possible_postmenopausal_bleeding" not in codes(answer["flags"])
    assert "after the menopause" not in " ".join(flag["message"] for flag in answer["flags"])


def test_on_the_combined_pill_there_is_no_ovulation_to_predict(client: TestClient) -> None:
    body = cycle_body([28] * 6, 10, context={"contraception": "combined_hormonal"})
    answer = post(client, "cycle", body)
    assert answer["ovulation_date"] is None
    assert answer["fertile_window"] is None
    assert answer["upcoming"] == []
    assert answer["confidence"] != "high"
    assert "hormonal_contraception" in codes(answer["flags"])


def test_breastfeeding_for_330_days_is_not_a_late_period(client: TestClient) -> None:
    delivery = AS_OF - timedelta(days=330)
    body = cycle_body(
        [28, 28, 28],
        400,
        context={"delivery_date": delivery.isoformat(), "breastfeeding": "fully"},
    )
    answer = post(client, "cycle", body)
    flagged = codes(answer["flags"])
    assert "late_period" not in flagged
    assert "absent_period" not in flagged
    assert "postpartum_amenorrhoea" in flagged
    assert answer["predicted_start_date"] is None


def test_in_pregnancy_there_is_no_forecast_and_bleeding_is_urgent(client: TestClient) -> None:
    began = AS_OF - timedelta(days=45)
    body = cycle_body(
        [28, 28, 28, 37],
        8,
        context={"pregnancy": "pregnant", "pregnancy_start_date": began.isoformat()},
    )
    answer = post(client, "cycle", body)
    assert answer["predicted_start_date"] is None
    assert codes(answer["flags"])[0] == "urgent_care"


@pytest.mark.parametrize(
    ("features", "highest"),
    [
        (
            {
                "follicle_count_left": 25,
                "follicle_count_right": 25,
                "total_testosterone_nmol_l": 1.0,
                "cycle_length_days": 28,
            },
            "Medium",
        ),
        (
            {
                "excess_hair_growth": 1,
                "follicle_count_left": 19,
                "follicle_count_right": 19,
                "cycle_length_days": 29,
            },
            "Medium",
        ),
        ({"follicle_count_left": 15, "follicle_count_right": 15, "cycle_length_days": 28}, "Low"),
        ({"age": 16, "cycle_length_days": 28}, "Low"),
        ({"age": 19, "cycle_length_days": 28}, "Low"),
    ],
    ids=["25/25 follicles only", "19/19 with hirsutism", "15/15 only", "healthy 16", "healthy 19"],
)
def test_the_pcos_level_never_says_more_than_the_criteria(
    client: TestClient, features: dict[str, Any], highest: str
) -> None:
    answer = post(client, "pcos", {"features": {**FEATURES_HEALTHY, **features}})
    order = ["Low", "Medium", "High"]
    assert order.index(answer["risk_level"]) <= order.index(highest)


@pytest.mark.parametrize("route", ["pcos", "cycle", "symptoms"])
def test_an_answer_without_context_says_what_it_assumed(client: TestClient, route: str) -> None:
    body = {
        "pcos": {"features": FEATURES_HEALTHY},
        "cycle": cycle_body([28, 28, 28], 10),
        "symptoms": symptoms_body([(3, "cramps", 3)]),
    }[route]
    answer = post(client, route, body)
    assumed = {note["code"]: note for note in answer["assumptions"]}
    assert "context_not_stated" in assumed
    assert "pregnancy" in assumed["context_not_stated"]["params"]["not_stated"]


def test_a_batch_answers_each_context_as_its_route_does(client: TestClient) -> None:
    items = [
        ("pcos", {"features": FEATURES_HEALTHY, "context": {"contraception": "implant"}}),
        ("cycle", cycle_body([28] * 4, 10, context={"contraception": "combined_hormonal"})),
        ("symptoms", symptoms_body([(2, "spotting", 2)], context={"pregnancy": "pregnant"})),
    ]
    response = client.post(
        "/api/v1/predict/batch",
        json={"requests": [{"model_name": name, "input": body} for name, body in items]},
    )
    assert response.status_code == 200, response.text
    for (name, body), answer in zip(items, response.json()["predictions"], strict=True):
        single = post(client, name, body)
        for answered in (answer, single):
            answered.pop("prediction_id", None)
        assert answer.pop("model_name") == name
        assert answer == single


def test_a_context_that_contradicts_itself_is_refused_field_by_field(client: TestClient) -> None:
    body = cycle_body([28, 28], 10, context={"pregnancy_start_date": "2026-05-01"})
    response = client.post("/api/v1/predict/cycle", json=body)
    assert response.status_code == 422
    fields = {detail["field"] for detail in response.json()["error"]["details"]}
    assert fields == {"context.pregnancy_start_date", "context.pregnancy"}
    assert "2026-05-01" not in response.text
