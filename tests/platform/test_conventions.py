"""Problem details on request, traceparent into logs and error bodies, ETags on lookup GETs."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.api.conventions import matches, strong_etag
from fembalance_ml.api.problem_details import TYPE_BASE, prefers_problem
from fembalance_ml.http.traceparent import parse_traceparent
from fembalance_ml.main import build_app
from fembalance_ml.observability import logging as logging_module
from tests.conftest import body, make_settings

TRACE = "0af7651916cd43dd8448eb211c80319c"
TRACEPARENT = f"00-{TRACE}-b7ad6b7169203331-01"
PROBLEM = {"Accept": "application/problem+json"}
KEY = "k" * 32


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = make_settings(api_key_required=True, valid_api_keys=[KEY], admin_api_keys=["a" * 32])
    with TestClient(build_app(settings), raise_server_exceptions=False) as test_client:
        test_client.headers["Authorization"] = f"Bearer {KEY}"
        yield test_client


@pytest.mark.parametrize(
    ("header", "valid"),
    [
        (TRACEPARENT, True),
        (f"01-{TRACE}-b7ad6b7169203331-01-later-field", True),
        (f"00-{TRACE}-b7ad6b7169203331-01-extra", False),  # version 00 has four fields
        (f"ff-{TRACE}-b7ad6b7169203331-01", False),
        (f"00-{'0' * 32}-b7ad6b7169203331-01", False),
        (f"00-{TRACE}-{'0' * 16}-01", False),
        (f"00-{TRACE.upper()}-b7ad6b7169203331-01", False),
        (f"00-{TRACE}-b7ad6b7169203331-01\n", False),
        ("00-abc-def-01", False),
        ("", False),
        (TRACEPARENT + "-" + "x" * 600, False),
    ],
)
def test_traceparent_is_parsed_strictly(header: str, valid: bool) -> None:
    parsed = parse_traceparent(header.encode())
    assert (parsed is not None) == valid
    if parsed is not None:
        assert parsed.trace_id == TRACE
        answer = parsed.answer().decode()
        assert answer.startswith(f"00-{TRACE}-")
        assert answer.endswith("-01")
        assert answer.split("-")[2] not in ("b7ad6b7169203331", "0" * 16)


@pytest.mark.parametrize(
    ("accept", "wanted"),
    [
        ("application/problem+json", True),
        ("application/problem+json, application/json", True),
        ("application/json;q=0.5, application/problem+json", True),
        ("application/json, application/problem+json;q=0.9", False),
        ("application/problem+json;q=0", False),
        ("application/problem+json;q=abc", False),
        ("application/json", False),
        ("*/*", False),
        ("", False),
    ],
)
def test_problem_details_follow_the_accept_preference(accept: str, wanted: bool) -> None:
    assert prefers_problem(accept.encode()) is wanted


def test_default_errors_stay_the_envelope(client: TestClient) -> None:
    answer = client.post("/api/v1/predict/pcos", json={"user_id": "u"})
    assert answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    assert list(error) == ["code", "message", "details", "request_id"]
    assert "traceparent" not in answer.headers


@pytest.mark.parametrize(
    ("method", "path", "payload", "headers", "status", "code"),
    [
        ("post", "/api/v1/predict/pcos", {"user_id": "u"}, {}, 422, "invalid_input"),
        ("post", "/api/v1/predict/pcos", None, {"Authorization": "Bearer wrong"}, 401, None),
        ("post", "/api/v1/models/pcos/reload", None, {}, 403, None),
        ("get", "/api/v1/nothing-here", None, {}, 404, "not_found"),
        ("post", "/api/v1/predict/pcos", "x" * 2_000_000, {}, 413, "payload_too_large"),
    ],
)
def test_every_error_can_be_problem_details(
    client: TestClient,
    method: str,
    path: str,
    payload: object,
    headers: dict[str, str],
    status: int,
    code: str | None,
) -> None:
    asked = {**PROBLEM, "traceparent": TRACEPARENT, **headers}
    if isinstance(payload, str):
        answer = client.request(method, path, content=payload.encode(), headers=asked)
    else:
        answer = client.request(method, path, json=payload, headers=asked)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert int(answer.headers["content-length"]) == len(answer.content)
    assert problem["status"] == status
    assert problem["type"] == TYPE_BASE + problem["code"]
    assert problem["title"]
    assert problem["detail"]
    assert problem["request_id"] == answer.headers["x-request-id"]
    assert problem["instance"] == f"urn:fembalance:request:{problem['request_id']}"
    assert problem["trace_id"] == TRACE
    assert isinstance(problem["errors"], list)
    if code is not None:
        assert problem["code"] == code
    assert answer.headers["traceparent"].split("-")[1] == TRACE


def test_a_traceparent_puts_the_trace_id_beside_the_request_id(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/predict/pcos", json={"user_id": "u"}, headers={"traceparent": TRACEPARENT}
    )
    assert answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    assert list(error) == ["code", "message", "details", "request_id", "trace_id"]
    assert error["trace_id"] == TRACE


def test_a_malformed_traceparent_is_treated_as_absent(client: TestClient) -> None:
    bad = TRACEPARENT.replace("00-", "zz-")
    answer = client.post(
        "/api/v1/predict/pcos", json={"user_id": "u"}, headers={"traceparent": bad}
    )
    assert answer.status_code == 422
    assert "trace_id" not in answer.json()["error"]
    assert "traceparent" not in answer.headers


def test_the_trace_id_joins_the_access_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # This app's logging writes to the captured stream; the shared client's keeps its own.
    monkeypatch.setattr(logging_module._Output, "sink", logging_module._Output.sink)
    with TestClient(build_app(make_settings())) as traced:
        capsys.readouterr()
        ok = traced.post(
            "/api/v1/predict/pcos", json=body("pcos"), headers={"traceparent": TRACEPARENT}
        )
        assert ok.status_code == 200
        assert ok.headers["traceparent"].split("-")[1] == TRACE
        assert traced.get("/health").status_code == 200
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("event") == "request"]
    assert [line.get("trace_id") for line in requests] == [TRACE, None]


@pytest.mark.parametrize("path", ["/api/v1/symptoms", "/api/v1/pcos/features", "/api/v1/models"])
def test_lookups_carry_an_etag_and_answer_304_when_it_holds(client: TestClient, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    assert etag == strong_etag(first.content).decode()
    assert first.headers["cache-control"].startswith("private")
    again = client.get(path, headers={"If-None-Match": f'W/"other", {etag}'})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == first.headers["cache-control"]
    assert "content-type" not in again.headers
    assert "x-request-id" in again.headers
    changed = client.get(path, headers={"If-None-Match": '"stale"'})
    assert changed.status_code == 200
    assert changed.content == first.content


def test_models_must_be_revalidated_and_vocabularies_may_be_kept(client: TestClient) -> None:
    assert client.get("/api/v1/models").headers["cache-control"] == "private, no-cache"
    assert client.get("/api/v1/symptoms").headers["cache-control"] == "private, max-age=300"
    refused = client.get("/api/v1/symptoms", headers={"Authorization": "Bearer wrong"})
    assert refused.status_code == 401
    assert "etag" not in refused.headers


def test_if_none_match_weak_comparison() -> None:
    etag = b'"abc"'
    assert matches(b"*", etag)
    assert matches(b'W/"abc"', etag)
    assert matches(b'"x", "abc"', etag)
    assert not matches(b'"abcd"', etag)
    assert not matches(b'"x", ' * 1000 + etag, etag)  # over 4 KiB: ignored


def test_the_spec_declares_the_conventions(client: TestClient) -> None:
    spec = client.app.openapi()  # type: ignore[attr-defined]
    lookup = spec["paths"]["/api/v1/symptoms"]["get"]
    assert "304" in lookup["responses"]
    assert "ETag" in lookup["responses"]["200"]["headers"]
    predict = spec["paths"]["/api/v1/predict/pcos"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in predict["parameters"])
    assert "application/problem+json" in predict["responses"]["422"]["content"]
    assert "ProblemDetails" in spec["components"]["schemas"]
    assert "trace_id" in spec["components"]["schemas"]["ErrorBody"]["properties"]


def test_415_and_429_are_problem_details_with_their_headers() -> None:
    settings = make_settings(rate_limit_default="1/minute", log_level="WARNING")
    with TestClient(build_app(settings), raise_server_exceptions=False) as limited:
        form = limited.post("/api/v1/predict/pcos", content=b"a=1", headers=PROBLEM)
        assert form.status_code == 415
        assert form.json()["type"] == TYPE_BASE + "unsupported_media_type"
        # The refused form counted against the limit of one a minute: the next is a 429.
        refused = limited.post("/api/v1/predict/pcos", json=body("pcos"), headers=PROBLEM)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 0
