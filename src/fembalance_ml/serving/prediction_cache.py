"""Prediction cache: a small in-process TTL cache in front of a shared Redis, failing open.

Keys are keyed HMACs of (model, version, SHA-256 of the version's model.pkl, group, day,
canonical input), so Redis never holds health data in clear as a key, and a retrain that
rewrites a version in place (a new model.pkl) misses every old entry. Values are the
response bodies. Both layers expire entries after CACHE_TTL_SECONDS. Any Redis problem
turns into a miss, and Redis is then left alone for a back-off period so that a dead
server costs no more than one timed-out call per period (no retry storms).

Keys leave out the user id (people with the same input share an entry), so a person's
entries cannot be found from her id: each entry her requests were answered from is
also listed under her keyed pseudonym, in memory and in a Redis set that expires with
the entries (written in the same round trip as the entry's GET or SET). An erasure
deletes the listed entries here and in Redis; another worker's in-memory copies leave
within CACHE_TTL_SECONDS (they carry no user id, and only the same input finds them).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import structlog
from cachetools import TTLCache
from redis import asyncio as aioredis
from redis.exceptions import RedisError

from fembalance_ml.i18n.catalogs import SOURCE_LANGUAGE
from fembalance_ml.observability.metrics import CACHE_EVENTS, REDIS_FALLBACK, child
from fembalance_ml.observability.tally import TALLY
from fembalance_ml.runtime.breaker import Breaker, fail_fast_redis
from fembalance_ml.security.privacy import Pseudonymizer

log = structlog.get_logger(__name__)
KEY_PREFIX = "fembalance:pred:"
# The set of a person's entries: this prefix and her keyed pseudonym.
USER_PREFIX = "fembalance:pred-user:"
# Most entries remembered per person in a worker's memory (more leave by their TTL).
USER_ENTRIES = 256
# The file whose bytes decide the answers (metadata.json's `files` map holds its SHA-256).
MODEL_FILE = "model.pkl"


@dataclass(frozen=True)
class CacheSettings:
    """What the cache needs from Settings."""

    redis_url: str | None
    ttl_seconds: int
    local_items: int
    socket_timeout: float
    models: frozenset[str]


def artifact_identity(version: str, metadata: Mapping[str, Any]) -> str:
    """`v2.1.0:<sha256 of model.pkl>`: what a cached answer was computed with.

    The version alone is not enough: training can write a version again in place.
    The hash comes from the verified metadata (the manager checked it at load).
    """
    files = metadata.get("files")
    digest = files.get(MODEL_FILE) if isinstance(files, Mapping) else None
    if not isinstance(digest, str) or not digest:
        raise ValueError(f"metadata of {version} names no SHA-256 for {MODEL_FILE}")
    return f"{version}:{digest}"


class PredictionCache:
    """Get and store serialized predictions of the models it is enabled for."""

    def __init__(
        self,
        settings: CacheSettings,
        pseudonymizer: Pseudonymizer,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._pseudonymizer = pseudonymizer
        # One TTL everywhere: an entry leaves this worker's memory when it leaves Redis.
        self._local: TTLCache[str, bytes] | None = (
            TTLCache(maxsize=settings.local_items, ttl=settings.ttl_seconds, timer=clock)
            if settings.local_items > 0
            else None
        )
        self._users: TTLCache[str, set[str]] = TTLCache(
            maxsize=max(1, settings.local_items), ttl=settings.ttl_seconds, timer=clock
        )
        self._breaker = Breaker()
        self._redis: aioredis.Redis | None = None
        if settings.redis_url:
            self._redis = fail_fast_redis(settings.redis_url, settings.socket_timeout)

    def caches(self, model: str) -> bool:
        """Whether predictions of `model` are worth caching (measured, see README)."""
        return model in self.settings.models

    def key_for(
        self,
        model: str,
        artifact: str,
        group: str,
        day: str,
        canonical: bytes,
        language: str = SOURCE_LANGUAGE,
    ) -> str:
        """The keyed HMAC naming one prediction; `artifact` is an `artifact_identity`.

        An answer's texts are in its request's `language`: each language has its own
        entries (English keys are those of 1.6, so upgrading keeps the cache warm).
        """
        parts = [b"cache", model.encode(), artifact.encode(), group.encode(), day.encode()]
        if language != SOURCE_LANGUAGE:
            parts.append(b"lang:" + language.encode())
        digest = self._pseudonymizer.digest(*parts, canonical)
        return KEY_PREFIX + digest

    async def get(self, model: str, key: str, user: str | None = None) -> bytes | None:
        """The cached body, from memory first, then Redis; None on a miss or any fault.

        `user` (a keyed pseudonym, or None) is the person asking: the entry is listed
        under her, so that her erasure removes it.
        """
        value = self._local.get(key) if self._local is not None else None
        if value is not None:
            TALLY.inc(child(CACHE_EVENTS, model, "hit_local"))
            self._list(user, key)
            return value
        value = await self._redis_call(model, "get", key, None, user)
        TALLY.inc(child(CACHE_EVENTS, model, "hit" if value is not None else "miss"))
        if value is not None:
            self._remember(key, value, user)
        return value

    async def put(self, model: str, key: str, value: bytes, user: str | None = None) -> None:
        """Store a body locally and in Redis with the TTL; faults are swallowed."""
        self._remember(key, value, user)
        await self._redis_call(model, "set", key, value, user)

    def _remember(self, key: str, value: bytes, user: str | None) -> None:
        if self._local is not None:
            self._local[key] = value
            self._list(user, key)

    def _list(self, user: str | None, key: str) -> None:
        if user is None:
            return
        keys = self._users.get(user)
        if keys is None:
            keys = self._users[user] = set()
        if len(keys) < USER_ENTRIES:
            keys.add(key)

    async def forget_user(self, user: str) -> int:
        """Delete every entry listed under `user` here and in Redis; how many were found.

        Raises nothing: with Redis away, its copies leave at their TTL.
        """
        keys = self._users.pop(user, set())
        for key in keys:
            if self._local is not None:
                self._local.pop(key, None)
        if self._redis is None:
            return len(keys)
        listed = USER_PREFIX + user
        try:
            members = await self._redis.smembers(listed)
            shared = {m.decode() if isinstance(m, bytes) else str(m) for m in members}
            await self._redis.delete(listed, *shared)
        except (RedisError, OSError) as exc:
            child(REDIS_FALLBACK, "cache").inc()
            log.warning("cache_erasure_incomplete", error_type=type(exc).__name__)
            return len(keys)
        return len(keys | shared)

    async def _redis_call(
        self,
        model: str,
        operation: str,
        key: str,
        value: bytes | None = None,
        user: str | None = None,
    ) -> bytes | None:
        if self._redis is None:
            return None
        if self._breaker.open:
            child(REDIS_FALLBACK, "cache").inc()
            return None
        try:
            found = await self._command(operation, key, value, user)
        except (RedisError, OSError) as exc:
            self._breaker.failed()
            child(CACHE_EVENTS, model, "error").inc()
            child(REDIS_FALLBACK, "cache").inc()
            log.warning("cache_unavailable", error_type=type(exc).__name__)
            return None
        self._breaker.succeeded()
        return found if isinstance(found, bytes) else None

    async def _command(
        self, operation: str, key: str, value: bytes | None, user: str | None
    ) -> object:
        """GET or SET one entry; for a person's request, list it under her in the same
        round trip (a pipeline costs more client CPU than a lone command, so only then)."""
        assert self._redis is not None
        ttl = self.settings.ttl_seconds
        if user is None:
            if operation == "get":
                return await self._redis.get(key)
            await self._redis.set(key, value or b"", ex=ttl)
            return None
        async with self._redis.pipeline(transaction=False) as pipe:
            if operation == "get":
                pipe.get(key)
            else:
                pipe.set(key, value or b"", ex=ttl)
            pipe.sadd(USER_PREFIX + user, key)
            pipe.expire(USER_PREFIX + user, ttl)
            replies = await pipe.execute()
        return replies[0] if operation == "get" else None

    async def close(self) -> None:
        """Release the Redis connections."""
        if self._redis is not None:
            await self._redis.aclose()
