"""API keys: held only as SHA-256 hashes and compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from pydantic import SecretStr

BEARER_PREFIX = "bearer "


def hash_key(key: str) -> bytes:
    """The form in which a key is kept in memory."""
    return hashlib.sha256(key.encode("utf-8")).digest()


class ApiKeyVerifier:
    """Checks `Authorization: Bearer <key>` against the configured keys."""

    def __init__(self, keys: Iterable[SecretStr]) -> None:
        self._hashes = [hash_key(key.get_secret_value()) for key in keys]

    def client_of(self, authorization: str | None) -> str | None:
        """A hex digest naming the client when the key is valid, else None.

        Every configured key is compared, so timing does not tell which one matched.
        """
        if not authorization or not authorization.lower().startswith(BEARER_PREFIX):
            return None
        offered = hash_key(authorization[len(BEARER_PREFIX) :].strip())
        matched = False
        for known in self._hashes:
            matched |= hmac.compare_digest(offered, known)
        return offered.hex()[:16] if matched else None
