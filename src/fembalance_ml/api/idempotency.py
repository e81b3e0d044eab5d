"""`Idempotency-Key` on POST: a retried request gets the first answer again, not a second run.

A POST without the header passes through at the cost of one look over its headers. With it:

    check the key (1-255 printable ASCII characters, else 422 `invalid_idempotency_key`) ->
    read the body (the size limit still applies) -> claim (credential, path, key) with the
    body's SHA-256 (http/idempotency_store.py) -> run the route -> remember a 2xx answer
    (status, body, the headers in REPLAYED_HEADERS) for IDEMPOTENCY_TTL_SECONDS

A repeat with the same credential, path, key and body gets that answer again, marked
`Idempotent-Replayed: true`, without predicting, writing the ledger or counting the rate
limit. The same key with another body: 409 `idempotency_key_reused`; while the first is
still running: 409 `idempotency_in_progress` with Retry-After. An error answer is not
remembered (the key is freed; a retry runs again), nor is an answer over MAX_ANSWER_BYTES.

Neither the key, the credential nor the body is logged or stored: the entry's name is a
keyed HMAC of them, and it holds the body's hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fembalance_ml.api.errors import error_response
from fembalance_ml.http.context import authorization_of, request_id_of
from fembalance_ml.http.idempotency_store import Found, IdempotencyStore
from fembalance_ml.i18n import Text
from fembalance_ml.security.privacy import Pseudonymizer

MAX_KEY_LENGTH = 255
# Answers larger than this run again on a retry rather than fill the store.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
# The headers of an answer that are part of it (not of the exchange: the request id,
# rate limits and CORS headers are those of the replaying request).
REPLAYED_HEADERS = frozenset(
    {b"content-type", b"content-language", b"x-prediction-id", b"x-cache", b"location"}
)
_REPLAYED = (b"idempotent-replayed", b"true")


def _valid_key(key: bytes) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and all(0x20 < c < 0x7F for c in key)


class IdempotencyMiddleware:
    """Honour `Idempotency-Key` on every POST route (see the module's docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        store: IdempotencyStore,
        pseudonymizer: Pseudonymizer,
        admits: Callable[[bytes | None], bool],
    ) -> None:
        self.app = app
        self.store = store
        self._pseudonymizer = pseudonymizer
        # Whether a credential is still one the service takes: an answer is replayed only
        # to a credential that is, so a revoked key or an expired token gets no answer.
        self._admits = admits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            for name, value in scope["headers"]:
                if name == b"idempotency-key":
                    await self._idempotent(scope, receive, send, value)
                    return
        await self.app(scope, receive, send)

    async def _idempotent(self, scope: Scope, receive: Receive, send: Send, key: bytes) -> None:
        if not _valid_key(key):
            message = INVALID_KEY.render(maximum=MAX_KEY_LENGTH)
            await self._refuse(scope, send, 422, "invalid_idempotency_key", message)
            return
        try:
            body = await _read(receive)
        except HTTPException as exc:  # the body-size limit's 413, counted as it arrived
            await self._refuse(scope, send, exc.status_code, "payload_too_large", str(exc.detail))
            return
        if body is None:
            return  # the client went away
        fingerprint = hashlib.sha256(body).hexdigest().encode()
        authorization = authorization_of(scope)
        name = self._name(scope, authorization, key)
        found = await self.store.claim(name, fingerprint)
        if found is not None and not self._admits(authorization):
            # Not replayed: the route answers the credential (its own 401 or 403).
            await self.app(scope, _once(body, receive), send)
            return
        if found is not None:
            await self._answer_found(scope, send, found, fingerprint)
            return
        await self._run(scope, send, body, receive, name, fingerprint)

    def _name(self, scope: Scope, authorization: bytes | None, key: bytes) -> str:
        path = scope["path"].encode() + b"?" + scope.get("query_string", b"")
        return self._pseudonymizer.digest(b"idempotency", authorization or b"", path, key)

    async def _run(
        self, scope: Scope, send: Send, body: bytes, receive: Receive, name: str, fingerprint: bytes
    ) -> None:
        """Run the route with the body read, and remember its answer if it succeeded.

        The answer is stored before its last bytes leave: a client that has the answer
        and retries at once finds it, never the claim.
        """
        answer = _Kept()

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer.start(message)
            elif message["type"] == "http.response.body":
                record = answer.add(message)
                if record is not None:
                    await self.store.answer(name, fingerprint, record)
            await send(message)

        try:
            await self.app(scope, _once(body, receive), keep)
        finally:
            if not answer.remembered:
                await self.store.release(name)

    async def _answer_found(
        self, scope: Scope, send: Send, found: Found, fingerprint: bytes
    ) -> None:
        if found.fingerprint != fingerprint:
            await self._refuse(scope, send, 409, "idempotency_key_reused", REUSED.render())
        elif not found.answered:
            headers = {"Retry-After": "1"}
            message = IN_PROGRESS.render()
            await self._refuse(scope, send, 409, "idempotency_in_progress", message, headers)
        else:
            await _replay(send, found.answer)

    @staticmethod
    async def _refuse(
        scope: Scope,
        send: Send,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        response = error_response(request_id_of(scope), status, code, message, (), headers)
        await send(
            {"type": "http.response.start", "status": status, "headers": response.raw_headers}
        )
        await send({"type": "http.response.body", "body": response.body})


_KEY_NOTE = "Idempotency-Key is an HTTP header's name: keep it as it is."
INVALID_KEY = Text(
    "errors.invalid_idempotency_key",
    "Idempotency-Key must be 1 to {maximum} printable ASCII characters.",
    _KEY_NOTE,
)
REUSED = Text(
    "errors.idempotency_key_reused",
    "This Idempotency-Key was used with another request body; use a new key.",
    _KEY_NOTE,
)
IN_PROGRESS = Text(
    "errors.idempotency_in_progress",
    "A request with this Idempotency-Key is still being answered; retry shortly.",
    _KEY_NOTE,
)


class _Kept:
    """An answer as it leaves, gathered to be remembered if it is a whole 2xx."""

    def __init__(self) -> None:
        self.status = 0
        self.headers: list[list[str]] = []
        self.chunks: list[bytes] = []
        self.size = 0
        self.remembered = False

    def start(self, message: Message) -> None:
        self.status = message["status"]
        self.headers = [
            [k.decode("latin-1"), v.decode("latin-1")]
            for k, v in message.get("headers", ())
            if k in REPLAYED_HEADERS
        ]

    def add(self, message: Message) -> bytes | None:
        """Keep a body chunk; at the last one, the record to store (None: not kept)."""
        chunk = message.get("body", b"")
        self.size += len(chunk)
        if self.size <= MAX_ANSWER_BYTES:
            self.chunks.append(chunk)
        if message.get("more_body", False) or not 200 <= self.status < 300:
            return None
        if self.size > MAX_ANSWER_BYTES:
            return None
        self.remembered = True
        return orjson.dumps([self.status, self.headers]) + b"\n" + b"".join(self.chunks)


def _once(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the body already read, then the client's further messages."""
    delivered = False

    async def replay_body() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay_body


async def _read(receive: Receive) -> bytes | None:
    """The whole body, or None when the client disconnected first."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _replay(send: Send, stored: bytes) -> None:
    head, _, body = stored.partition(b"\n")
    status, headers = orjson.loads(head)
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    raw += [(b"content-length", str(len(body)).encode()), _REPLAYED]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
