"""CORS: the headers a browser needs, decided once per origin, and preflights in the envelope.

The rules are Starlette's CORSMiddleware's (1.x), which the service used until 1.5.0 and
the golden corpus (tests/api/golden/answers.json) holds byte for byte; they live here,
as plain data, so that no private Starlette API is borrowed and a Starlette upgrade cannot
change an answer. The request-context middleware (api/middleware.py) applies them:

- every answer varies on `Origin` (`Vary: Origin`, merged into a Vary it already has);
- an answer to a request with an `Origin` also exposes EXPOSED_HEADERS, and names the
  origin in `Access-Control-Allow-Origin` when it is allowed (`*` when every origin is);
- a preflight (OPTIONS with `Origin` and `Access-Control-Request-Method`) is answered
  here: 200 `OK` with the allowed methods and headers, or 400 with the error envelope
  (`cors_refused`) when the origin, method or a requested header is not allowed.

A request without `Origin` costs one header: the answer's `Vary: Origin`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import orjson

from fembalance_ml.i18n import Text

# What the headers of a rate-limited API mean to a browser script, beyond the safelisted ones.
EXPOSED_HEADERS = [
    "X-Request-ID",
    "X-Cache",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-Prediction-ID",
    "ETag",
    "Idempotent-Replayed",
    "traceparent",
]
REFUSED_MESSAGE = Text(
    "errors.cors_refused",
    "CORS preflight refused: the origin, method or headers are not allowed for this API.",
)
# `ALLOWED_METHODS=*` allows these; a preflight's answer lists them.
ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY")
SAFELISTED_HEADERS = {"Accept", "Accept-Language", "Content-Language", "Content-Type"}
MAX_AGE_SECONDS = 600
PREFLIGHT_VARY = (
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
    "Access-Control-Request-Private-Network"
)
# Allowed origins whose headers are remembered (refused ones are not: anyone can send any).
ORIGIN_MEMORY = 256
Header = tuple[bytes, bytes]
VARY = b"vary"
ORIGIN = b"Origin"


def refused_preflight_body(request_id: str | None) -> bytes:
    """The error envelope of a refused preflight."""
    error: dict[str, object] = {
        "code": "cors_refused",
        "message": REFUSED_MESSAGE.render(),
        "details": [],
        "request_id": request_id,
    }
    return orjson.dumps({"error": error})


@dataclass(frozen=True)
class Preflight:
    """A preflight's answer: status, headers and body."""

    status: int
    headers: list[Header]
    body: bytes


def _header(name: str, value: str) -> Header:
    return name.lower().encode("latin-1"), value.encode("latin-1")


def with_vary(headers: list[Header], value: bytes) -> None:
    """Add `value` to the answer's Vary: one Vary header holding what was there, then it."""
    places = [i for i, (name, _) in enumerate(headers) if name == VARY]
    if not places:
        headers.append((VARY, value))
        return
    merged = b", ".join([*(headers[i][1] for i in places), value])
    headers[places[0]] = (VARY, merged)
    for index in reversed(places[1:]):
        del headers[index]


class CorsPolicy:
    """Which origins, methods and headers a browser may use, and the headers that say so."""

    def __init__(
        self,
        allow_origins: Sequence[str],
        allow_methods: Sequence[str],
        allow_headers: Sequence[str],
        expose_headers: Sequence[str] = EXPOSED_HEADERS,
    ) -> None:
        self.allow_all_origins = "*" in allow_origins
        self.origins = frozenset(allow_origins)
        self.methods = ALL_METHODS if "*" in allow_methods else tuple(allow_methods)
        self.allow_all_headers = "*" in allow_headers
        listed = sorted(SAFELISTED_HEADERS | set(allow_headers))
        self.headers = frozenset(name.lower() for name in listed)
        # Every answer to a request with an Origin: `*` when all origins are allowed, and
        # the exposed headers.
        with_origin = []
        if self.allow_all_origins:
            with_origin.append(_header("Access-Control-Allow-Origin", "*"))
        if expose_headers:
            with_origin.append(_header("Access-Control-Expose-Headers", ", ".join(expose_headers)))
        self._with_origin: tuple[Header, ...] = tuple(with_origin)
        self._preflight: list[tuple[str, str]] = [("Vary", PREFLIGHT_VARY)]
        if self.allow_all_origins:
            self._preflight.append(("Access-Control-Allow-Origin", "*"))
        self._preflight += [
            ("Access-Control-Allow-Methods", ", ".join(self.methods)),
            ("Access-Control-Max-Age", str(MAX_AGE_SECONDS)),
        ]
        if listed and not self.allow_all_headers:
            self._preflight.append(("Access-Control-Allow-Headers", ", ".join(listed)))
        self._known: dict[bytes, tuple[Header, ...]] = {}

    def allows(self, origin: str) -> bool:
        return self.allow_all_origins or origin in self.origins

    def answer_headers(self, origin: bytes) -> tuple[Header, ...]:
        """The CORS headers of an answer to a request from `origin`, Vary aside."""
        known = self._known.get(origin)
        if known is not None:
            return known
        headers = self._with_origin
        allowed = not self.allow_all_origins and origin.decode("latin-1") in self.origins
        if allowed:
            headers = (*headers, (b"access-control-allow-origin", origin))
            if len(self._known) < ORIGIN_MEMORY:
                self._known[origin] = headers
        return headers

    def preflight(
        self, origin: str, method: str, requested: str | None, private_network: bool
    ) -> Preflight:
        """The answer to a preflight: 200 `OK`, or 400 when anything asked is not allowed.

        The body of a 400 is filled in by the caller (it holds the request id).
        """
        headers = dict(self._preflight)
        refused = not self.allows(origin) or method not in self.methods
        if self.allows(origin) and not self.allow_all_origins:
            headers["Access-Control-Allow-Origin"] = origin
        if self.allow_all_headers and requested is not None:
            headers["Access-Control-Allow-Headers"] = requested
        elif requested is not None:
            refused = refused or any(
                name.strip() not in self.headers for name in requested.lower().split(",")
            )
        refused = refused or private_network
        raw = [_header(name, value) for name, value in headers.items()]
        if refused:
            return Preflight(400, raw, b"")
        text = [(b"content-length", b"2"), (b"content-type", b"text/plain; charset=utf-8")]
        return Preflight(200, raw + text, b"OK")


def refused_answer(preflight: Preflight, request_id: str | None) -> Preflight:
    """A refused preflight's answer in the envelope, with its CORS headers."""
    body = refused_preflight_body(request_id)
    tail = [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
    return Preflight(preflight.status, [*preflight.headers, *tail], body)
