"""Plain ASGI middleware: request id, access log, body-size limit.

Written against the ASGI interface rather than `BaseHTTPMiddleware`, which wraps every
request in an extra task and costs time on the hot path.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import orjson
import structlog
from starlette.exceptions import HTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fembalance_ml.api.errors import answer_unexpected
from fembalance_ml.platform.context import REQUEST_ID_HEADER, new_request_id
from fembalance_ml.platform.logging import start_request_fields
from fembalance_ml.platform.metrics import HTTP_REQUESTS, HTTP_SECONDS, child

log = structlog.get_logger("access")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _error_body(code: str, message: str, request_id: str) -> bytes:
    error = {"code": code, "message": message, "details": [], "request_id": request_id}
    return orjson.dumps({"error": error})


class RequestContextMiddleware:
    """Give each request an id, echo it in `X-Request-ID`, log and count every answer.

    The log line holds method, route template, status and latency, plus what the
    prediction path bound (model, version, group, pseudonymous user, cache): never the
    body or anything else about the person. The HTTP metrics count every answer, errors
    and refusals included, by route template ("unmatched" when no route matched).
    """

    def __init__(self, app: ASGIApp, templates: Sequence[str] = ()) -> None:
        self.app = app
        # The app's route templates, to name answers given before routing (an early 413,
        # a CORS preflight) by the route their path belongs to.
        self._patterns = [(compile_path(t)[0], t) for t in templates]
        # Resolved once (the stack is built after create_app configured logging): the lazy
        # proxy would rebuild a bound logger on every request.
        self._log = log.bind()

    def _template(self, scope: Scope) -> str:
        """The matched route's template, else the one whose pattern fits, else unmatched."""
        route = scope.get("route")
        if route is not None:
            return str(getattr(route, "path", "unmatched"))
        path = scope.get("path", "")
        for pattern, template in self._patterns:
            if pattern.match(path):
                return template
        return "unmatched"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = new_request_id(_header(scope, REQUEST_ID_HEADER.encode()))
        scope.setdefault("state", {})["request_id"] = request_id
        # Whatever the route binds (model, version, pseudonymous user) joins this request's
        # one log line; nothing is left over from the previous request on this task.
        start_request_fields()
        started = time.perf_counter()
        status_holder: list[Any] = [500, False]  # status, whether the answer has started

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
                status_holder[1] = True
                headers = list(message.get("headers", ()))
                headers.append((b"x-request-id", request_id.encode()))
                extra = scope["state"].get("response_headers")
                if extra and message["status"] < 400:
                    headers.extend((k.lower().encode(), v.encode()) for k, v in extra.items())
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # The routes' errors stop at LastResortMiddleware; this catches what the
            # layers between (body limit, CORS) raise, so nothing reaches the server.
            await answer_unexpected(scope, receive, send_with_id, exc, started=status_holder[1])
        finally:
            route = self._template(scope)
            elapsed = time.perf_counter() - started
            status = status_holder[0]
            child(HTTP_REQUESTS, route, scope.get("method", ""), str(status)).inc()
            child(HTTP_SECONDS, route).observe(elapsed)
            self._log.info(
                "request",
                request_id=request_id,
                method=scope.get("method"),
                route=route,
                status=status,
                latency_ms=round(elapsed * 1000, 3),
            )


class BodySizeLimitMiddleware:
    """Refuse bodies over `max_bytes` with 413, by header and by counting the stream.

    Starlette's own RequestBodyLimitMiddleware answers the Content-Length case in plain
    text; this one keeps the error envelope and request id on both paths.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
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
        return f"Request body exceeds the limit of {self.max_bytes} bytes."

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
