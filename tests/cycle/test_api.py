"""The cycle endpoint over HTTP: abnormal cycles answer with nulls and `unknown`, per API.md."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient


def _body(lengths: list[int], days_after_last: int, age: float) -> dict[str, Any]:
    starts = [date(2024, 1, 1)]
    for length in lengths:
        starts.append(starts[-1] + timedelta(days=length))
    as_of = starts[-1] + timedelta(days=days_after_last)
    return {"cycles": [{"start_date": str(s)} for s in starts], "age": age, "as_of": str(as_of)}


def test_late_period_over_http(client: TestClient) -> None:
    response = client.post("/api/v1/predict/cycle", json=_body([28] * 7, 28 + 11, 30))
    assert response.status_code == 200
    answer = response.json()
    assert "late_period" in {flag["code"] for flag in answer["flags"]}
    assert answer["ovulation_date"] is None
    assert answer["fertile_window"] is None
    assert answer["upcoming"] == []
    assert answer["status"]["current_phase"] == "unknown"
    assert answer["confidence"] == "low"


def test_postmenopausal_bleeding_over_http(client: TestClient) -> None:
    response = client.post("/api/v1/predict/cycle", json=_body([28, 28, 28, 420], 3, 56))
    assert response.status_code == 200
    answer = response.json()
    codes = {flag["code"] for flag in answer["flags"]}
    assert {"possible_postmenopausal_bleeding", "regularity_not_assessed"} <= codes
    assert "possible_missed_log" not in codes
    assert answer["ovulation_date"] is None
    assert answer["regularity"] == "insufficient_data"


def test_schema_documents_the_additive_changes(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    response = schemas["CycleResponse"]["properties"]
    assert {"type": "null"} in response["ovulation_date"]["anyOf"]
    assert {"type": "null"} in response["fertile_window"]["anyOf"]
    assert "unknown" in schemas["CycleStatus"]["properties"]["current_phase"]["x-extensible-enum"]
    for field in ("predicted_start_date", "prediction_interval", "predicted_cycle_length"):
        assert {"type": "null"} in response[field]["anyOf"]
    fields = list(response)
    assert fields.index("assumptions") == fields.index("model_version") - 1  # the result's last
    assert "params" in schemas["FlagOut"]["properties"]


def test_pregnancy_over_http_answers_nulls_and_says_why(client: TestClient) -> None:
    body = _body([28] * 7, 40, 30) | {
        "context": {"pregnancy": "pregnant", "pregnancy_start_date": "2024-07-15"}
    }
    response = client.post("/api/v1/predict/cycle", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["predicted_start_date"] is None
    assert answer["prediction_interval"] is None
    assert [flag["code"] for flag in answer["flags"]] == ["pregnancy"]
    assert list(answer)[list(answer).index("flags") + 1] == "assumptions"


def test_context_dates_after_as_of_are_refused_at_their_field(client: TestClient) -> None:
    body = _body([28] * 3, 5, 30)
    body["context"] = {"delivery_date": "2030-01-01"}
    response = client.post("/api/v1/predict/cycle", json=body)
    assert response.status_code == 422
    fields = {detail["field"] for detail in response.json()["error"]["details"]}
    assert fields == {"context.delivery_date"}
    assert "2030-01-01" not in response.text
    # Without as_of the day is today's, checked by the service: the same answer.
    del body["as_of"]
    body["context"] = {"delivery_date": "2199-01-01"}
    later = client.post("/api/v1/predict/cycle", json=body)
    assert later.status_code == 422
    assert {d["field"] for d in later.json()["error"]["details"]} == {"context.delivery_date"}
