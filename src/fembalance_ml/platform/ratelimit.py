"""Per-client rate limits with slowapi, counted in Redis so every worker and pod shares them.

The client is the hashed API key when there is one, else the address that the trusted proxy
forwarded (Gunicorn's `forwarded_allow_ips` puts it in the ASGI scope). When Redis cannot
be reached, slowapi switches to per-process memory: connections fail fast (short socket
timeouts, no retries) and the service keeps answering.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from redis.backoff import NoBackoff
from redis.retry import Retry
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from starlette.requests import Request
from starlette.responses import Response

CLIENT_STATE = "client_id"


def client_key(request: Request) -> str:
    """The identity a limit is counted against."""
    client_id = getattr(request.state, CLIENT_STATE, None)
    if client_id:
        return f"key:{client_id}"
    return f"ip:{request.client.host if request.client else 'unknown'}"


def _limit_target(route_name: str) -> Callable[..., None]:
    """A named stand-in for a route in slowapi's registry, which keys limits by function."""

    def target(request: Request) -> None:
        """Never called: slowapi reads only its name and its `request` parameter."""

    target.__name__ = target.__qualname__ = route_name
    return target


class RouteLimits:
    """slowapi's Limiter, with one configurable limit per named route."""

    def __init__(
        self,
        default: str,
        overrides: Mapping[str, str],
        redis_url: str | None,
        socket_timeout: float,
        enabled: bool = True,
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
        self._targets: dict[object, Callable[..., None]] = {}
        self.limiter = Limiter(
            key_func=client_key,
            storage_uri=redis_url or "memory://",
            storage_options=options,
            in_memory_fallback_enabled=True,
            headers_enabled=True,
            key_style="endpoint",
            key_prefix="fembalance",
            enabled=enabled,
        )

    def limit_for(self, route_name: str) -> str:
        """The limit string of a route: its override, else the default."""
        return self.overrides.get(route_name, self.default)

    def register(self, route_name: str, endpoint: Callable[..., Any]) -> None:
        """Give the route's endpoint its limit, counted under the route's name."""
        target = _limit_target(route_name)
        self.limiter.limit(self.limit_for(route_name))(target)
        self._targets[endpoint] = target

    def check(self, request: Request) -> None:
        """Count this request; raise RateLimitExceeded over the limit.

        Within the limit, the X-RateLimit-* headers are left in the request state, where
        the request-context middleware adds them to whatever response the route returns.
        """
        target = self._targets.get(request.scope.get("endpoint"))
        if target is None:
            return
        self.limiter._check_request_limit(request, target, False)
        request.state.response_headers = self.headers_for(request)

    def headers_for(self, request: Request) -> dict[str, str]:
        """X-RateLimit-* and Retry-After headers for the limit this request was counted in."""
        probe = Response()
        current = getattr(request.state, "view_rate_limit", None)
        if current is not None:
            try:
                self.limiter._inject_headers(probe, current)
            except Exception:  # storage lost mid-request: the answer matters, not headers
                return {}
        return {k: v for k, v in probe.headers.items() if k.lower() != "content-length"}


__all__ = ["RateLimitExceeded", "RouteLimits", "client_key"]
