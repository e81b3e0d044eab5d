"""Per-request context shared by middleware, handlers and logs (the request id, the client)."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import MutableMapping
from contextvars import ContextVar
from typing import Any

REQUEST_ID_HEADER = "x-request-id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The client of the request being answered (an API key's digest, `token:<subject>`, or
# None without a credential), set where a request is authenticated (api/admission.py):
# the prediction ids of its answers are bound to it (security/ids.py).
REQUEST_CLIENT: ContextVar[str | None] = ContextVar("client", default=None)


class _RequestIds:
    """32 hex characters: 64 random bits drawn once per process, then a counter.

    Unique across workers and restarts (a fresh prefix after every fork) at the cost of a
    counter step, where uuid4 read the kernel's random source on every request. A request
    id names a request in logs; it is not a secret (prediction ids are, and stay random).
    """

    def __init__(self) -> None:
        self.reseed()

    def reseed(self) -> None:
        self._prefix = os.urandom(8).hex()
        self._counter = itertools.count()

    def next(self) -> str:
        return f"{self._prefix}{next(self._counter) & 0xFFFFFFFFFFFFFFFF:016x}"


_REQUEST_IDS = _RequestIds()
os.register_at_fork(after_in_child=_REQUEST_IDS.reseed)


def new_request_id(offered: str | None) -> str:
    """Keep a caller's well-formed id (so traces join up), otherwise make one."""
    if offered and _SAFE_ID.match(offered):
        return offered
    return _REQUEST_IDS.next()


def authorization_of(scope: MutableMapping[str, Any]) -> bytes | None:
    """The request's first Authorization header, raw (None without one)."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            return bytes(value)
    return None


def request_id_of(scope: MutableMapping[str, Any]) -> str | None:
    """The id the middleware gave this request, if it ran."""
    state = scope.get("state") or {}
    value = state.get("request_id")
    return value if isinstance(value, str) else None
