"""Prediction cache: a small in-process LRU in front of a shared Redis, failing open.

Keys are keyed HMACs of (model, version, group, day, canonical input), so Redis never
holds health data in clear as a key; values are the response bodies. Any Redis problem
turns into a miss, and Redis is then left alone for a back-off period so that a dead
server costs no more than one timed-out call per period (no retry storms).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass

import structlog
from redis import asyncio as aioredis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from fembalance_ml.platform.metrics import CACHE_EVENTS, REDIS_FALLBACK
from fembalance_ml.platform.privacy import Pseudonymizer

log = structlog.get_logger(__name__)
KEY_PREFIX = "fembalance:pred:"


@dataclass(frozen=True)
class CacheSettings:
    """What the cache needs from Settings."""

    redis_url: str | None
    ttl_seconds: int
    local_items: int
    socket_timeout: float
    models: frozenset[str]


class _Breaker:
    """Skips a failing dependency for a growing pause after each failure."""

    def __init__(self, first_pause: float = 0.5, longest_pause: float = 30.0) -> None:
        self.first_pause = first_pause
        self.longest_pause = longest_pause
        self.pause = 0.0
        self.until = 0.0

    @property
    def open(self) -> bool:
        return time.monotonic() < self.until

    def failed(self) -> None:
        self.pause = min(self.longest_pause, max(self.first_pause, self.pause * 2))
        self.until = time.monotonic() + self.pause

    def succeeded(self) -> None:
        self.pause = 0.0
        self.until = 0.0


class PredictionCache:
    """Get and store serialized predictions of the models it is enabled for."""

    def __init__(self, settings: CacheSettings, keys: Pseudonymizer) -> None:
        self.settings = settings
        self._keys = keys
        self._local: OrderedDict[str, bytes] = OrderedDict()
        self._breaker = _Breaker()
        self._redis: aioredis.Redis | None = None
        if settings.redis_url:
            self._redis = aioredis.Redis.from_url(
                settings.redis_url,
                socket_timeout=settings.socket_timeout,
                socket_connect_timeout=settings.socket_timeout,
                retry=Retry(NoBackoff(), 0),
                health_check_interval=0,
            )

    def caches(self, model: str) -> bool:
        """Whether predictions of `model` are worth caching (measured, see README)."""
        return model in self.settings.models

    def key_for(self, model: str, version: str, group: str, day: str, canonical: bytes) -> str:
        """The keyed HMAC naming one prediction."""
        digest = self._keys.digest(
            b"cache", model.encode(), version.encode(), group.encode(), day.encode(), canonical
        )
        return KEY_PREFIX + digest

    async def get(self, model: str, key: str) -> bytes | None:
        """The cached body, from memory first, then Redis; None on a miss or any fault."""
        value = self._local.get(key)
        if value is not None:
            self._local.move_to_end(key)
            CACHE_EVENTS.labels(model, "hit_local").inc()
            return value
        value = await self._redis_call(model, "get", key)
        CACHE_EVENTS.labels(model, "hit" if value is not None else "miss").inc()
        if value is not None:
            self._remember(key, value)
        return value

    async def put(self, model: str, key: str, value: bytes) -> None:
        """Store a body locally and in Redis with the TTL; faults are swallowed."""
        self._remember(key, value)
        await self._redis_call(model, "set", key, value)

    def _remember(self, key: str, value: bytes) -> None:
        if self.settings.local_items <= 0:
            return
        self._local[key] = value
        self._local.move_to_end(key)
        while len(self._local) > self.settings.local_items:
            self._local.popitem(last=False)

    async def _redis_call(
        self, model: str, operation: str, key: str, value: bytes | None = None
    ) -> bytes | None:
        if self._redis is None:
            return None
        if self._breaker.open:
            REDIS_FALLBACK.labels("cache").inc()
            return None
        try:
            if operation == "get":
                found = await self._redis.get(key)
                result = found if isinstance(found, bytes) else None
            else:
                await self._redis.set(key, value or b"", ex=self.settings.ttl_seconds)
                result = None
        except (RedisError, OSError) as exc:
            self._breaker.failed()
            CACHE_EVENTS.labels(model, "error").inc()
            REDIS_FALLBACK.labels("cache").inc()
            log.warning("cache_unavailable", error_type=type(exc).__name__)
            return None
        self._breaker.succeeded()
        return result

    async def close(self) -> None:
        """Release the Redis connections."""
        if self._redis is not None:
            await self._redis.aclose()
