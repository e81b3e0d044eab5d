"""Per-client rate limits with slowapi, counted in Redis so every worker and pod shares them.

The client is the hashed API key when there is one, else the address that the trusted proxy
forwarded (Gunicorn's `forwarded_allow_ips` puts it in the ASGI scope). When Redis cannot
be reached, requests are counted in this process's memory against the limit divided by the
number of workers (MAX_WORKERS), so the workers of one pod together still allow about the
configured limit; Redis is tried again after a growing pause (see Breaker).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import structlog
from limits import parse_many
from redis.backoff import NoBackoff
from redis.retry import Retry
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from starlette.requests import Request

from fembalance_ml.platform.breaker import Breaker

log = structlog.get_logger(__name__)
CLIENT_STATE = "client_id"
# Request state: which limiter counted the request, and whether it was refused.
_COUNTED_BY = "rate_limiter"
_REFUSED = "rate_limited"


def client_key(request: Request) -> str:
    """The identity a limit is counted against."""
    client_id = getattr(request.state, CLIENT_STATE, None)
    if client_id:
        return f"key:{client_id}"
    return f"ip:{request.client.host if request.client else 'unknown'}"


def per_worker_limit(limit: str, workers: int) -> str:
    """`600/minute` with 2 workers -> `300 per 1 minute`: one worker's share of a limit."""
    shares = [
        f"{max(1, item.amount // workers)} per {item.multiples} {item.GRANULARITY.name}"
        for item in parse_many(limit)
    ]
    return ";".join(shares)


def _limit_target(route_name: str) -> Callable[..., None]:
    """A named stand-in for a route in slowapi's registry, which keys limits by function."""

    def target(request: Request) -> None:
        """Never called: slowapi reads only its name and its `request` parameter."""

    target.__name__ = target.__qualname__ = route_name
    return target


def _limiter(storage_uri: str, options: dict[str, Any], enabled: bool) -> Limiter:
    """A slowapi Limiter whose storage errors reach the caller (no fallback of its own)."""
    return Limiter(
        key_func=client_key,
        storage_uri=storage_uri,
        storage_options=options,
        in_memory_fallback_enabled=False,
        headers_enabled=True,
        key_style="endpoint",
        key_prefix="fembalance",
        enabled=enabled,
    )


class RouteLimits:
    """slowapi's Limiter, with one configurable limit per named route."""

    def __init__(
        self,
        default: str,
        overrides: Mapping[str, str],
        redis_url: str | None,
        socket_timeout: float,
        enabled: bool = True,
        workers: int = 1,
    ) -> None:
        options: dict[str, Any] = {}
        if redis_url:
            options = {
                "socket_timeout": socket_timeout,
                "socket_connect_timeout": socket_timeout,
                "retry": Retry(NoBackoff(), 0),
            }
        self.default = default
        self.overrides = dict(overrides)
        self.workers = workers
        self._targets: dict[object, Callable[..., None]] = {}
        self.limiter = _limiter(redis_url or "memory://", options, enabled)
        # Only a shared store can fail over; a memory store is already per process.
        self.fallback = _limiter("memory://", {}, enabled) if redis_url else None
        self._redis_breaker = Breaker()

    def limit_for(self, route_name: str) -> str:
        """The limit string of a route: its override, else the default."""
        return self.overrides.get(route_name, self.default)

    def register(self, route_name: str, endpoint: Callable[..., Any]) -> None:
        """Give the route's endpoint its limit, counted under the route's name."""
        target = _limit_target(route_name)
        self.limiter.limit(self.limit_for(route_name))(target)
        if self.fallback is not None:
            self.fallback.limit(per_worker_limit(self.limit_for(route_name), self.workers))(target)
        self._targets[endpoint] = target

    def check(self, request: Request) -> None:
        """Count this request; raise RateLimitExceeded over the limit.

        Within the limit, the X-RateLimit-* headers are left in the request state, where
        the request-context middleware adds them to whatever response the route returns.
        """
        target = self._targets.get(request.scope.get("endpoint"))
        if target is None:
            return
        try:
            self._count(request, target)
        except RateLimitExceeded:
            setattr(request.state, _REFUSED, True)
            raise
        request.state.response_headers = self.headers_for(request)

    def _count(self, request: Request, target: Callable[..., None]) -> None:
        """Count in Redis, or in this worker's share of the limit while Redis is down."""
        if self.fallback is None or not self._redis_breaker.open:
            setattr(request.state, _COUNTED_BY, self.limiter)
            try:
                self.limiter._check_request_limit(request, target, False)
            except RateLimitExceeded:
                raise
            except Exception as exc:  # redis-py and limits raise many kinds
                if self.fallback is None:
                    raise
                self._redis_breaker.failed()
                log.warning("rate_limit_storage_unavailable", error_type=type(exc).__name__)
            else:
                self._redis_breaker.succeeded()
                return
        assert self.fallback is not None
        setattr(request.state, _COUNTED_BY, self.fallback)
        self.fallback._check_request_limit(request, target, False)

    def headers_for(self, request: Request) -> dict[str, str]:
        """X-RateLimit-* headers for the limit this request was counted in.

        Reset is whole seconds since the epoch; Retry-After (seconds to wait) only on a
        refusal, where it means something.
        """
        limiter: Limiter = getattr(request.state, _COUNTED_BY, self.limiter)
        current = getattr(request.state, "view_rate_limit", None)
        if current is None or not limiter.enabled:
            return {}
        item, args = current
        try:
            reset_at, remaining = limiter.limiter.get_window_stats(item, *args)
        except Exception:  # storage lost mid-request: the answer matters, not headers
            return {}
        reset = int(reset_at) + 1
        headers = {
            "X-RateLimit-Limit": str(item.amount),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset),
        }
        if getattr(request.state, _REFUSED, False):
            headers["Retry-After"] = str(max(1, reset - int(time.time())))
        return headers


__all__ = ["RateLimitExceeded", "RouteLimits", "client_key", "per_worker_limit"]
