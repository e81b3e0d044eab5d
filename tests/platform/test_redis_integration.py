"""Limits and cache shared through a real Redis, and failing open when it goes away."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from tests.conftest import body, make_settings
from tests.support.servers import free_port, run_redis

pytestmark = pytest.mark.integration


def app_client(redis_url: str, **overrides: Any) -> TestClient:
    settings = make_settings(redis_url=redis_url, cache_models=["pcos", "cycle"], **overrides)
    return TestClient(build_app(settings))


@pytest.fixture
def redis_url() -> Iterator[str]:
    with run_redis() as url:
        yield url


def test_two_processes_share_one_limit(redis_url: str) -> None:
    with (
        app_client(redis_url, rate_limit_default="4/minute") as a,
        app_client(redis_url, rate_limit_default="4/minute") as b,
    ):
        statuses = [
            c.post("/api/v1/predict/pcos", json=body("pcos")).status_code for c in (a, b, a, b, a)
        ]
    assert statuses == [200, 200, 200, 200, 429]


def test_cache_is_shared_and_keys_hold_no_health_data(redis_url: str) -> None:
    request = body("cycle")
    with app_client(redis_url) as first:
        assert first.post("/api/v1/predict/cycle", json=request).headers["x-cache"] == "miss"
    with app_client(redis_url) as second:
        again = second.post("/api/v1/predict/cycle", json=request)
        assert again.headers["x-cache"] == "hit"
    keys = [k.decode() for k in redis.Redis.from_url(redis_url).keys("fembalance:pred:*")]
    assert len(keys) == 1
    assert all(len(k.removeprefix("fembalance:pred:")) == 64 for k in keys)
    assert not any("2025" in k or "test-user" in k for k in keys)


def test_redis_stopped_mid_run_then_back(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    statuses: list[int] = []
    store = redis.Redis.from_url(url)

    def burst(client: TestClient, n: int) -> list[str]:
        results = []
        for i in range(n):
            request = body("cycle")
            request["horizon_cycles"] = 1 + (len(statuses) + i) % 12
            answer = client.post("/api/v1/predict/cycle", json=request)
            statuses.append(answer.status_code)
            results.append(answer.headers.get("x-cache", ""))
        return results

    with app_client(url, rate_limit_default="10000/minute", cache_local_items=0) as client:
        with run_redis(port):
            burst(client, 12)
            assert store.keys("fembalance:pred:*")
            assert store.keys("LIMITS*")
        down = burst(client, 40)
        assert set(down) == {"miss"}
        with run_redis(port):
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline:
                burst(client, 5)
                if store.keys("fembalance:pred:*") and store.keys("LIMITS*"):
                    break
                time.sleep(0.5)
            assert store.keys("fembalance:pred:*"), "cache did not return to Redis"
            assert store.keys("LIMITS*"), "limiter did not return to Redis"
    assert set(statuses) == {200}
