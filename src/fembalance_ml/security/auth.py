"""API keys: held only as SHA-256 hashes and compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections import OrderedDict
from collections.abc import Iterable

from pydantic import SecretStr

BEARER_PREFIX = "bearer "
# Distinct Authorization values whose verdict is remembered (valid and invalid alike).
VERDICT_CACHE_ITEMS = 1024


def hash_key(key: str) -> bytes:
    """The form in which a key is kept in memory."""
    return hashlib.sha256(key.encode("utf-8")).digest()


class ApiKeyVerifier:
    """Checks `Authorization: Bearer <key>` against the configured keys.

    A header value is verified once: the verdict is remembered in a bounded LRU keyed by a
    keyed BLAKE2b digest of the value (a per-process random key), so neither a raw key nor
    an unkeyed hash of one is held as a cache key, and a flood of made-up keys only evicts
    old verdicts.
    """

    def __init__(self, keys: Iterable[SecretStr], cache_items: int = VERDICT_CACHE_ITEMS) -> None:
        self._hashes = [hash_key(key.get_secret_value()) for key in keys]
        self._cache_items = cache_items
        self._verdicts: OrderedDict[bytes, str | None] = OrderedDict()
        self._cache_key = os.urandom(32)

    def client_of(self, authorization: str | None) -> str | None:
        """A hex digest naming the client when the key is valid, else None."""
        if not authorization:
            return None
        return self.client_of_bytes(authorization.encode("latin-1", "replace"))

    def client_of_bytes(self, authorization: bytes) -> str | None:
        """`client_of` for the raw header bytes of an ASGI scope."""
        if not authorization:
            return None
        tag = hashlib.blake2b(authorization, key=self._cache_key, digest_size=16).digest()
        verdicts = self._verdicts
        if tag in verdicts:
            verdicts.move_to_end(tag)
            return verdicts[tag]
        verdict = self._verify(authorization.decode("latin-1"))
        verdicts[tag] = verdict
        if len(verdicts) > self._cache_items:
            verdicts.popitem(last=False)
        return verdict

    def _verify(self, authorization: str) -> str | None:
        """Every configured key is compared, so timing does not tell which one matched."""
        if not authorization.lower().startswith(BEARER_PREFIX):
            return None
        offered = hash_key(authorization[len(BEARER_PREFIX) :].strip())
        matched = False
        for known in self._hashes:
            matched |= hmac.compare_digest(offered, known)
        return offered.hex()[:16] if matched else None
