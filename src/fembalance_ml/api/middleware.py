"""Plain ASGI middleware: request id, CORS, access line and HTTP metrics.

Written against the ASGI interface rather than `BaseHTTPMiddleware`, which wraps every
request in an extra task and costs time on the hot path. One pass over the request's
headers, one wrapper around `send` for the answer's headers (request id, CORS, rate
limits), and nothing else on the way in.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from prometheus_client import Counter, Histogram
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fembalance_ml.api.conventions import Asked, lookup_policy, reshape_error, reshape_lookup
from fembalance_ml.api.errors import answer_unexpected
from fembalance_ml.api.problem_details import prefers_problem
from fembalance_ml.http.context import new_request_id
from fembalance_ml.http.cors import ORIGIN, CorsPolicy, refused_answer, with_vary
from fembalance_ml.http.traceparent import parse_traceparent
from fembalance_ml.i18n import set_catalog
from fembalance_ml.i18n.negotiate import Negotiator
from fembalance_ml.observability.logging import access_line, start_request_fields
from fembalance_ml.observability.metrics import HTTP_REQUESTS, HTTP_SECONDS, child
from fembalance_ml.observability.tally import TALLY

# Kinds of answer (route template, method, status) whose metric children are remembered.
COUNTED_KINDS = 1024
ENGLISH = b"en"
ACCEPT_LANGUAGE = b"Accept-Language"
VARY_LOCALISED = ORIGIN + b", " + ACCEPT_LANGUAGE


# Request headers that shape the answer (api/conventions.py).
_CONVENTIONS = frozenset({b"traceparent", b"accept", b"if-none-match"})


def _ask(asked: Asked | None, name: bytes, value: bytes) -> Asked | None:
    """Note one such header when it asks something (the first of each name counts): a
    plain `Accept: */*` or a malformed traceparent leaves the request on the fast path."""
    if name == b"traceparent":
        trace = parse_traceparent(value)
        if trace is None or (asked is not None and asked.trace is not None):
            return asked
        asked = asked or Asked()
        asked.trace = trace
    elif name == b"accept":
        if not prefers_problem(value):
            return asked
        asked = asked or Asked()
        asked.problem = True
    else:
        asked = asked or Asked()
        if asked.if_none_match is None:
            asked.if_none_match = value
    return asked


class RequestContextMiddleware:
    """Give each request an id, echo it in `X-Request-ID`, apply CORS, log and count it.

    The log line holds method, route template, status and latency, plus what the
    prediction path bound (model, version, group, pseudonymous user, cache): never the
    body or anything else about the person. The HTTP metrics count every answer, errors
    and refusals included, by route template ("unmatched" when no route matched). CORS
    (http/cors.py): a preflight is answered here; every other answer gets the headers
    its Origin calls for. The same pass notes what the request asks of its answer's form
    (`traceparent`, `Accept: application/problem+json`, `If-None-Match`); only answers
    that need it are held back and reshaped (api/conventions.py).
    """

    def __init__(
        self,
        app: ASGIApp,
        cors: CorsPolicy,
        templates: Sequence[str] = (),
        negotiator: Negotiator | None = None,
    ) -> None:
        self.app = app
        self.cors = cors
        self.negotiator = negotiator or Negotiator()
        # The app's route templates, to name answers given before routing (an early 413,
        # a CORS preflight) by the route their path belongs to.
        self._patterns = [(compile_path(t)[0], t) for t in templates]
        self._counted: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

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
        offered = origin = asked_method = asked_headers = languages = None
        private_network = False
        asked: Asked | None = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                offered = offered or value
            elif name == b"accept-language":
                languages = value if languages is None else languages + b"," + value
            elif name == b"origin":
                origin = origin or value
            elif name in _CONVENTIONS and (name != b"accept" or b"problem+json" in value):
                asked = _ask(asked, name, value)
            elif name.startswith(b"access-control-request-"):
                if name == b"access-control-request-method":
                    asked_method = asked_method or value
                elif name == b"access-control-request-headers":
                    asked_headers = asked_headers or value
                elif name == b"access-control-request-private-network":
                    private_network = True
        request_id = new_request_id(offered.decode("latin-1") if offered else None)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        # Whatever the route binds (model, version, pseudonymous user) joins this request's
        # one log line; nothing is left over from the previous request on this task.
        fields = start_request_fields()
        trace = asked.trace if asked is not None else None
        reshapes_errors = asked is not None and (asked.problem or trace is not None)
        is_get = scope["method"] == "GET"
        if trace is not None:
            fields["trace_id"] = trace.trace_id
        started = time.perf_counter()
        answered: list[Any] = [500, False]  # status, whether the answer has started
        cors = () if origin is None else self.cors.answer_headers(origin)
        # Every text of this request renders in its language (the handlers, the pool
        # threads it hands work to: they run in a copy of this context).
        catalog = None if languages is None else self.negotiator.catalog_for(languages)
        set_catalog(catalog)
        language = ENGLISH if catalog is None else self.negotiator.header_of(catalog)
        # An answer being reshaped (api/conventions.py): its start and body so far.
        held: list[Any] = []

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = answered[0] = message["status"]
                answered[1] = True
                headers = list(message.get("headers", ()))
                headers.extend(cors)
                # Errors and localised answers vary by language too: one merge of the Vary
                # header, which holds the same bytes as merging Origin, then the language.
                localised = status >= 400 or getattr(scope.get("route"), "localised", False)
                with_vary(headers, VARY_LOCALISED if localised else ORIGIN)
                headers.append((b"x-request-id", request_id.encode()))
                if localised:
                    headers.append((b"content-language", language))
                if trace is not None:
                    headers.append((b"traceparent", trace.answer()))
                extra = state.get("response_headers")
                if extra and status < 400:
                    headers.extend((k.lower().encode(), v.encode()) for k, v in extra.items())
                message["headers"] = headers
                policy = lookup_policy(scope.get("route"), status) if is_get else None
                if policy is not None or (reshapes_errors and status >= 400):
                    held[:] = [message, policy, []]
                    return
            elif held and message["type"] == "http.response.body":
                answered[0] = await self._reshaped(send, held, message, asked)
                return
            await send(message)

        try:
            if origin is not None and asked_method is not None and scope["method"] == "OPTIONS":
                answered[0] = await self._preflight(
                    send, origin, asked_method, asked_headers, private_network, request_id, language
                )
                answered[1] = True
            else:
                await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # Whatever no exception handler took (a bug in a route, in a layer between):
            # one log line and the 500 envelope, and nothing reaches the server (Starlette's
            # own last handler answers and then re-raises, and uvicorn would log a
            # traceback quoting submitted values).
            await answer_unexpected(scope, receive, send_with_id, exc, started=answered[1])
        finally:
            route = self._template(scope)
            elapsed = time.perf_counter() - started
            status = answered[0]
            method = scope["method"]
            counted = self._counted.get((route, method, status))
            if counted is None:
                counted = self._count_of(route, method, status)
            TALLY.inc(counted[0])
            TALLY.observe(counted[1], elapsed)
            access_line(request_id, method, route, status, round(elapsed * 1000, 3))

    @staticmethod
    async def _reshaped(send: Send, held: list[Any], message: Message, asked: Asked | None) -> int:
        """Gather a held answer's body; once whole, send it reshaped. Its status."""
        start, policy, chunks = held
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return int(start["status"])
        body = b"".join(chunks)
        if policy is not None:
            start, body = reshape_lookup(start, body, policy, asked)
        elif asked is not None:
            start, body = reshape_error(start, body, asked)
        held.clear()
        await send(start)
        await send({"type": "http.response.body", "body": body})
        return int(start["status"])

    def _count_of(self, route: str, method: str, status: int) -> tuple[Counter, Histogram]:
        """The metric children an answer is counted in, resolved once per kind of answer
        (route templates, methods and statuses are few; the memory stays bounded)."""
        counted = (child(HTTP_REQUESTS, route, method, str(status)), child(HTTP_SECONDS, route))
        if len(self._counted) < COUNTED_KINDS:
            self._counted[(route, method, status)] = counted
        return counted

    async def _preflight(
        self,
        send: Send,
        origin: bytes,
        method: bytes,
        asked: bytes | None,
        private_network: bool,
        request_id: str,
        language: bytes,
    ) -> int:
        """Answer a preflight (the envelope when refused, in `language`), with the request
        id; its status."""
        answer = self.cors.preflight(
            origin.decode("latin-1"),
            method.decode("latin-1"),
            asked.decode("latin-1") if asked is not None else None,
            private_network,
        )
        if answer.status >= 400:
            answer = refused_answer(answer, request_id)
        headers = [*answer.headers, (b"x-request-id", request_id.encode())]
        if answer.status >= 400:
            headers.append((b"content-language", language))
            with_vary(headers, ACCEPT_LANGUAGE)
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})
        return answer.status
