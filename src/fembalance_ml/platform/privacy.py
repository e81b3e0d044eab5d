"""Keyed pseudonyms: the only form in which a person's identifiers leave a request."""

from __future__ import annotations

import hashlib
import hmac


def _utf8(text: str) -> bytes:
    """UTF-8 bytes of any str, a lone surrogate included (as its own three bytes).

    Valid text encodes as plain UTF-8, so existing pseudonyms and buckets do not move.
    """
    return text.encode("utf-8", "surrogatepass")


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
        return self.digest(b"user", _utf8(user_id))[:16]

    def bucket(self, experiment: str, user_id: str, buckets: int = 10_000) -> int:
        """A stable bucket in [0, buckets) for sticky A/B assignment."""
        value = int(self.digest(b"bucket", _utf8(experiment), _utf8(user_id))[:12], 16)
        return value % buckets
