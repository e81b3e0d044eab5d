"""CORS with the service's error envelope on a refused preflight.

Starlette answers a refused preflight with plain text (`Disallowed CORS origin`); every
other error of the API is the JSON envelope, and clients parse one shape only.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

# What the headers of a rate-limited API mean to a browser script, beyond the safelisted ones.
EXPOSED_HEADERS = [
    "X-Request-ID",
    "X-Cache",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-Prediction-ID",
]
REFUSED_MESSAGE = (
    "CORS preflight refused: the origin, method or headers are not allowed for this API."
)


def refused_preflight_body(request_id: str | None) -> bytes:
    """The error envelope of a refused preflight."""
    error: dict[str, object] = {
        "code": "cors_refused",
        "message": REFUSED_MESSAGE,
        "details": [],
        "request_id": request_id,
    }
    return orjson.dumps({"error": error})


class EnvelopeCORSMiddleware(CORSMiddleware):
    """Starlette's CORSMiddleware whose refused preflights answer with the error envelope."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        is_preflight = (
            headers is not None
            and scope["method"] == "OPTIONS"
            and "origin" in headers
            and "access-control-request-method" in headers
        )
        if headers is None or not is_preflight:
            await super().__call__(scope, receive, send)
            return
        response = self.preflight_response(request_headers=headers)
        if response.status_code >= 400:
            response = self._as_envelope(response, scope)
        await response(scope, receive, send)

    @staticmethod
    def _as_envelope(refused: Response, scope: Scope) -> Response:
        """The same status and CORS headers, with the envelope as the body."""
        state: dict[str, Any] = scope.get("state") or {}
        request_id = state.get("request_id")
        kept = {
            key: value
            for key, value in refused.headers.items()
            if key.lower() not in ("content-type", "content-length")
        }
        return Response(
            refused_preflight_body(str(request_id) if request_id else None),
            status_code=refused.status_code,
            headers=kept,
            media_type="application/json",
        )
