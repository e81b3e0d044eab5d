"""Who may ask for a prediction, and how often: one implementation for every request path.

The FastAPI dependency (deps.admit_prediction) and the lean path (api/lean.py) both call
`Admission.admit`, so a key, a browser token and a rate limit are judged the same way
whichever path answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from fembalance_ml.api.errors import UnauthorizedError
from fembalance_ml.platform.auth import ApiKeyVerifier
from fembalance_ml.platform.context import CLIENT
from fembalance_ml.platform.ratelimit import RouteLimits, identity_of
from fembalance_ml.platform.tokens import TokenVerifier

UNAUTHORIZED = "A valid API key or browser token is required: `Authorization: Bearer <key>`."


class BearerKeyRequiredError(UnauthorizedError):
    """A 401 that names the scheme to use (RFC 6750), as HTTP requires of every 401."""

    headers: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"WWW-Authenticate": 'Bearer realm="fembalance-ml"'}
    )


class Admission:
    """API keys or browser tokens, then the route's rate limit."""

    def __init__(
        self,
        keys: ApiKeyVerifier,
        tokens: TokenVerifier | None,
        limits: RouteLimits,
        *,
        key_required: bool,
    ) -> None:
        self.keys = keys
        self.tokens = tokens
        self.limits = limits
        self.key_required = key_required

    def client_of(self, authorization: bytes | None) -> str | None:
        """An API key's digest, `token:<subject>` for a browser token, or None."""
        if not authorization:
            return None
        client = self.keys.client_of_bytes(authorization)
        if client is None and self.tokens is not None:
            scheme, _, credential = authorization.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer":
                subject = self.tokens.subject_of(credential.strip())
                client = f"token:{subject}" if subject else None
        return client

    def authenticate(self, authorization: bytes | None) -> str | None:
        """The client, or BearerKeyRequiredError (401) when one is required and absent.

        The client is also left in the request's context (CLIENT): prediction ids are
        bound to it.
        """
        client = self.client_of(authorization)
        if client is None and self.key_required:
            raise BearerKeyRequiredError(UNAUTHORIZED)
        CLIENT.set(client)
        return client

    async def admit(
        self, route_name: str, authorization: bytes | None, address: str | None
    ) -> tuple[str | None, dict[str, str]]:
        """Authenticate and count one request: the client and the X-RateLimit-* headers.

        Raises BearerKeyRequiredError (401) or RateLimitExceeded (429).
        """
        client = self.authenticate(authorization)
        headers = await self.limits.hit(route_name, identity_of(client, address))
        return client, headers
