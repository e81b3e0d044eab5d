"""Regression tests for the input attacks of issue 16 (items 1-4 and 11).

Each test replays one attack an outside tester made in production mode: dates near year
9999 that overflowed (500), a lone surrogate in `user_id` (500), an unhandled error that
reached uvicorn with a traceback, messages that echoed (and doubled) megabyte inputs, and
errors of shape (a character offset as the field, form bodies, pydantic's prefixes).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.api.body_limit import BodySizeLimitMiddleware
from fembalance_ml.cycle.rules import ABNORMAL_CYCLE_CODES
from fembalance_ml.cycle.schemas import MAX_HORIZON
from fembalance_ml.domain_errors import answers_dates
from fembalance_ml.main import build_app
from fembalance_ml.observability.logging import configure_logging
from fembalance_ml.schema_types import DATE_MAX, DATE_MIN, USER_ID_MAX_LENGTH
from fembalance_ml.security.privacy import Pseudonymizer
from tests.conftest import body, make_settings
from tests.support.servers import gunicorn_server, stop
from tests.support.specs import with_predict

CYCLE = "/api/v1/predict/cycle"
SYMPTOMS = "/api/v1/predict/symptoms"
PCOS = "/api/v1/predict/pcos"
BATCH = "/api/v1/predict/batch"
PATHS = {"pcos": PCOS, "cycle": CYCLE, "symptoms": SYMPTOMS}
# An answer to bad input, however large the input: a few problems and a count.
SMALL_ANSWER_BYTES = 8_000


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app over the committed models; server exceptions raise in the test."""
    with TestClient(build_app(make_settings(log_level="WARNING"))) as test_client:
        yield test_client


def post_raw(client: TestClient, path: str, raw: str | bytes, content_type: str) -> Any:
    """POST a body exactly as given (json= would refuse a lone surrogate)."""
    content = raw.encode() if isinstance(raw, str) else raw
    return client.post(path, content=content, headers={"Content-Type": content_type})


def error_of(response: Any) -> dict[str, Any]:
    """The envelope's `error` object."""
    error: dict[str, Any] = response.json()["error"]
    return error


def fields_of(error: dict[str, Any]) -> list[str]:
    """The `field` of every detail."""
    return [detail["field"] for detail in error["details"]]


def cycle_body(starts: list[str], as_of: str | None, horizon: int = 3) -> dict[str, Any]:
    """A cycle request with these period starts."""
    return {
        "cycles": [{"start_date": start} for start in starts],
        "as_of": as_of,
        "horizon_cycles": horizon,
    }


def symptoms_body(starts: list[str], log_days: list[str], as_of: str | None) -> dict[str, Any]:
    """A symptoms request with these period starts and one cramps log per day."""
    return {
        "cycles": [{"start_date": start} for start in starts],
        "logs": [{"date": day, "symptom": "cramps", "severity": 3} for day in log_days],
        "as_of": as_of,
    }


# --- 1. Dates the service cannot forecast: a located 422, never a 500 -------------------


@pytest.mark.parametrize(
    ("path", "request_body", "field"),
    [
        (CYCLE, {**body("cycle"), "as_of": "9999-12-31"}, "as_of"),
        (
            CYCLE,
            cycle_body(["9999-10-01", "9999-11-01", "9999-12-01"], None),
            "cycles[0].start_date",
        ),
        (CYCLE, cycle_body(["0001-01-01"], "0001-02-01"), "cycles[0].start_date"),
        (
            SYMPTOMS,
            symptoms_body(["2026-01-01"], ["9999-12-30"], "2026-02-01"),
            "logs[0].date",
        ),
        (
            SYMPTOMS,
            symptoms_body(["9999-11-01", "9999-12-01"], ["9999-12-30"], "9999-12-31"),
            "as_of",
        ),
    ],
)
def test_dates_out_of_range_get_a_located_422(
    client: TestClient, path: str, request_body: dict[str, Any], field: str
) -> None:
    response = client.post(path, json=request_body)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_input"
    assert field in fields_of(error)
    assert {d["type"] for d in error["details"] if d["field"] == field} == {"date_out_of_range"}
    assert f"{DATE_MIN} to {DATE_MAX}" in error["message"]


@pytest.mark.parametrize("horizon", [1, MAX_HORIZON])
@pytest.mark.parametrize(
    ("starts", "as_of"),
    [
        ([DATE_MAX - timedelta(days=40), DATE_MAX], DATE_MAX),
        ([DATE_MIN], DATE_MAX),
        ([DATE_MIN, DATE_MAX], DATE_MAX),
        ([DATE_MIN, DATE_MIN + timedelta(days=10)], DATE_MIN + timedelta(days=10)),
    ],
)
def test_every_date_in_range_is_answered(
    client: TestClient, starts: list[date], as_of: date, horizon: int
) -> None:
    """At the edges of the range, with the longest horizon, every forecast date computes."""
    request_body = cycle_body([str(day) for day in starts], str(as_of), horizon)
    response = client.post(CYCLE, json=request_body)
    assert response.status_code in {200, 422}, response.text
    if response.status_code == 200:
        answer = response.json()
        # An abnormal cycle (late, absent, after a gap of years) is not forecast at all.
        abnormal = {f["code"] for f in answer["flags"]} & ABNORMAL_CYCLE_CODES
        assert len(answer["upcoming"]) == (0 if abnormal else horizon)


def test_symptoms_at_the_edge_of_the_range_are_answered(client: TestClient) -> None:
    starts = [str(DATE_MAX - timedelta(days=days)) for days in (58, 30, 2)]
    logs = [str(DATE_MAX - timedelta(days=days)) for days in range(10)]
    response = client.post(SYMPTOMS, json=symptoms_body(starts, logs, str(DATE_MAX)))
    assert response.status_code == 200, response.text
    assert response.json()["forecast"]


def test_an_out_of_range_item_fails_only_its_batch_slot(client: TestClient) -> None:
    items = [
        {"model_name": "cycle", "input": {**body("cycle"), "as_of": "9999-12-31"}},
        {"model_name": "cycle", "input": body("cycle")},
        {"model_name": "symptoms", "input": symptoms_body(["9999-12-01"], [], "9999-12-31")},
    ]
    response = client.post(BATCH, json={"requests": items})
    assert response.status_code == 200
    first, second, third = response.json()["predictions"]
    assert fields_of(first["error"]) == ["as_of"]
    assert "predicted_start_date" in second
    assert "as_of" in fields_of(third["error"])


@answers_dates
def _overflowing(*_args: object, **_kwargs: object) -> Any:
    raise OverflowError("date value out of range")


def test_any_domain_input_error_is_a_422_and_a_batch_slot() -> None:
    """Date arithmetic the bounds miss still fails one answer, not the request or batch:
    the domain's guard (`answers_dates`) makes the overflow an InvalidQuestion."""
    models = with_predict(_overflowing, "symptoms")
    request_body = {**body("symptoms"), "as_of": "2026-02-27"}
    with TestClient(build_app(make_settings(cache_enabled=False), models)) as client:
        single = client.post(SYMPTOMS, json=request_body)
        assert single.status_code == 422
        assert "outside the range" in error_of(single)["message"]
        items = [
            {"model_name": "symptoms", "input": request_body},
            {"model_name": "cycle", "input": body("cycle")},
        ]
        batch = client.post(BATCH, json={"requests": items})
    assert batch.status_code == 200
    refused, answered = batch.json()["predictions"]
    assert refused["error"]["code"] == "invalid_input"
    assert "predicted_start_date" in answered


def _broken_rule(*_args: object, **_kwargs: object) -> Any:
    raise ValueError("an internal invariant broke")


def test_only_invalid_question_is_a_422_any_other_error_a_500() -> None:
    """A ValueError that is not the domain's InvalidQuestion is a bug: the 500 envelope,
    never a 422 blaming the client."""
    models = with_predict(_broken_rule, "cycle")
    settings = make_settings(log_level="WARNING", cache_enabled=False)
    with TestClient(build_app(settings, models), raise_server_exceptions=False) as broken:
        response = broken.post(PATHS["cycle"], json=body("cycle"))
    assert response.status_code == 500
    assert error_of(response)["code"] == "internal_error"
    assert "invariant" not in response.text


# --- 2. user_id: one bounded, printable type on all three models -----------------------


@pytest.mark.parametrize("model", ["pcos", "cycle", "symptoms"])
@pytest.mark.parametrize(
    "user_id_json",
    ['"\\ud800"', '"a\\udfffb"', '"line\\nbreak"', json.dumps("u" * (USER_ID_MAX_LENGTH + 1))],
)
def test_unusable_user_ids_are_refused(client: TestClient, model: str, user_id_json: str) -> None:
    raw = json.dumps(body(model)).replace('"test-user-1"', user_id_json)
    response = post_raw(client, PATHS[model], raw, "application/json")
    assert response.status_code == 422
    assert fields_of(error_of(response)) == ["user_id"]


@pytest.mark.parametrize("model", ["pcos", "cycle", "symptoms"])
def test_longest_user_id_is_accepted(client: TestClient, model: str) -> None:
    request_body = {**body(model), "user_id": "é" * USER_ID_MAX_LENGTH}
    assert client.post(PATHS[model], json=request_body).status_code == 200


def test_pseudonyms_exist_for_any_string() -> None:
    pseudonymizer = Pseudonymizer(b"test-pseudonym-key")
    pseudonym = pseudonymizer.user("\ud800")
    assert pseudonym is not None
    assert len(pseudonym) == 16
    assert pseudonym != pseudonymizer.user("\udfff")
    assert 0 <= pseudonymizer.bucket("pcos", "a\udfffb") < 10_000
    # Valid text hashes as plain UTF-8, as before: no user changes pseudonym or A/B group.
    assert pseudonymizer.user("émilie") == pseudonymizer.digest(b"user", "émilie".encode())[:16]


# --- 3. An unhandled error stops at the app: one log line, no traceback ----------------


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """Point the logs back at pytest's stdout once capfd's stream is closed."""
    yield
    configure_logging("WARNING")


def test_an_unhandled_error_never_reaches_the_server(
    restored_logging: None, capfd: pytest.CaptureFixture[str]
) -> None:
    secret = "secret-value-7731"

    def fail(_model: object, request: Any, **_: object) -> None:
        raise RuntimeError(f"failed on {request.user_id}")

    app = build_app(make_settings(log_level="INFO"), with_predict(fail))
    # raise_server_exceptions: an exception that left the app would fail this test.
    with TestClient(app, raise_server_exceptions=True) as test_client:
        capfd.readouterr()
        response = test_client.post(CYCLE, json={**body("cycle"), "user_id": secret})
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "internal_error"
    assert response.headers["X-Request-ID"] == error["request_id"]
    logged = capfd.readouterr()
    output = logged.out + logged.err
    lines = [json.loads(line) for line in logged.out.splitlines() if "unhandled_error" in line]
    assert len(lines) == 1
    assert lines[0]["error_type"] == "RuntimeError"
    assert lines[0]["request_id"] == error["request_id"]
    assert "Traceback" not in output
    assert secret not in output


def test_an_error_between_the_middleware_layers_stops_at_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passing = BodySizeLimitMiddleware.__call__

    async def broken(self: BodySizeLimitMiddleware, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            raise RuntimeError("a middleware layer failed")
        await passing(self, scope, receive, send)  # the lifespan still starts the app

    monkeypatch.setattr(BodySizeLimitMiddleware, "__call__", broken)
    app = build_app(make_settings(log_level="CRITICAL"))
    with TestClient(app, raise_server_exceptions=True) as test_client:
        response = test_client.post(CYCLE, json=body("cycle"))
    assert response.status_code == 500
    assert error_of(response)["request_id"] == response.headers["X-Request-ID"]


# --- 4. Answers to bad input name the field, quote little, stay small ------------------


def test_a_huge_bad_symptom_name_gets_a_small_answer(client: TestClient) -> None:
    request_body = body("symptoms")
    request_body["logs"][0]["symptom"] = "x" * 500_000
    response = client.post(SYMPTOMS, json=request_body)
    assert response.status_code == 422
    assert len(response.content) < SMALL_ANSWER_BYTES
    assert "x" * 41 not in response.text
    assert fields_of(error_of(response)) == ["logs[0].symptom"]


def test_a_huge_bad_date_gets_a_small_answer(client: TestClient) -> None:
    request_body = body("cycle")
    request_body["cycles"][3]["start_date"] = "9" * 900_000
    response = client.post(CYCLE, json=request_body)
    assert response.status_code == 422
    assert len(response.content) < SMALL_ANSWER_BYTES
    assert "9" * 41 not in response.text
    assert fields_of(error_of(response)) == ["cycles[3].start_date"]


def test_a_huge_unknown_field_name_is_cut_short(client: TestClient) -> None:
    response = client.post(CYCLE, json={**body("cycle"), "k" * 300_000: 1})
    assert response.status_code == 422
    assert len(response.content) < SMALL_ANSWER_BYTES
    assert "k" * 41 not in response.text


def test_thousands_of_bad_logs_get_a_bounded_answer(client: TestClient) -> None:
    request_body = body("symptoms")
    request_body["logs"] = [
        {"date": "2026-01-10", "symptom": f"not_a_symptom_{i}", "severity": 3} for i in range(5_000)
    ]
    response = client.post(SYMPTOMS, json=request_body)
    assert response.status_code == 422
    assert len(response.content) < SMALL_ANSWER_BYTES * 2
    error = error_of(response)
    assert 0 < len(error["details"]) <= 20
    assert "4999 more problems" in error["message"]


def test_a_batch_item_with_thousands_of_bad_logs_gets_a_bounded_slot(client: TestClient) -> None:
    request_body = body("symptoms")
    request_body["logs"] = [
        {"date": "2026-01-10", "symptom": "x" * 100, "severity": 3} for _ in range(3_000)
    ]
    items = [{"model_name": "symptoms", "input": request_body}]
    response = client.post(BATCH, json={"requests": items})
    assert response.status_code == 200
    assert len(response.content) < SMALL_ANSWER_BYTES * 2
    error = response.json()["predictions"][0]["error"]
    assert len(error["details"]) == 20
    assert "2999 more problems" in error["message"]


def test_date_rules_point_at_the_entries_without_quoting_them(client: TestClient) -> None:
    request_body = body("cycle")
    request_body["as_of"] = "2026-02-01"  # before the start of cycles[6] (2026-02-18)
    response = client.post(CYCLE, json=request_body)
    assert response.status_code == 422
    error = error_of(response)
    assert fields_of(error) == ["cycles[6].start_date"]
    assert error["details"][0]["location"] == ["cycles", 6, "start_date"]
    assert error["details"][0]["type"] == "after_as_of"
    assert "2026-02-18" not in response.text


def test_a_domain_rule_over_many_entries_gets_a_bounded_answer(client: TestClient) -> None:
    """Without `as_of` the service checks the starts against today: 600 future starts."""
    starts = [str(date(2100, 1, 1) + timedelta(days=30 * i)) for i in range(600)]
    response = client.post(CYCLE, json=cycle_body(starts, None))
    assert response.status_code == 422
    assert len(response.content) < SMALL_ANSWER_BYTES
    error = error_of(response)
    assert len(error["details"]) == 20
    assert error["details"][0]["type"] == "after_as_of"
    assert "599 more problems" in error["message"]


def test_starts_too_close_point_at_both_submitted_entries(client: TestClient) -> None:
    request_body = body("cycle")
    # Submitted out of order: the locations are the client's indices, not sorted ones.
    request_body["cycles"].insert(0, {"start_date": "2025-10-02"})  # 2 days after cycles[2]
    response = client.post(CYCLE, json=request_body)
    assert response.status_code == 422
    error = error_of(response)
    assert fields_of(error) == ["cycles[0].start_date", "cycles[2].start_date"]
    assert "2 days apart" in error["message"]
    assert "2025-10-02" not in response.text
    assert "2025-09-30" not in response.text


def test_symptom_rules_point_at_the_logs(client: TestClient) -> None:
    request_body = body("symptoms")
    request_body["logs"].append(dict(request_body["logs"][2]))
    duplicate = client.post(SYMPTOMS, json=request_body)
    assert duplicate.status_code == 422
    assert fields_of(error_of(duplicate)) == ["logs[2]", "logs[6]"]
    assert error_of(duplicate)["details"][0]["type"] == "duplicate_log"
    request_body["logs"][6] = {"date": "2026-03-01", "symptom": "cramps", "severity": 2}
    late = client.post(SYMPTOMS, json=request_body)
    assert late.status_code == 422
    assert fields_of(error_of(late)) == ["logs[6].date"]
    assert "2026-03-01" not in late.text


# --- 11. Errors of shape -----------------------------------------------------------------


def test_malformed_json_is_reported_for_the_body(client: TestClient) -> None:
    response = post_raw(client, CYCLE, '{"cycles": [', "application/json")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_json"
    assert fields_of(error) == [""]
    assert "not valid JSON" in error["message"]
    assert "character 12" in error["message"]


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"]
)
@pytest.mark.parametrize("path", [CYCLE, PCOS, BATCH])
def test_a_body_that_is_not_json_gets_415(client: TestClient, path: str, content_type: str) -> None:
    response = post_raw(client, path, "user_id=1&cycles=2", content_type)
    assert response.status_code == 415
    error = error_of(response)
    assert error["code"] == "unsupported_media_type"
    assert error["request_id"] == response.headers["X-Request-ID"]


def test_a_json_body_without_content_type_gets_415(client: TestClient) -> None:
    response = client.post(CYCLE, content=json.dumps(body("cycle")).encode())
    assert response.status_code == 415


def test_messages_carry_no_pydantic_prefix(client: TestClient) -> None:
    request_body = body("symptoms")
    request_body["logs"][0]["symptom"] = "nope"
    response = client.post(SYMPTOMS, json=request_body)
    error = error_of(response)
    assert "Value error" not in error["message"]
    assert all(not d["message"].startswith("Value error") for d in error["details"])


@pytest.mark.integration
def test_gunicorn_logs_no_traceback_and_no_value() -> None:
    """Under gunicorn and uvicorn workers, as in production: the log of a forced error."""
    secret = "secret-user-5513"
    env = {"API_KEY_REQUIRED": "false", "MODEL_WATCH_SECONDS": "0", "LOG_LEVEL": "INFO"}
    app = "tests.robustness.failing_app:failing_app()"
    with gunicorn_server(env, workers=1, app=app) as server:
        request = urllib.request.Request(
            server.url + CYCLE,
            data=json.dumps({**body("cycle"), "user_id": secret}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        answer = json.loads(refused.value.read())
        assert refused.value.code == 500
        assert answer["error"]["code"] == "internal_error"
        # Uvicorn logs an escaped error after the answer: stop the server so it is all there.
        stop(server.process)
        logged = server.log_path.read_text(errors="replace")
    assert "unhandled_error" in logged
    assert answer["error"]["request_id"] in logged
    assert "Traceback" not in logged
    assert "Exception in ASGI application" not in logged
    assert secret not in logged
