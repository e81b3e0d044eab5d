"""The raw ASGI limit: a prediction route with nothing but its essential work.

A bare ASGI callable (no FastAPI, no middleware) that does, for POST
/api/v1/predict/{pcos,cycle,symptoms}, only what an answer cannot do without: the same key
check (api/admission.py), orjson decode, validation by the service's request model, the
prediction (the served version's domain `predict`, inline), the answer's JSON with its
envelope (api/answers.answer_json) and a prediction id spliced in. No rate limit, log
line, metrics, ledger, drift, cache, CORS or request id, and no refusal but 401/422.
What this does per second is the most a Python route on this server can do; the service
is compared with it.

Settings as the service reads them (MODEL_PATH, VALID_API_KEYS, PSEUDONYM_KEY).
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import ValidationError

from fembalance_ml.api.admission import Admission
from fembalance_ml.api.answers import VersionedResult, answer_json, with_prediction_id
from fembalance_ml.api.app import build_manager
from fembalance_ml.api.errors import ForbiddenError, UnauthorizedError
from fembalance_ml.api.served import prediction_ids, utc_today
from fembalance_ml.config import get_settings
from fembalance_ml.http.ratelimit import RouteLimits
from fembalance_ml.main import served_registry
from fembalance_ml.security.auth import ApiKeyVerifier
from fembalance_ml.security.privacy import Pseudonymizer

PREFIX = "/api/v1/predict/"
Scope = dict[str, Any]


class RawLimit:
    """The ASGI app: one plain function per request, models loaded at start-up."""

    def __init__(self) -> None:
        settings = get_settings()
        pseudonymizer = Pseudonymizer(settings.security.pseudonym_key.get_secret_value().encode())
        self.models = served_registry().by_route
        self.manager = build_manager(settings, pseudonymizer, served_registry())
        self.ids = prediction_ids(pseudonymizer)
        never_counted = RouteLimits("1/second", {}, None, 1.0, enabled=False)
        self.admission = Admission(
            ApiKeyVerifier(settings.security.valid_api_keys), None, never_counted, key_required=True
        )

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        path = scope["path"]
        if scope["method"] == "GET" and path == "/health":
            await _send(send, 200, b'{"status":"ok"}')
            return
        served = self.models.get(path.removeprefix(PREFIX)) if path.startswith(PREFIX) else None
        if served is None or scope["method"] != "POST":
            await _send(send, 404, b'{"error":"not found"}')
            return
        body = await _body(receive)
        authorization = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        try:
            client = self.admission.authenticate(authorization)
            request = served.request_type.model_validate(orjson.loads(body))
        except (UnauthorizedError, ForbiddenError):
            await _send(send, 401, b'{"error":"unauthorized"}')
            return
        except (orjson.JSONDecodeError, ValidationError):
            await _send(send, 422, b'{"error":"invalid"}')
            return
        choice = self.manager.choose(served.name, getattr(request, "user_id", None))
        result = served.predict(choice.artifact.model, request, today=utc_today())
        answer = answer_json(served, VersionedResult(result, choice.artifact.version, choice.group))
        (prediction_id,) = self.ids.issue(client)
        await _send(send, 200, with_prediction_id(answer, prediction_id))

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.manager.load_all()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send(send: Any, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


app = RawLimit()
