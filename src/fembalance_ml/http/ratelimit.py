"""Per-client rate limits, counted in Redis so every worker and pod shares them.

Configured and answered as slowapi did (limit strings such as `600/minute;10/second`, a
fixed window per client and route, `X-RateLimit-*` headers, 429 with `Retry-After`).
Redis is counted through the public async API of the `limits` library (`limits.aio`
storage), so a Redis call is awaited on the event loop instead of blocking it. Without
Redis (and while Redis is away) requests are counted in `MemoryWindows`: the same fixed
windows as `limits`' memory storage (a window starts at a key's first hit and lasts the
limit's period), as one dict of [count, end] per key, with no lock and no task per hit
(limits' memory storage took an asyncio lock and started an expiry task on most hits).

The client is the hashed API key when there is one, else the address that the trusted proxy
forwarded (Gunicorn's `forwarded_allow_ips` puts it in the ASGI scope). When Redis cannot
be reached, requests are counted in this process's memory against the limit divided by the
number of workers (MAX_WORKERS), so the workers of one pod together still allow about the
configured limit; Redis is tried again after a growing pause (see Breaker).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import structlog
from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage, Storage
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from starlette.requests import Request

from fembalance_ml.observability.metrics import REDIS_FALLBACK, child
from fembalance_ml.runtime.breaker import Breaker

log = structlog.get_logger(__name__)
CLIENT_STATE = "client_id"
# The first parts of every counter's key. Kept as slowapi built them (prefix, client, then
# the "endpoint" slowapi named after a stand-in function of this module), so that pods of
# the previous release count in the same Redis keys during a rolling deploy. The scope
# still names the module where it was first defined: a key format, not an import path.
KEY_PREFIX = "fembalance"
_SCOPE_PREFIX = "fembalance_ml.platform.ratelimit."
# Keys a memory window store holds before it drops every ended window at once.
SWEEP_KEYS = 10_000


class RateLimitExceeded(Exception):
    """Over a limit: `detail` names the limit, `headers` go on the 429."""

    def __init__(self, detail: str, headers: Mapping[str, str]) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = dict(headers)


def identity_of(client_id: str | None, address: str | None) -> str:
    """The identity a limit is counted against: the client, else the peer address."""
    if client_id:
        return f"key:{client_id}"
    return f"ip:{address or 'unknown'}"


def client_key(request: Request) -> str:
    """The identity a request is counted against."""
    client_id = getattr(request.state, CLIENT_STATE, None)
    return identity_of(client_id, request.client.host if request.client else None)


def per_worker_limit(limit: str, workers: int) -> str:
    """`600/minute` with 2 workers -> `300 per 1 minute`: one worker's share of a limit."""
    shares = [
        f"{max(1, item.amount // workers)} per {item.multiples} {item.GRANULARITY.name}"
        for item in parse_many(limit)
    ]
    return ";".join(shares)


class MemoryWindows:
    """Fixed windows in this process's memory: per key, a count and when its window ends.

    Used from the event loop only. Ended windows are dropped when a key is hit again, and
    all at once whenever SWEEP_KEYS keys are held, so memory stays bounded by the clients
    of the last window.
    """

    def __init__(self) -> None:
        self._windows: dict[str, list[float]] = {}

    def incr(self, key: str, expiry: int) -> int:
        """Count one hit of `key`; a window of `expiry` seconds starts at its first hit."""
        now = time.time()
        window = self._windows.get(key)
        if window is None or window[1] <= now:
            if len(self._windows) >= SWEEP_KEYS:
                self._windows = {k: w for k, w in self._windows.items() if w[1] > now}
            window = self._windows[key] = [0, now + expiry]
        window[0] += 1
        return int(window[0])

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (now, for a key never hit)."""
        window = self._windows.get(key)
        return window[1] if window is not None else time.time()

    def __len__(self) -> int:
        return len(self._windows)


@lru_cache(maxsize=8192)
def _keys(items: tuple[RateLimitItem, ...], route_name: str, identity: str) -> tuple[str, ...]:
    """The storage key of each limit for one client and route, built once per client."""
    scope = _SCOPE_PREFIX + route_name
    return tuple(item.key_for(KEY_PREFIX, identity, scope) for item in items)


def _redis_storage(redis_url: str, socket_timeout: float) -> Storage:
    """The async Redis storage (redis-py's asyncio client), failing fast and never retrying."""
    scheme_url = redis_url if redis_url.startswith("async+") else f"async+{redis_url}"
    return RedisStorage(
        scheme_url,
        implementation="redispy",
        key_prefix="LIMITS",
        socket_timeout=socket_timeout,
        socket_connect_timeout=socket_timeout,
        retry=Retry(NoBackoff(), 0),  # type: ignore[arg-type]
        health_check_interval=0,
    )


class RouteLimits:
    """One configurable fixed-window limit per named route, checked before the route runs."""

    def __init__(
        self,
        default: str,
        overrides: Mapping[str, str],
        redis_url: str | None,
        socket_timeout: float,
        enabled: bool = True,
        workers: int = 1,
    ) -> None:
        self.default = default
        self.overrides = dict(overrides)
        self.workers = workers
        self.enabled = enabled
        self._routes: dict[object, str] = {}
        self._primary_storage: Storage | MemoryWindows = (
            _redis_storage(redis_url, socket_timeout) if redis_url else MemoryWindows()
        )
        self._primary_limits: dict[str, tuple[RateLimitItem, ...]] = {}
        # Only a shared store can fail over; a memory store is already per process.
        self._fallback_storage: MemoryWindows | None = MemoryWindows() if redis_url else None
        self._fallback_limits: dict[str, tuple[RateLimitItem, ...]] = {}
        self._redis_breaker = Breaker()

    @property
    def storage(self) -> Storage | MemoryWindows:
        """Where requests are counted normally (Redis when configured)."""
        return self._primary_storage

    def limit_for(self, route_name: str) -> str:
        """The limit string of a route: its override, else the default."""
        return self.overrides.get(route_name, self.default)

    def register(self, route_name: str, endpoint: Callable[..., Any] | None = None) -> None:
        """Give a route its limit; `endpoint` lets `check` find the route of a request."""
        limit = self.limit_for(route_name)
        self._primary_limits[route_name] = tuple(parse_many(limit))
        if self._fallback_storage is not None:
            share = per_worker_limit(limit, self.workers)
            self._fallback_limits[route_name] = tuple(parse_many(share))
        if endpoint is not None:
            self._routes[endpoint] = route_name

    def limits(self, route_name: str) -> bool:
        """Whether requests to the route are counted."""
        return self.enabled and route_name in self._primary_limits

    async def check(self, request: Request) -> None:
        """Count a request to a FastAPI route; raise RateLimitExceeded over the limit.

        Within the limit, the X-RateLimit-* headers are left in the request state, where
        the request-context middleware adds them to whatever response the route returns.
        """
        route_name = self._routes.get(request.scope.get("endpoint"))
        if route_name is None:
            return
        headers = await self.hit(route_name, client_key(request))
        if headers:
            request.state.response_headers = headers

    async def hit(self, route_name: str, identity: str) -> dict[str, str]:
        """Count one request of `identity` to the route: its headers, or RateLimitExceeded."""
        if not self.limits(route_name):
            return {}
        primary = self._primary_storage
        if isinstance(primary, MemoryWindows):  # no Redis: nothing to await
            return _count_in_memory(primary, self._primary_limits[route_name], route_name, identity)
        if self._fallback_storage is None or not self._redis_breaker.open:
            try:
                return await self._count(primary, route_name, identity)
            except RateLimitExceeded:
                raise
            except Exception as exc:  # redis-py and limits raise many kinds
                if self._fallback_storage is None:
                    raise
                self._redis_breaker.failed()
                log.warning("rate_limit_storage_unavailable", error_type=type(exc).__name__)
            else:
                self._redis_breaker.succeeded()
        child(REDIS_FALLBACK, "ratelimit").inc()
        assert self._fallback_storage is not None
        items = self._fallback_limits[route_name]
        return _count_in_memory(self._fallback_storage, items, route_name, identity)

    async def _count(self, storage: Storage, route_name: str, identity: str) -> dict[str, str]:
        """Hit each of the route's limits in Redis in turn, as slowapi did, stopping at the
        first over; the headers describe the limit with the shortest window that was
        counted, or the one that refused. When the storage fails between the count and the
        read of the window's end, the answer goes out without the headers."""
        shown: tuple[RateLimitItem, int, str] | None = None
        items = self._primary_limits[route_name]
        for item, key in zip(items, _keys(items, route_name, identity), strict=True):
            count = await storage.incr(key, item.get_expiry(), amount=1)
            if count > item.amount:
                raise RateLimitExceeded(str(item), await _read_headers(storage, item, count, key))
            if shown is None or item < shown[0]:
                shown = (item, count, key)
        if shown is None:
            return {}
        item, count, key = shown
        return await _read_headers(storage, item, count, key, refused=False)

    async def close(self) -> None:
        """Release the Redis connections, if any."""
        bridge = getattr(self._primary_storage, "bridge", None)
        client = getattr(bridge, "storage", None)
        closing = getattr(client, "aclose", None)
        if closing is not None:
            await closing()


def _count_in_memory(
    windows: MemoryWindows, items: tuple[RateLimitItem, ...], route_name: str, identity: str
) -> dict[str, str]:
    """`RouteLimits._count` in this process's memory: no await, no lock."""
    shown: tuple[RateLimitItem, int, str] | None = None
    for item, key in zip(items, _keys(items, route_name, identity), strict=True):
        count = windows.incr(key, item.get_expiry())
        if count > item.amount:
            raise RateLimitExceeded(str(item), _memory_headers(windows, item, count, key))
        if shown is None or item < shown[0]:
            shown = (item, count, key)
    if shown is None:
        return {}
    item, count, key = shown
    return _memory_headers(windows, item, count, key, refused=False)


def _memory_headers(
    windows: MemoryWindows, item: RateLimitItem, count: int, key: str, *, refused: bool = True
) -> dict[str, str]:
    """The headers of a count in memory (none if the window's end cannot be read, as for
    Redis)."""
    try:
        reset_at = windows.get_expiry(key)
    except Exception:
        return {}
    return _limit_headers(item, count, reset_at, refused=refused)


async def _read_headers(
    storage: Storage, item: RateLimitItem, count: int, key: str, *, refused: bool = True
) -> dict[str, str]:
    """The headers of a count in Redis; none when the window's end cannot be read."""
    try:
        reset_at = await storage.get_expiry(key)
    except Exception:  # storage lost mid-request: the answer matters, not headers
        return {}
    return _limit_headers(item, count, reset_at, refused=refused)


def _limit_headers(
    item: RateLimitItem, count: int, reset_at: float, *, refused: bool
) -> dict[str, str]:
    """X-RateLimit-* headers; Retry-After (seconds to wait) only on a refusal. Reset is
    whole seconds since the epoch."""
    reset = int(reset_at) + 1
    headers = {
        "X-RateLimit-Limit": str(item.amount),
        "X-RateLimit-Remaining": str(max(0, item.amount - count)),
        "X-RateLimit-Reset": str(reset),
    }
    if refused:
        headers["Retry-After"] = str(max(1, reset - int(time.time())))
    return headers


__all__ = [
    "MemoryWindows",
    "RateLimitExceeded",
    "RouteLimits",
    "client_key",
    "identity_of",
    "per_worker_limit",
]
