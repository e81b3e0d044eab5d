"""Plain ASGI middleware: the request body's size limit, with the error envelope."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fembalance_ml.api.error_texts import BODY_TOO_LARGE


def _error_body(code: str, message: str, request_id: str) -> bytes:
    error = {"code": code, "message": message, "details": [], "request_id": request_id}
    return orjson.dumps({"error": error})


class BodySizeLimitMiddleware:
    """Refuse bodies over `max_bytes` with 413, by header and by counting the stream.

    Starlette's own RequestBodyLimitMiddleware answers the Content-Length case in plain
    text; this one keeps the error envelope and request id on both paths. A body of a
    declared length within the limit passes untouched: the server delivers no more than
    it declares (uvicorn's parser frames the body by Content-Length), so only a body of
    unknown length (chunked) is counted as it arrives.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = declared if declared is not None else value
            elif name == b"transfer-encoding":
                chunked = True
        if declared is not None and declared.isdigit():
            if int(declared) > self.max_bytes:
                await self._refuse(scope, send)
                return
            if not chunked:
                await self.app(scope, receive, send)
                return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Rendered by the app's own handler, so the envelope stays the same.
                    raise HTTPException(413, self._message)
            return message

        await self.app(scope, counting_receive, send)

    @property
    def _message(self) -> str:
        return BODY_TOO_LARGE.render(limit=self.max_bytes)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        state: dict[str, Any] = scope.get("state") or {}
        body = _error_body(
            "payload_too_large",
            self._message,
            str(state.get("request_id", "")),
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
