"""Where `Idempotency-Key` claims and remembered answers live: Redis, else each worker's memory.

An entry is named by a keyed HMAC of (credential, path, key), so neither the key nor the
credential is stored; it holds the SHA-256 of the request body (never the body) and, once
answered, the answer. A claim is taken atomically (Redis 7.0+'s `SET NX GET`, one round
trip; in memory the event loop runs one claim at a time), so of two concurrent requests
with one key exactly one runs. A claim lives CLAIM_SECONDS at most (a worker killed
mid-request frees its keys); a remembered answer lives the configured TTL.

With Redis configured but away, claims fall back to the worker's memory (the breaker of
runtime/breaker.py spares a dead server), so a retry that lands on another worker in that
time runs again: the same trade as the rate limits make, in favour of answering.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

import structlog
from cachetools import TTLCache
from redis import asyncio as aioredis
from redis.exceptions import RedisError

from fembalance_ml.observability.metrics import REDIS_FALLBACK, child
from fembalance_ml.runtime.breaker import Breaker, fail_fast_redis

log = structlog.get_logger(__name__)
KEY_PREFIX = "fembalance:idem:"
# Longest a request may hold its key before another may take it (a batch takes seconds).
CLAIM_SECONDS = 60
_CLAIMED = b"C"
_ANSWERED = b"A"
FINGERPRINT_LENGTH = 64


class Found(NamedTuple):
    """What a claim met: None (the claim is taken), or an entry already there."""

    answered: bool
    fingerprint: bytes
    answer: bytes  # the remembered answer (empty while claimed)


def _parse(value: bytes) -> Found:
    kind, fingerprint, answer = value[:1], value[1 : 1 + FINGERPRINT_LENGTH], value[65:]
    return Found(kind == _ANSWERED, fingerprint, answer)


class IdempotencyStore:
    """Claims, answers and releases of idempotency entries (see the module's docstring)."""

    def __init__(
        self,
        redis_url: str | None,
        ttl_seconds: int,
        local_items: int,
        socket_timeout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        # value: (expires at, entry); the TTL bounds the longest-lived kind (answers).
        self._local: TTLCache[str, tuple[float, bytes]] = TTLCache(
            maxsize=local_items, ttl=ttl_seconds, timer=clock
        )
        self._breaker = Breaker()
        self._redis: aioredis.Redis | None = None
        if redis_url:
            self._redis = fail_fast_redis(redis_url, socket_timeout)

    async def claim(self, name: str, fingerprint: bytes) -> Found | None:
        """Take `name` for a request with this body fingerprint; None when taken, else
        what is there (a claim in flight, or an answer)."""
        entry = _CLAIMED + fingerprint
        if self._usable():
            try:
                assert self._redis is not None
                # One round trip (Redis 7.0+): set if absent, else what is there.
                value = await self._redis.set(
                    KEY_PREFIX + name, entry, nx=True, get=True, ex=CLAIM_SECONDS
                )
                self._breaker.succeeded()
            except (RedisError, OSError) as exc:
                self._failed(exc)
            else:
                if value is None:
                    return None
                return _parse(value if isinstance(value, bytes) else str(value).encode())
        return self._claim_locally(name, entry)

    async def answer(self, name: str, fingerprint: bytes, answer: bytes) -> None:
        """Remember the answer to a claimed request for the TTL."""
        entry = _ANSWERED + fingerprint + answer
        if self._usable():
            try:
                assert self._redis is not None
                await self._redis.set(KEY_PREFIX + name, entry, ex=self.ttl_seconds)
                self._breaker.succeeded()
                return
            except (RedisError, OSError) as exc:
                self._failed(exc)
        self._local[name] = (self._clock() + self.ttl_seconds, entry)

    async def release(self, name: str) -> None:
        """Free a claim whose request will not be remembered (an error, a failure)."""
        self._local.pop(name, None)
        if self._usable():
            try:
                assert self._redis is not None
                await self._redis.delete(KEY_PREFIX + name)
                self._breaker.succeeded()
            except (RedisError, OSError) as exc:
                self._failed(exc)

    def _claim_locally(self, name: str, entry: bytes) -> Found | None:
        held = self._local.get(name)
        if held is not None and held[0] > self._clock():
            return _parse(held[1])
        self._local[name] = (self._clock() + CLAIM_SECONDS, entry)
        return None

    def _usable(self) -> bool:
        if self._redis is None:
            return False
        if self._breaker.open:
            child(REDIS_FALLBACK, "idempotency").inc()
            return False
        return True

    def _failed(self, exc: Exception) -> None:
        self._breaker.failed()
        child(REDIS_FALLBACK, "idempotency").inc()
        log.warning("idempotency_store_unavailable", error_type=type(exc).__name__)

    async def close(self) -> None:
        """Release the Redis connections."""
        if self._redis is not None:
            await self._redis.aclose()
