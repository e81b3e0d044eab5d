"""Keyed pseudonyms: the only form in which a person's identifiers leave a request."""

from __future__ import annotations

import hashlib
import hmac


class Pseudonymizer:
    """HMAC-SHA256 under a secret key: stable per user, not reversible without the key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def digest(self, *parts: bytes) -> str:
        """Hex HMAC of the parts, joined unambiguously."""
        mac = hmac.new(self._key, digestmod=hashlib.sha256)
        for part in parts:
            mac.update(len(part).to_bytes(8, "big"))
            mac.update(part)
        return mac.hexdigest()

    def user(self, user_id: str | None) -> str | None:
        """A short pseudonym of a user id for logs, or None."""
        if not user_id:
            return None
        return self.digest(b"user", user_id.encode("utf-8"))[:16]

    def bucket(self, experiment: str, user_id: str, buckets: int = 10_000) -> int:
        """A stable bucket in [0, buckets) for sticky A/B assignment."""
        value = int(self.digest(b"bucket", experiment.encode(), user_id.encode("utf-8"))[:12], 16)
        return value % buckets
