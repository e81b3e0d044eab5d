"""Short-lived browser tokens: how the web frontend calls without holding an API key.

The product's backend holds an API key and the token signing key; for a signed-in person it
mints a token that lives a few minutes, and the browser sends it as `Authorization: Bearer
<token>`. The service checks the signature and expiry with no call to anyone, and counts
rate limits per token subject. A token opens the prediction routes and the read-only
listings, never an admin route.

Format, so that a backend in any language can mint one:
`fbt1.<expires>.<subject>.<signature>`, where `expires` is a Unix time in whole seconds,
`subject` is 1-64 characters of `[A-Za-z0-9_-]` (an opaque session id, never personal data),
and `signature` is the unpadded base64url HMAC-SHA256, under the signing key, of
`fbt1.<expires>.<subject>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time

PREFIX = "fbt1"
MAX_LIFETIME_S = 900
_SUBJECT = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TOKEN = re.compile(rf"{PREFIX}\.(\d{{1,12}})\.([A-Za-z0-9_-]{{1,64}})\.([A-Za-z0-9_-]{{43}})")


def _signature(key: bytes, signed: str) -> str:
    digest = hmac.new(key, signed.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def mint_token(key: bytes, subject: str, lifetime_s: int, now: float | None = None) -> str:
    """A token for `subject` valid for `lifetime_s` seconds (at most MAX_LIFETIME_S)."""
    if not _SUBJECT.fullmatch(subject):
        raise ValueError("subject must be 1-64 characters of A-Z, a-z, 0-9, _ or -")
    if not 0 < lifetime_s <= MAX_LIFETIME_S:
        raise ValueError(f"lifetime must be 1 to {MAX_LIFETIME_S} seconds")
    expires = int(now if now is not None else time.time()) + lifetime_s
    signed = f"{PREFIX}.{expires}.{subject}"
    return f"{signed}.{_signature(key, signed)}"


class TokenVerifier:
    """Checks browser tokens against the signing key; stateless, no network."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def subject_of(self, token: str, now: float | None = None) -> str | None:
        """The token's subject when the signature holds and it is live, else None.

        A token claiming to live longer than MAX_LIFETIME_S from now is refused too, so a
        leaked signing key cannot make long-lived tokens unnoticed.
        """
        match = _TOKEN.fullmatch(token)
        if match is None:
            return None
        expires_text, subject, signature = match.groups()
        expected = _signature(self._key, f"{PREFIX}.{expires_text}.{subject}")
        if not hmac.compare_digest(signature, expected):
            return None
        remaining = int(expires_text) - (now if now is not None else time.time())
        if not 0 < remaining <= MAX_LIFETIME_S:
            return None
        return subject
