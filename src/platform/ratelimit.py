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
        """Attach the route's limit to its endpoint function (by qualified name)."""
        self.limiter.limit(self.limit_for(route_name))(endpoint)

    def check(self, request: Request, response: Response) -> None:
        """Count this request; raise RateLimitExceeded over the limit, else add headers."""
        endpoint = request.scope.get("endpoint")
        self.limiter._check_request_limit(request, endpoint, False)
        current = getattr(request.state, "view_rate_limit", None)
        if current is not None:
            self.limiter._inject_headers(response, current)

    def headers_for_refusal(self, request: Request) -> dict[str, str]:
        """Retry-After and X-RateLimit-* headers for a 429."""
        probe = Response()
        current = getattr(request.state, "view_rate_limit", None)
        if current is not None:
            self.limiter._inject_headers(probe, current)
        return {k: v for k, v in probe.headers.items() if k.lower() != "content-length"}


__all__ = ["RateLimitExceeded", "RouteLimits", "client_key"]
