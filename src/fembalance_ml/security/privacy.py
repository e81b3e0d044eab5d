"""Keyed pseudonyms: the only form in which a person's identifiers leave a request."""

from __future__ import annotations

import hashlib
import hmac
import time

# A user's log pseudonym is remembered this long (per process), for this many users.
PSEUDONYM_CACHE_SECONDS = 60.0
PSEUDONYM_CACHE_ITEMS = 4096


def _utf8(text: str) -> bytes:
    """UTF-8 bytes of any str, a lone surrogate included (as its own three bytes).

    Valid text encodes as plain UTF-8, so existing pseudonyms and buckets do not move.
    """
    return text.encode("utf-8", "surrogatepass")


class Pseudonymizer:
    """HMAC-SHA256 under a secret key: stable per user, not reversible without the key."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        # Recent users' pseudonyms; forgotten all at once every PSEUDONYM_CACHE_SECONDS or
        # when full, so no user id is held for long. A plain dict: safe to share with the
        # ledger's thread (a lost entry is only computed again).
        self._users: dict[str, str] = {}
        self._users_until = 0.0

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
        users = self._users
        now = time.monotonic()
        if now >= self._users_until:
            users = self._users = {}
            self._users_until = now + PSEUDONYM_CACHE_SECONDS
        known = users.get(user_id)
        if known is None:
            if len(users) >= PSEUDONYM_CACHE_ITEMS:
                users.clear()
            known = users[user_id] = self.digest(b"user", _utf8(user_id))[:16]
        return known

    def bucket(self, experiment: str, user_id: str, buckets: int = 10_000) -> int:
        """A stable bucket in [0, buckets) for sticky A/B assignment."""
        value = int(self.digest(b"bucket", _utf8(experiment), _utf8(user_id))[:12], 16)
        return value % buckets
