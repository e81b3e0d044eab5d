"""A circuit breaker for optional dependencies (Redis): after a failure, leave it alone a while."""

from __future__ import annotations

import time

from redis import asyncio as aioredis
from redis.backoff import NoBackoff
from redis.retry import Retry


class Breaker:
    """Skips a failing dependency for a growing pause after each failure.

    A dead server then costs one timed-out call per pause, not one per request
    (no retry storms), and a recovered one is used again after at most `longest_pause`.
    """

    def __init__(self, first_pause: float = 0.5, longest_pause: float = 30.0) -> None:
        self.first_pause = first_pause
        self.longest_pause = longest_pause
        self.pause = 0.0
        self.until = 0.0

    @property
    def open(self) -> bool:
        """Whether the dependency is being skipped right now."""
        return time.monotonic() < self.until

    def failed(self) -> None:
        """Record a failure: skip the dependency for twice the last pause (bounded)."""
        self.pause = min(self.longest_pause, max(self.first_pause, self.pause * 2))
        self.until = time.monotonic() + self.pause

    def succeeded(self) -> None:
        """Record a success: use the dependency on every call again."""
        self.pause = 0.0
        self.until = 0.0


def fail_fast_redis(url: str, timeout_seconds: float) -> aioredis.Redis:
    """An asyncio client of an optional Redis: each call one try within `timeout_seconds`,
    no retries and no health-check round trips; the caller's Breaker decides when to try
    again, so a dead server costs one timed-out call per pause."""
    return aioredis.Redis.from_url(
        url,
        socket_timeout=timeout_seconds,
        socket_connect_timeout=timeout_seconds,
        retry=Retry(NoBackoff(), 0),
        health_check_interval=0,
    )
