"""Rate limits and the prediction cache in one process, memory-backed (no Redis)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from tests.conftest import body, make_settings


def limited_client(**overrides: Any) -> TestClient:
    return TestClient(build_app(make_settings(**overrides)))


@pytest.fixture
def three_per_minute() -> Iterator[TestClient]:
    settings = {
        "rate_limit_default": "3/minute",
        "rate_limit_overrides": {"batch": "1/minute"},
        "api_key_required": True,
        "valid_api_keys": "key-alpha-123,key-beta-456",
    }
    with limited_client(**settings) as client:
        yield client


def post_pcos(client: TestClient, key: str) -> Any:
    return client.post(
        "/api/v1/predict/pcos", json=body("pcos"), headers={"Authorization": f"Bearer {key}"}
    )


def test_limit_refuses_with_envelope_and_headers(three_per_minute: TestClient) -> None:
    answers = [post_pcos(three_per_minute, "key-alpha-123") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["x-ratelimit-limit"] == "3"
    assert answers[1].headers["x-ratelimit-remaining"] == "1"
    refused = answers[3]
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) > 0
    assert refused.headers["x-ratelimit-remaining"] == "0"


def test_each_key_has_its_own_budget(three_per_minute: TestClient) -> None:
    for _ in range(3):
        post_pcos(three_per_minute, "key-alpha-123")
    assert post_pcos(three_per_minute, "key-alpha-123").status_code == 429
    assert post_pcos(three_per_minute, "key-beta-456").status_code == 200


def test_per_route_override(three_per_minute: TestClient) -> None:
    auth = {"Authorization": "Bearer key-beta-456"}
    batch = {"requests": [{"model_name": "pcos", "input": body("pcos")}]}
    first = three_per_minute.post("/api/v1/predict/batch", json=batch, headers=auth)
    second = three_per_minute.post("/api/v1/predict/batch", json=batch, headers=auth)
    assert (first.status_code, second.status_code) == (200, 429)


def test_health_and_metrics_are_never_limited(three_per_minute: TestClient) -> None:
    for _ in range(10):
        assert three_per_minute.get("/health").status_code == 200
        assert three_per_minute.get("/health/ready").status_code in (200, 503)


def test_cache_serves_the_same_answer_again() -> None:
    with limited_client(cache_models=["pcos", "cycle"]) as client:
        first = client.post("/api/v1/predict/pcos", json=body("pcos"))
        other_user = body("pcos") | {"user_id": "someone-else"}
        second = client.post("/api/v1/predict/pcos", json=other_user)
        assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
        # A cached answer is the same answer with a fresh prediction id of its own.
        first_answer, second_answer = first.json(), second.json()
        first_id, second_id = first_answer.pop("prediction_id"), second_answer.pop("prediction_id")
        assert first_id != second_id
        assert second.headers["x-prediction-id"] == second_id
        assert first_answer == second_answer
        changed = body("pcos")
        changed["features"]["acne"] = 1
        assert client.post("/api/v1/predict/pcos", json=changed).headers["x-cache"] == "miss"
        metrics = client.get("/metrics").text
        assert 'ml_cache_events_total{model="pcos",result="hit_local"}' in metrics


def test_models_not_cached_carry_no_cache_header() -> None:
    with limited_client(cache_models=["cycle"]) as client:
        assert "x-cache" not in client.post("/api/v1/predict/pcos", json=body("pcos")).headers


def test_cache_can_be_switched_off() -> None:
    with limited_client(cache_enabled=False, cache_models=["pcos"]) as client:
        assert "x-cache" not in client.post("/api/v1/predict/pcos", json=body("pcos")).headers
