"""Rate-limit headers, CORS and authentication headers as a browser and a client see them."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from tests.conftest import body, make_settings

ORIGIN = "https://app.example.org"
KEY = "client-key-0123456789abcdef0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}", "Origin": ORIGIN}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = make_settings(
        api_key_required=True,
        valid_api_keys=KEY,
        allowed_origins=ORIGIN,
        rate_limit_default="2/minute",
        max_body_bytes=2048,
        model_watch_seconds=0,
        log_level="WARNING",
    )
    with TestClient(build_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_retry_after_only_on_429_and_reset_in_whole_seconds(client: TestClient) -> None:
    answers = [client.post("/api/v1/predict/pcos", json=body("pcos"), headers=AUTH) for _ in "abc"]
    assert [a.status_code for a in answers] == [200, 200, 429]
    for ok in answers[:2]:
        assert "retry-after" not in ok.headers
        assert ok.headers["x-ratelimit-reset"].isdigit()
        assert int(ok.headers["x-ratelimit-reset"]) > time.time()
    refused = answers[2]
    assert refused.headers["x-ratelimit-reset"].isdigit()
    assert 1 <= int(refused.headers["retry-after"]) <= 61
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert refused.headers["access-control-allow-origin"] == ORIGIN


def test_rate_limit_headers_are_exposed_to_browsers(client: TestClient) -> None:
    answer = client.get("/health", headers={"Origin": ORIGIN})
    exposed = {
        h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")
    }
    wanted = {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"}
    assert wanted <= exposed


@pytest.mark.parametrize(
    "preflight",
    [
        {"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"},
        {"Origin": ORIGIN, "Access-Control-Request-Method": "DELETE"},
    ],
)
def test_refused_preflight_answers_with_the_envelope(
    client: TestClient, preflight: dict[str, str]
) -> None:
    answer = client.options("/api/v1/predict/pcos", headers=preflight)
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    assert error["code"] == "cors_refused"
    assert error["request_id"] == answer.headers["x-request-id"]
    assert "evil" not in answer.text


def test_allowed_preflight_still_passes(client: TestClient) -> None:
    preflight = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    answer = client.options("/api/v1/predict/pcos", headers=preflight)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == ORIGIN


def test_declared_oversize_413_is_readable_by_the_browser(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/predict/pcos",
        content=b"{" + b" " * 4096 + b"}",
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "payload_too_large"
    assert answer.headers["access-control-allow-origin"] == ORIGIN


@pytest.mark.parametrize(
    ("path", "method"), [("/api/v1/predict/pcos", "post"), ("/api/v1/models/pcos/reload", "post")]
)
def test_401_names_the_bearer_scheme(client: TestClient, path: str, method: str) -> None:
    answer = client.request(method.upper(), path, json=body("pcos"), headers={"Origin": ORIGIN})
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.json()["error"]["code"] == "unauthorized"
