"""The lean path: plain predictions answered without FastAPI's routing machinery.

A `POST /api/v1/predict/{pcos,cycle,symptoms}` with a JSON body of declared length is
answered here, from the same functions the FastAPI routes use:

    Admission.authenticate -> orjson decode, validation by the route's pydantic request
    model -> Admission's rate limit (RouteLimits.hit) -> predict.answer_one (the service's
    respond: version choice, cache, offload rules, shadow, ledger; then the same Response)
    -> Starlette's CORS header logic -> RequestContextMiddleware's one log line and metrics.

A `POST /api/v1/predict/batch` takes the same way, except that its body is decoded and
validated in a pool thread (`batch.decode_batch`) and answered by `predict.answer_batch`:
a large batch never parses on the event loop.

Anything else goes to the FastAPI app, which keeps the OpenAPI contract and everything
unusual: other methods and paths, CORS preflight, non-JSON or chunked bodies, bodies over
the limit. A request the lean path has started reading but cannot answer as FastAPI would
(a missing key or one of the wrong kind, JSON orjson refuses, a body the model refuses) is
handed to FastAPI with its body replayed; nothing has been counted by then, so FastAPI
answers it exactly as if it had come first. From the rate-limit count on, the lean path
answers itself (429, the domain's 422, 503s, and an unexpected error's 500), with the same
envelope functions.

Settings: LEAN_PATH_ENABLED (default true). The parity test (tests/api/test_lean_parity.py)
sends one corpus through both paths and compares status, headers and bytes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fembalance_ml.api import batch
from fembalance_ml.api.admission import Admission
from fembalance_ml.api.batch import BatchRequest
from fembalance_ml.api.errors import (
    ApiError,
    ForbiddenError,
    ServiceBusyError,
    UnauthorizedError,
    answer_unexpected,
    api_error_response,
    rate_limited_response,
)
from fembalance_ml.api.routes import predict
from fembalance_ml.api.served import SERVED, PredictionService, ServedModel
from fembalance_ml.platform.ratelimit import RateLimitExceeded, identity_of


@dataclass(frozen=True)
class LeanRoute:
    """One route the lean path answers: its model's name and the FastAPI route it stands for.

    The model's spec (`SERVED[route_name]`: request type, predict call, headline) is read
    on every request, as the FastAPI route reads it; the route gives the template that
    logs and metrics name the answer by.
    """

    route_name: str
    route: APIRoute

    @property
    def served(self) -> ServedModel:
        """The model's spec in the served-models table."""
        return SERVED[self.route_name]


def lean_routes(routes: Iterable[Any]) -> dict[str, LeanRoute]:
    """The prediction POST routes of an app (single and batch), by path, from its route table."""
    table: dict[str, LeanRoute] = {}
    for route in routes:
        if not isinstance(route, APIRoute) or "POST" not in (route.methods or ()):
            continue
        name = predict.ROUTE_NAMES.get(route.endpoint)
        if name is not None and (name in SERVED or name == predict.BATCH):
            table[route.path] = LeanRoute(name, route)
    return table


def _is_json(content_type: bytes) -> bool:
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json"


class _Declined(Exception):
    """The lean path hands this request to the FastAPI app."""


class LeanPredictionMiddleware:
    """Answers plain single predictions itself; hands everything else to `app`."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        routes: Mapping[str, LeanRoute],
        admission: Admission,
        service: PredictionService,
        cors: Mapping[str, Any],
        max_body_bytes: int,
        batch_max_items: int,
        batch_max_cost: int,
        enabled: bool = True,
    ) -> None:
        self.app = app
        self.routes = dict(routes) if enabled else {}
        self.admission = admission
        self.service = service
        self.max_body_bytes = max_body_bytes
        self.batch_max_items = batch_max_items
        self.batch_max_cost = batch_max_cost
        # Starlette's CORS logic, configured as the app's CORS middleware: its `send`
        # adds the same headers to the lean path's answers.
        self.cors = CORSMiddleware(app, **cors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        lean = self.routes.get(scope["path"]) if scope["type"] == "http" else None
        if lean is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        authorization = content_type = length = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = authorization or value
            elif name == b"content-type":
                content_type = content_type or value
            elif name == b"content-length":
                length = length or value
            elif name == b"transfer-encoding":
                length = None
                break
        if (
            content_type is None
            or length is None
            or not _is_json(content_type)
            or not length.isdigit()
            or int(length) > self.max_body_bytes
        ):
            await self.app(scope, receive, send)
            return
        body, ending = await self._read(receive)
        if ending is not None:  # the client left: FastAPI sees what it would have seen
            await self.app(scope, self._replay(body, receive, ending), send)
            return
        if lean.route_name == predict.BATCH:
            await self._batch(scope, receive, send, lean, authorization, body)
            return
        served = lean.served
        try:
            client, request = self._admissible(served, authorization, body)
        except _Declined:
            await self.app(scope, self._replay(body, receive), send)
            return

        async def respond() -> Response:
            return await predict.answer_one(self.service, served, request)

        await self._answer(scope, receive, send, lean, client, respond)

    async def _batch(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        lean: LeanRoute,
        authorization: bytes | None,
        body: bytes,
    ) -> None:
        """A batch: decoded, validated and answered in a pool thread, never on the loop.

        A 1,000-item body takes milliseconds to decode and to check against the cost
        limit; here the loop only reads the bytes and counts the request. What the decoder
        refuses goes to FastAPI, as for a single prediction. A full pool still counts the
        request, then answers 503, as the FastAPI route would.
        """
        service = self.service
        try:
            client = self.admission.authenticate(authorization)
            decoded: BatchRequest | ServiceBusyError | None = await service.pool.run(
                batch.decode_batch, body
            )
        except (UnauthorizedError, ForbiddenError):
            decoded = None
        except ServiceBusyError as exc:
            decoded = exc
        if decoded is None:
            await self.app(scope, self._replay(body, receive), send)
            return
        request = decoded

        async def respond() -> Response:
            if isinstance(request, ServiceBusyError):
                raise request
            return await predict.answer_batch(
                service, request, self.batch_max_items, self.batch_max_cost
            )

        await self._answer(scope, receive, send, lean, client, respond)

    @staticmethod
    async def _read(receive: Receive) -> tuple[bytes, Message | None]:
        """The whole body, and the message that cut it short (a disconnect) if any."""
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks), message
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks), None

    @staticmethod
    def _replay(body: bytes, receive: Receive, ending: Message | None = None) -> Receive:
        """A receive that delivers the body already read (and the disconnect that ended
        it, if one did), then hands over to the client's own receive."""
        pending: list[Message] = [
            {"type": "http.request", "body": body, "more_body": ending is not None}
        ]
        if ending is not None:
            pending.append(ending)

        async def replay() -> Message:
            if pending:
                return pending.pop(0)
            return await receive()

        return replay

    def _admissible(
        self, served: ServedModel, authorization: bytes | None, body: bytes
    ) -> tuple[str | None, BaseModel]:
        """The client and the validated request, or _Declined when FastAPI must answer.

        Nothing is counted here: a declined request reaches FastAPI as if it came first.
        orjson accepts less than the json module FastAPI uses (NaN, huge integers, a BOM,
        UTF-16) and, where it accepts, reads the same values; what it refuses is declined.
        """
        try:
            client = self.admission.authenticate(authorization)
            payload = orjson.loads(body)
            return client, served.request_type.model_validate(payload)
        except (UnauthorizedError, ForbiddenError, orjson.JSONDecodeError, ValidationError) as exc:
            raise _Declined from exc

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        lean: LeanRoute,
        client: str | None,
        respond: Callable[[], Awaitable[Response]],
    ) -> None:
        """Count, predict (`respond`) and answer as the FastAPI route would, with CORS."""
        scope["route"] = lean.route
        request_headers = Headers(scope=scope)
        cors = self.cors

        async def cors_send(message: Message) -> None:
            await cors.send(message, send=send, request_headers=request_headers)

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await cors_send(message)

        state = scope.setdefault("state", {})
        try:
            client_address = scope.get("client")
            headers = await self.admission.limits.hit(
                lean.route_name,
                identity_of(client, client_address[0] if client_address else None),
            )
            if headers:
                state["response_headers"] = headers
            response = await respond()
        except RateLimitExceeded as exc:
            response = rate_limited_response(scope, exc)
        except ApiError as exc:
            response = api_error_response(state.get("request_id"), exc)
        except Exception as exc:
            await answer_unexpected(scope, receive, tracking_send, exc, started=started)
            return
        try:
            await response(scope, receive, tracking_send)
        except Exception as exc:
            await answer_unexpected(scope, receive, tracking_send, exc, started=started)
