"""The prediction routes: APIRoutes of the normal router that answer their requests themselves.

FastAPI reads each route's endpoint for the OpenAPI spec (the request model, the response
model, the errors, the bearer scheme), routes requests to it as to any other route, and
renders every refusal through the app's handlers (api/errors.py). What a matched POST
costs is this module's `answer`, one implementation per kind of route:

    read the body -> decode it (orjson; json_body.py keeps FastAPI's rules) -> check the
    credential (api/admission.py) -> count the rate limit -> validate with the model's
    request type -> the endpoint (PredictionService.respond, or the batch) -> the answer's
    bytes with X-Cache, X-Prediction-ID and X-RateLimit-*

without FastAPI's per-request dependency solving, Request and Response objects, or a
second pass over the body: as MLServer's custom route class does (mlserver/rest/app.py).
A refusal is raised (RequestValidationError, ApiError, RateLimitExceeded), so it reaches
the same handler, in the same envelope, as on every other route. A batch's body is
decoded and validated in a pool thread, never on the event loop.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from fembalance_ml.api.admission import Admission
from fembalance_ml.api.answers import Answer
from fembalance_ml.api.batch import BatchRequest
from fembalance_ml.api.errors import ServiceBusyError
from fembalance_ml.api.json_body import decode, read_body, validate
from fembalance_ml.api.served import PredictionService
from fembalance_ml.config import Settings
from fembalance_ml.http.ratelimit import identity_of
from fembalance_ml.serving.spec import AnySpec

JSON = b"application/json"


def _credential_and_type(scope: Scope) -> tuple[bytes | None, bytes | None]:
    """The first Authorization and Content-Type headers, as Starlette's Headers.get reads."""
    authorization = content_type = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            if authorization is None:
                authorization = value
        elif name == b"content-type" and content_type is None:
            content_type = value
    return authorization, content_type


def _address(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def _limit_headers(headers: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]


async def send_answer(send: Send, answer: Answer, limit_headers: Mapping[str, str]) -> None:
    """The 200 of one prediction: its bytes and headers; then its after-work (a shadow's
    comparison), once the answer is out, as a Starlette background task would run it."""
    body = answer.body
    headers = [(b"content-length", str(len(body)).encode()), (b"content-type", JSON)]
    if answer.cache:
        headers.append((b"x-cache", answer.cache.encode()))
    if answer.prediction_id is not None:
        headers.append((b"x-prediction-id", answer.prediction_id.encode()))
    if limit_headers:
        headers.extend(_limit_headers(limit_headers))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    if answer.after is not None:
        await answer.after()


class _Bound(NamedTuple):
    """What a route reads off its app's state, resolved once per app."""

    app: object
    admission: Admission
    service: PredictionService
    settings: Settings


class PredictionRoute(APIRoute, metaclass=ABCMeta):
    """A POST route answered by `answer`; other methods get FastAPI's own answer (405).

    The route's name in the rate limits is the last segment of its path (a model's route
    alias, or `batch`). Its answers carry text: the request-context middleware gives them
    `Content-Language` and `Vary: Accept-Language` (`localised`).
    """

    localised = True

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        super().__init__(path, endpoint, **options)
        self.route_name = path.rsplit("/", 1)[-1]
        self._bound: _Bound | None = None

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            await super().handle(scope, receive, send)
            return
        await self.answer(scope, receive, send)

    @abstractmethod
    async def answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one POST matched to this route."""

    def bound(self, scope: Scope) -> _Bound:
        """The admission, service and settings of the app serving this request."""
        app = scope["app"]
        bound = self._bound
        if bound is None or bound.app is not app:
            state = app.state
            bound = self._bound = _Bound(app, state.admission, state.predictions, state.settings)
        return bound

    async def admit(
        self, scope: Scope, admission: Admission, authorization: bytes | None
    ) -> dict[str, str]:
        """Check the credential (401/403) and count the request (429): its limit headers."""
        client = admission.authenticate(authorization)
        return await admission.limits.hit(self.route_name, identity_of(client, _address(scope)))


class SinglePredictionRoute(PredictionRoute):
    """`POST /api/v1/predict/<model>`: one request, one answer.

    `spec` is its model's, set by the router that builds it (routes/predict.py).
    """

    spec: AnySpec

    async def answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(receive)
        authorization, content_type = _credential_and_type(scope)
        payload = decode(body, content_type)
        bound = self.bound(scope)
        limit_headers = await self.admit(scope, bound.admission, authorization)
        request = validate(self.spec.request_type, payload)
        answer: Answer = await self.endpoint(request, bound.service)
        await send_answer(send, answer, limit_headers)


def _read_batch(body: bytes, content_type: bytes | None) -> BatchRequest | RequestValidationError:
    """In a pool thread: the decoded body (or its decoding error, raised) validated as a
    batch, or the validation error to raise once the request has been counted."""
    payload = decode(body, content_type)
    try:
        return validate(BatchRequest, payload)
    except RequestValidationError as exc:
        return exc


class BatchPredictionRoute(PredictionRoute):
    """`POST /api/v1/predict/batch`: decoded and validated in a pool thread, answered in
    one (predict.answer_batch). A full pool still counts the request, then answers 503."""

    async def answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(receive)
        authorization, content_type = _credential_and_type(scope)
        bound = self.bound(scope)
        read: BatchRequest | RequestValidationError | ServiceBusyError
        try:
            read = await bound.service.pool.run_long(_read_batch, body, content_type)
        except ServiceBusyError as busy:
            read = busy
        limit_headers = await self.admit(scope, bound.admission, authorization)
        if not isinstance(read, BatchRequest):
            raise read
        response: Response = await self.endpoint(read, bound.service, bound.settings)
        response.raw_headers.extend(_limit_headers(limit_headers))
        await response(scope, receive, send)
