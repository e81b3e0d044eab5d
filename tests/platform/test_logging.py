"""The log line: its shape, its timestamp, and fields that belong to one request only."""

from __future__ import annotations

import json
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import structlog
from fastapi.testclient import TestClient
from opentelemetry import trace

from fembalance_ml.main import build_app
from fembalance_ml.observability import logging as logging_module
from fembalance_ml.observability.logging import (
    UtcTimestamp,
    bind_request_fields,
    merge_request_fields,
    start_request_fields,
)
from tests.conftest import body, make_settings

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def _lines(captured: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    out = captured.readouterr()
    text = out.out + out.err
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_each_request_logs_one_line_with_only_its_own_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with TestClient(build_app(make_settings())) as client:
        _lines(capsys)
        before = datetime.now(UTC)
        assert client.post("/api/v1/predict/pcos", json=body("pcos")).status_code == 200
        assert client.get("/health").status_code == 200
        after = datetime.now(UTC)
    requests = [line for line in _lines(capsys) if line.get("event") == "request"]
    assert [line["route"] for line in requests] == ["/api/v1/predict/pcos", "/health"]
    predicted, health = requests
    assert predicted["model"] == "pcos"
    assert predicted["level"] == "info"
    assert {"version", "experiment_group", "user", "cache"} <= predicted.keys()
    # The next request on the same connection starts with none of the last one's fields.
    assert "model" not in health
    assert "version" not in health
    for line in requests:
        stamp = str(line["timestamp"])
        assert STAMP.match(stamp), stamp
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        assert before - timedelta(seconds=1) <= moment <= after + timedelta(seconds=1)


def test_request_fields_never_override_the_events_own_and_stay_in_their_context() -> None:
    outside: list[object] = []
    thread = threading.Thread(
        target=lambda: outside.append(merge_request_fields(None, "info", {"event": "x"}))
    )
    start_request_fields()
    bind_request_fields(model="pcos", route="bound")
    merged = merge_request_fields(None, "info", {"event": "request", "route": "/health"})
    assert merged == {"event": "request", "route": "/health", "model": "pcos"}
    # A plain thread starts from an empty context: no request's fields.
    thread.start()
    thread.join()
    assert outside == [{"event": "x"}]
    start_request_fields()
    assert merge_request_fields(None, "info", {"event": "y"}) == {"event": "y"}


def test_timestamps_follow_the_clock_across_seconds_and_threads() -> None:
    stamper = UtcTimestamp()
    seen: list[tuple[datetime, str, datetime]] = []

    def stamp_many() -> None:
        for _ in range(3000):
            before = datetime.now(UTC)
            stamp = str(stamper(None, "info", {})["timestamp"])
            seen.append((before, stamp, datetime.now(UTC)))

    threads = [threading.Thread(target=stamp_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for before, stamp, after in seen:
        assert STAMP.match(stamp), stamp
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        # time.time() and datetime.now() read the same clock: a wrong second would be off by 1 s.
        assert before - timedelta(milliseconds=1) <= moment <= after + timedelta(milliseconds=1)


def test_a_request_does_not_consult_opentelemetry(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = trace.get_tracer_provider

    def counted() -> trace.TracerProvider:
        calls.append(1)
        return real()

    with TestClient(build_app(make_settings())) as client:
        monkeypatch.setattr(trace, "get_tracer_provider", counted)
        assert client.post("/api/v1/predict/pcos", json=body("pcos")).status_code == 200
        assert client.get("/health").status_code == 200
    assert calls == []


@pytest.mark.parametrize("value", ["true", "false"])
def test_the_retired_lean_path_setting_is_accepted_and_named_in_a_warning(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """LEAN_PATH_ENABLED (1.1-1.5) still starts the service, which says it is ignored."""
    monkeypatch.setenv("LEAN_PATH_ENABLED", value)
    with TestClient(build_app(make_settings())) as client:
        assert client.post("/api/v1/predict/pcos", json=body("pcos")).status_code == 200
    warnings = [line for line in _lines(capsys) if line.get("event") == "deprecated_setting"]
    assert [(w["setting"], w["since"], w["level"]) for w in warnings] == [
        ("LEAN_PATH_ENABLED", "1.6.0", "warning")
    ]


def test_access_lines_wait_for_one_write_and_keep_their_order_with_other_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many requests' lines go out in one write; a warning after them comes after them."""
    monkeypatch.setattr(logging_module, "FLUSH_SECONDS", 60.0)
    with TestClient(build_app(make_settings())) as client:
        _lines(capsys)
        for _ in range(5):
            assert client.get("/health").status_code == 200
        assert _lines(capsys) == []  # still waiting
        structlog.get_logger("test").warning("after_the_requests")
        lines = _lines(capsys)
    assert [line["event"] for line in lines] == ["request"] * 5 + ["after_the_requests"]
    assert len({line["request_id"] for line in lines[:5]}) == 5
