"""Redis down: each worker counts its share of the limit, so a pod still allows about the limit."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.http.ratelimit import per_worker_limit
from fembalance_ml.main import build_app
from tests.conftest import body, make_settings
from tests.support.servers import free_port


@pytest.mark.parametrize(
    ("limit", "workers", "share"),
    [
        ("600/minute", 2, "300 per 1 minute"),
        ("60/minute;10/second", 4, "15 per 1 minute;2 per 1 second"),
        ("3/hour", 8, "1 per 1 hour"),
        ("100 per 2 hours", 1, "100 per 2 hour"),
    ],
)
def test_per_worker_share(limit: str, workers: int, share: str) -> None:
    assert per_worker_limit(limit, workers) == share


@pytest.mark.parametrize(("workers", "allowed"), [(1, 6), (2, 3), (3, 2)])
def test_redis_down_divides_the_limit_by_the_workers(workers: int, allowed: int) -> None:
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"
    settings = make_settings(
        redis_url=dead_redis,
        rate_limit_default="6/minute",
        max_workers=workers,
        cache_enabled=False,
        model_watch_seconds=0,
        log_level="ERROR",
    )
    with TestClient(build_app(settings)) as client:
        answers = [client.post("/api/v1/predict/pcos", json=body("pcos")) for _ in range(8)]
    statuses = [a.status_code for a in answers]
    assert statuses == [200] * allowed + [429] * (8 - allowed)
    assert answers[0].headers["x-ratelimit-limit"] == str(allowed)
    assert answers[allowed].json()["error"]["code"] == "rate_limited"
