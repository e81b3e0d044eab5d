"""The limiter on the `limits` library's async storage: headers, 429s, Redis and fallback.

Run against the in-memory storage and a real Redis; the same counts and headers either way.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from fembalance_ml.http import ratelimit
from fembalance_ml.http.ratelimit import MemoryWindows, RateLimitExceeded, RouteLimits
from fembalance_ml.main import build_app
from fembalance_ml.observability.metrics import REDIS_FALLBACK
from tests.conftest import body, make_settings
from tests.support.servers import free_port, run_redis


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with run_redis() as url:
        yield url


def limits_for(limit: str, redis_url: str | None, workers: int = 1) -> RouteLimits:
    limits = RouteLimits(limit, {"batch": "1/minute"}, redis_url, 0.2, workers=workers)
    for route in ("pcos", "batch"):
        limits.register(route)
    return limits


async def burst(limits: RouteLimits, route: str, identity: str, n: int) -> list[object]:
    """The headers of each answer, or the RateLimitExceeded that refused it."""
    results: list[object] = []
    for _ in range(n):
        try:
            results.append(await limits.hit(route, identity))
        except RateLimitExceeded as exc:
            results.append(exc)
    await limits.close()
    return results


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_counts_headers_and_refusal(backend: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("redis_url") if backend == "redis" else None
    identity = f"key:{backend}-{time.time_ns()}"
    before = time.time()
    results = asyncio.run(burst(limits_for("3/minute", url), "pcos", identity, 5))
    allowed = [r for r in results if isinstance(r, dict)]
    refused = [r for r in results if isinstance(r, RateLimitExceeded)]
    assert (len(allowed), len(refused)) == (3, 2)
    assert [h["X-RateLimit-Remaining"] for h in allowed] == ["2", "1", "0"]
    assert {h["X-RateLimit-Limit"] for h in allowed} == {"3"}
    assert all("Retry-After" not in h for h in allowed)
    reset = int(allowed[0]["X-RateLimit-Reset"])
    assert before < reset <= before + 62
    first = refused[0]
    assert first.detail == "3 per 1 minute"
    assert first.headers["X-RateLimit-Remaining"] == "0"
    assert 1 <= int(first.headers["Retry-After"]) <= 61
    assert first.headers["X-RateLimit-Reset"] == allowed[0]["X-RateLimit-Reset"]


def test_several_limits_show_the_shortest_window_and_stop_at_the_first_over() -> None:
    async def run() -> list[object]:
        limits = RouteLimits("5/minute;2/second", {}, None, 0.1)
        limits.register("pcos")
        return await burst(limits, "pcos", "ip:10.0.0.1", 3)

    first, second, third = asyncio.run(run())
    assert isinstance(first, dict)
    assert isinstance(second, dict)
    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("2", "1")
    assert isinstance(third, RateLimitExceeded)
    assert third.detail == "2 per 1 second"


def test_redis_keys_are_the_ones_slowapi_used(redis_url: str) -> None:
    """A rolling deploy counts old and new pods in the same keys."""
    identity = f"key:compat{time.time_ns()}"
    asyncio.run(burst(limits_for("3/minute", redis_url), "pcos", identity, 1))
    keys = {k.decode() for k in redis.Redis.from_url(redis_url).keys(f"LIMITS*{identity}*")}
    assert keys == {
        f"LIMITS:LIMITER/fembalance/{identity}/fembalance_ml.platform.ratelimit.pcos/3/1/minute"
    }


def test_per_route_override_and_unregistered_routes() -> None:
    async def run() -> tuple[list[object], dict[str, str]]:
        limits = limits_for("3/minute", None)
        results = await burst(limits, "batch", "ip:1.2.3.4", 2)
        return results, await limits.hit("unknown", "ip:1.2.3.4")

    (ok, refused), unregistered = asyncio.run(run())
    assert isinstance(ok, dict)
    assert ok["X-RateLimit-Limit"] == "1"
    assert isinstance(refused, RateLimitExceeded)
    assert unregistered == {}


def test_redis_down_counts_a_share_in_memory_and_says_so() -> None:
    dead = f"redis://127.0.0.1:{free_port()}/0"
    fallback = REDIS_FALLBACK.labels("ratelimit")
    before = fallback._value.get()
    results = asyncio.run(burst(limits_for("6/minute", dead, workers=2), "pcos", "ip:a", 4))
    assert [isinstance(r, dict) for r in results] == [True, True, True, False]
    assert fallback._value.get() - before == 4


def test_no_timer_thread_and_no_blocking_redis_call(redis_url: str) -> None:
    """Counting starts no thread (slowapi's memory storage started a Timer per expiry)."""
    threads_before = {t.ident for t in threading.enumerate()}
    asyncio.run(burst(limits_for("100/minute", None), "pcos", "ip:t", 20))
    asyncio.run(burst(limits_for("100/minute", redis_url), "pcos", "ip:t", 20))
    started = [
        t.name for t in threading.enumerate() if t.ident not in threads_before and t.is_alive()
    ]
    assert started == []


def test_app_answers_429_with_envelope_from_redis(redis_url: str) -> None:
    settings = make_settings(
        redis_url=redis_url,
        rate_limit_default="2/minute",
        cache_enabled=False,
        model_watch_seconds=0,
        log_level="ERROR",
        api_key_required=True,
        valid_api_keys=f"redis-key-{time.time_ns()}",
    )
    key = settings.security.valid_api_keys[0].get_secret_value()
    with TestClient(build_app(settings)) as client:
        answers = [
            client.post(
                "/api/v1/predict/pcos",
                json=body("pcos"),
                headers={"Authorization": f"Bearer {key}"},
            )
            for _ in range(3)
        ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[1].headers["x-ratelimit-remaining"] == "0"
    refused = answers[2]
    assert refused.json()["error"]["code"] == "rate_limited"
    assert refused.json()["error"]["message"].startswith("Rate limit exceeded (2 per 1 minute)")
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["x-request-id"] == refused.json()["error"]["request_id"]


def test_memory_windows_start_at_the_first_hit_and_forget_ended_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The windows `limits`' memory storage kept (from a key's first hit, for the period),
    without its lock and task; ended windows go once SWEEP_KEYS keys are held."""
    now = [1000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    monkeypatch.setattr(ratelimit, "SWEEP_KEYS", 3)
    windows = MemoryWindows()
    assert [windows.incr("a", 60) for _ in range(3)] == [1, 2, 3]
    assert windows.get_expiry("a") == 1060.0
    now[0] = 1059.9
    assert windows.incr("a", 60) == 4
    now[0] = 1060.0  # the window has ended: a new one starts at this hit
    assert windows.incr("a", 60) == 1
    assert windows.get_expiry("a") == 1120.0
    assert windows.get_expiry("never") == 1060.0
    windows.incr("b", 1)
    windows.incr("c", 1)
    now[0] = 1070.0  # b and c have ended; the fourth key sweeps them away
    windows.incr("d", 60)
    assert len(windows) == 2
