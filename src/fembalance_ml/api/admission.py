"""Who may call which route, and how often: one implementation for every request path.

Three credentials open routes, each sent as `Authorization: Bearer <credential>`: an API
key (VALID_API_KEYS: the product's backend), an admin key (ADMIN_API_KEYS: operators) and
a browser token (security/tokens.py: the web frontend). Each protected route takes one
`Access` (docs/API.md, "Who may call what"):

- CLIENT: predictions, outcomes and the listings; an API key or a browser token, or no
  credential at all when API_KEY_REQUIRED=false;
- ERASURE: a person's erasure; an API key or an admin key, whatever API_KEY_REQUIRED says;
- ADMIN: model reloads and experiment reports; an admin key only, likewise.

No valid credential is 401 (a missing and a wrong one get the same answer, with
`WWW-Authenticate`); a valid credential of a kind the route does not take is 403
`insufficient_scope`, naming what the route takes. The FastAPI dependencies (api/deps.py)
and the prediction routes (api/prediction_route.py) both ask `Admission`, so a key, a token
and a rate limit are judged the same way whichever route answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import ClassVar

from fembalance_ml.api.error_texts import CREDENTIALS, INSUFFICIENT_SCOPE, UNAUTHORIZED
from fembalance_ml.api.errors import ForbiddenError, UnauthorizedError
from fembalance_ml.http.context import REQUEST_CLIENT
from fembalance_ml.http.ratelimit import RouteLimits
from fembalance_ml.security.auth import ApiKeyVerifier
from fembalance_ml.security.tokens import TokenVerifier

REALM = 'Bearer realm="fembalance-ml"'


class Credential(StrEnum):
    """The kinds of credential the service knows."""

    API_KEY = "api_key"
    ADMIN_KEY = "admin_key"
    BROWSER_TOKEN = "browser_token"


@dataclass(frozen=True)
class Access:
    """Which credentials open a group of routes, and whether none is needed without keys."""

    name: str
    accepts: tuple[Credential, ...]
    open_without_keys: bool


CLIENT = Access("client", (Credential.API_KEY, Credential.BROWSER_TOKEN), open_without_keys=True)
ERASURE = Access("erasure", (Credential.API_KEY, Credential.ADMIN_KEY), open_without_keys=False)
ADMIN = Access("admin", (Credential.ADMIN_KEY,), open_without_keys=False)


def unauthorized_message(access: Access) -> str:
    """The 401's message, in the request's language: the same for a missing and a wrong
    credential."""
    return UNAUTHORIZED[access.name].render()


class BearerKeyRequiredError(UnauthorizedError):
    """A 401 that names the scheme to use (RFC 6750), as HTTP requires of every 401."""

    headers: ClassVar[Mapping[str, str]] = MappingProxyType({"WWW-Authenticate": REALM})


class InsufficientScopeError(ForbiddenError):
    """A valid credential of a kind the route does not take (RFC 6750 `insufficient_scope`)."""

    code = "insufficient_scope"
    headers: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"WWW-Authenticate": f'{REALM}, error="insufficient_scope"'}
    )

    def __init__(self, access: Access, presented: Credential) -> None:
        super().__init__(
            INSUFFICIENT_SCOPE[access.name].render(presented=CREDENTIALS[presented].render()),
            [{"required": [str(kind) for kind in access.accepts], "presented": str(presented)}],
        )


class Admission:
    """API keys, admin keys or browser tokens, then the route's rate limit."""

    def __init__(
        self,
        key_verifier: ApiKeyVerifier,
        tokens: TokenVerifier | None,
        limits: RouteLimits,
        *,
        key_required: bool,
        admin_verifier: ApiKeyVerifier | None = None,
    ) -> None:
        self.key_verifier = key_verifier
        self.admin_verifier = admin_verifier if admin_verifier is not None else ApiKeyVerifier(())
        self.tokens = tokens
        self.limits = limits
        self.key_required = key_required

    def client_as(self, credential: Credential, authorization: bytes) -> str | None:
        """The client `authorization` names if it is a valid `credential`: a key's digest, or
        `token:<subject>` for a browser token; else None."""
        if credential is Credential.API_KEY:
            return self.key_verifier.client_of_bytes(authorization)
        if credential is Credential.ADMIN_KEY:
            return self.admin_verifier.client_of_bytes(authorization)
        return self._token_client(authorization)

    def _token_client(self, authorization: bytes) -> str | None:
        if self.tokens is None:
            return None
        scheme, _, token = authorization.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer":
            return None
        subject = self.tokens.subject_of(token.strip())
        return f"token:{subject}" if subject else None

    def authenticate(self, authorization: bytes | None) -> str | None:
        """The client of a CLIENT route: None when keys are off and none fits; else 401/403.

        Every prediction passes here: the two checks are written out, not looped over.
        """
        client = None
        if authorization:
            client = self.key_verifier.client_of_bytes(authorization) or self._token_client(
                authorization
            )
        if client is None and self.key_required:
            raise self._refusal(authorization, CLIENT)
        # Prediction ids are bound to the client (security/ids.py reads it).
        REQUEST_CLIENT.set(client)
        return client

    def still_admits(self, authorization: bytes | None) -> bool:
        """Whether `authorization` is a credential the service takes now, of any kind (or
        none is needed and none was sent): what a replayed answer asks of its requester."""
        if not authorization:
            return not self.key_required
        return any(self.client_as(credential, authorization) for credential in Credential)

    def authorize(self, authorization: bytes | None, access: Access) -> str:
        """The client of a route that always takes a credential (ERASURE, ADMIN); 401/403."""
        client = self._accepted(authorization, access)
        if client is None:
            raise self._refusal(authorization, access)
        return client

    def _accepted(self, authorization: bytes | None, access: Access) -> str | None:
        """The client when `authorization` is one of the credentials `access` takes."""
        if not authorization:
            return None
        for credential in access.accepts:
            client = self.client_as(credential, authorization)
            if client is not None:
                return client
        return None

    def _refusal(
        self, authorization: bytes | None, access: Access
    ) -> BearerKeyRequiredError | InsufficientScopeError:
        """403 for a valid credential of another kind; 401 for none or an invalid one."""
        if authorization:
            for credential in Credential:
                if credential not in access.accepts and self.client_as(credential, authorization):
                    return InsufficientScopeError(access, credential)
        return BearerKeyRequiredError(unauthorized_message(access))
