"""Health data stays out of logs and error reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from fastapi.testclient import TestClient
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from fembalance_ml.main import build_app
from fembalance_ml.observability.sentry import init_sentry, scrub_event
from tests.conftest import body, make_settings
from tests.support.specs import with_predict

RAW_USER = "person-7781-raw-id"
HEALTH_VALUES = ["71.37", "163.9", "33.3", "2025-09-02", "2026-01-15", "anger_irritability"]


def private_requests() -> list[tuple[str, dict[str, Any]]]:
    """The suite's three kinds of request, with values easy to spot in any output."""
    pcos = body("pcos") | {"user_id": RAW_USER}
    pcos["features"].update({"weight_kg": 71.37, "height_cm": 163.9, "age": 33.3})
    cycle = body("cycle") | {"user_id": RAW_USER}
    symptoms = body("symptoms") | {"user_id": RAW_USER}
    bad = body("pcos") | {"user_id": RAW_USER}
    bad["features"]["bmi"] = 500
    return [
        ("/api/v1/predict/pcos", pcos),
        ("/api/v1/predict/cycle", cycle),
        ("/api/v1/predict/symptoms", symptoms),
        ("/api/v1/predict/pcos", bad),
        ("/api/v1/predict/batch", {"requests": [{"model_name": "pcos", "input": pcos}]}),
    ]


def test_logs_hold_no_health_values_and_no_raw_user_id(capsys: pytest.CaptureFixture[str]) -> None:
    with TestClient(build_app(make_settings(cache_models=["pcos"]))) as client:
        for path, request in private_requests():
            client.post(path, json=request)
    out = capsys.readouterr()
    logged = out.out + out.err
    lines = [json.loads(line) for line in logged.splitlines() if line.startswith("{")]
    served = [line for line in lines if line.get("event") == "request" and "model" in line]
    assert {line["model"] for line in served} >= {"pcos", "cycle", "symptoms"}
    assert all(len(line["user"]) == 16 for line in served)
    for secret in [RAW_USER, *HEALTH_VALUES]:
        assert secret not in logged, secret


class CapturingTransport(Transport):
    """Keeps envelopes in memory instead of sending them."""

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.envelopes: list[Envelope] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        self.envelopes.append(envelope)


@pytest.fixture
def sentry_transport() -> Iterator[CapturingTransport]:
    transport = CapturingTransport()
    init_sentry("https://public@sentry.example.invalid/1", "test", "1.0.0", transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()


def test_sentry_reports_errors_without_bodies_or_locals(
    sentry_transport: CapturingTransport,
) -> None:
    def broken(model: object, request: Any, **_: Any) -> Any:
        weight = request.features.weight_kg
        raise RuntimeError(f"cannot handle weight {weight}")

    app = build_app(make_settings(), with_predict(broken, "pcos"))
    with TestClient(app, raise_server_exceptions=False) as client:
        path, request = private_requests()[0]
        answer = client.post(path, json=request)
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "internal_error"
    assert "71.37" not in answer.text
    sentry_sdk.flush()
    events = [
        item.payload.json
        for env in sentry_transport.envelopes
        for item in env.items
        if item.type == "event"
    ]
    assert events, "no event reached the transport"
    text = json.dumps(events)
    for secret in [RAW_USER, *HEALTH_VALUES]:
        assert secret not in text, secret
    event = events[0]
    assert "data" not in event.get("request", {})
    frames = event["exception"]["values"][0]["stacktrace"]["frames"]
    assert all("vars" not in frame for frame in frames)


def test_scrubber_strips_request_data_user_and_locals() -> None:
    event: dict[str, Any] = {
        "request": {
            "method": "POST",
            "url": "http://h/p?x=1",
            "data": {"bmi": 31},
            "headers": {"Authorization": "Bearer k", "X-Request-ID": "r1"},
            "cookies": "c",
        },
        "user": {"id": "u"},
        "extra": {"body": "..."},
        "exception": {
            "values": [
                {"value": "bmi 31 too high", "stacktrace": {"frames": [{"vars": {"bmi": 31}}]}}
            ]
        },
    }
    scrubbed = scrub_event(event)
    assert scrubbed["request"] == {
        "method": "POST",
        "url": "http://h/p",
        "headers": {"X-Request-ID": "r1"},
    }
    assert "user" not in scrubbed
    assert "extra" not in scrubbed
    assert scrubbed["exception"]["values"][0]["value"] == "[scrubbed]"
    assert "vars" not in scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]
