"""Per-request context shared by middleware, handlers and logs (the request id)."""

from __future__ import annotations

import re
import uuid
from collections.abc import MutableMapping
from typing import Any

REQUEST_ID_HEADER = "x-request-id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id(offered: str | None) -> str:
    """Keep a caller's well-formed id (so traces join up), otherwise make one."""
    if offered and _SAFE_ID.match(offered):
        return offered
    return uuid.uuid4().hex


def request_id_of(scope: MutableMapping[str, Any]) -> str | None:
    """The id the middleware gave this request, if it ran."""
    state = scope.get("state") or {}
    value = state.get("request_id")
    return value if isinstance(value, str) else None
