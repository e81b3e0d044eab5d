"""RFC 9457 problem details, for a caller whose `Accept` prefers `application/problem+json`.

Every error leaves the routes as the envelope (api/errors.py); the request-context
middleware rewrites it here when the caller asked for problem details, so every path that
answers an error (handlers, the body-size limit, idempotency, the last-resort 500) is
covered by one rule. Without that preference the envelope leaves untouched, byte for byte.

The envelope's members map onto the problem's: `message` is `detail`, `details` is the
extension `errors`, and `code`, `request_id` (and `trace_id`, or any member added later)
stay extension members of the same name. `type` is a stable URI per code; it is an
identifier, not a page to fetch (the `.example` domain never resolves): docs/API.md lists
the codes.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import orjson
from pydantic import BaseModel, Field

from fembalance_ml.i18n import Text

PROBLEM_JSON = b"application/problem+json"
TYPE_BASE = "https://fembalance.example/problems/"
# Accept headers are short; one longer than this is read up to here.
MAX_ACCEPT = 1024

# Each code's title, in the request's language (the `errors` catalog, `errors.title.<code>`).
_TITLE_WORDS = (
    ("busy", "Service busy"),
    ("cors_refused", "Cross-origin request refused"),
    ("forbidden", "Forbidden"),
    ("idempotency_in_progress", "Request with this Idempotency-Key in progress"),
    ("idempotency_key_reused", "Idempotency-Key reused with another request"),
    ("insufficient_scope", "Insufficient scope"),
    ("internal_error", "Internal error"),
    ("invalid_idempotency_key", "Invalid Idempotency-Key"),
    ("invalid_input", "Invalid input"),
    ("invalid_json", "Invalid JSON"),
    ("ledger_unavailable", "Ledger unavailable"),
    ("method_not_allowed", "Method not allowed"),
    ("model_not_ready", "Model not ready"),
    ("not_found", "Not found"),
    ("outcome_exists", "Outcome already recorded"),
    ("payload_too_large", "Payload too large"),
    ("rate_limited", "Rate limit exceeded"),
    ("reload_refused", "Reload refused"),
    ("unauthorized", "Unauthorized"),
    ("unsupported_media_type", "Unsupported media type"),
)
TITLES: dict[str, Text] = {
    code: Text(f"errors.title.{code}", words) for code, words in _TITLE_WORDS
}


class ProblemDetails(BaseModel):
    """An error as RFC 9457 problem details (`Accept: application/problem+json`)."""

    type: str = Field(description=f"`{TYPE_BASE}<code>`: one URI per code, not fetched.")
    title: str = Field(description="A short summary of the code, the same for every instance.")
    status: int
    detail: str = Field(description="This occurrence, as the envelope's `message`.")
    instance: str = Field(description="`urn:fembalance:request:<request_id>`.")
    code: str
    request_id: str | None = None
    trace_id: str | None = Field(None, description="The trace id of a valid `traceparent`.")
    errors: list[dict[str, Any]] = Field(
        default_factory=list, description="The envelope's `details`: the fields and rules."
    )


def _quality(params: bytes) -> float:
    for param in params.split(b";"):
        name, _, value = param.partition(b"=")
        if name.strip().lower() == b"q":
            try:
                return min(1.0, max(0.0, float(value.strip())))
            except ValueError:
                return 0.0
    return 1.0


def prefers_problem(accept: bytes) -> bool:
    """Whether `Accept` names problem+json at a quality above 0 and at least that of JSON.

    Listing both at the same quality asks for problem details: a client that names the
    media type explicitly understands it.
    """
    if b"problem+json" not in accept:
        return False
    problem = json = 0.0
    for item in accept[:MAX_ACCEPT].split(b","):
        media, _, params = item.partition(b";")
        media = media.strip().lower()
        if media == PROBLEM_JSON:
            problem = max(problem, _quality(params))
        elif media == b"application/json":
            json = max(json, _quality(params))
    return problem > 0 and problem >= json


def _envelope(body: bytes) -> dict[str, Any] | None:
    """The inside of an error envelope, or None for any other body (a health answer)."""
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(parsed, dict) or len(parsed) != 1:
        return None
    error = parsed.get("error")
    if not isinstance(error, dict) or not isinstance(error.get("code"), str):
        return None
    return error


def title_of(code: str, status: int) -> str:
    """The code's title in the request's language; for a code without one (none the
    service sends today), the status's reason phrase, in English."""
    title = TITLES.get(code)
    if title is not None:
        return title.render()
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def as_problem(body: bytes, status: int, trace_id: str | None) -> bytes | None:
    """The problem details of an envelope body, or None when `body` is not an envelope."""
    error = _envelope(body)
    if error is None:
        return None
    code = error["code"]
    request_id = error.get("request_id")
    problem: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title_of(code, status),
        "status": status,
        "detail": str(error.get("message", "")),
        "instance": f"urn:fembalance:request:{request_id}" if request_id else "about:blank",
    }
    for name, value in error.items():
        if name == "message":
            continue
        problem["errors" if name == "details" else name] = value
    if trace_id is not None:
        problem["trace_id"] = trace_id
    return orjson.dumps(problem)


def with_trace_id(body: bytes, trace_id: str) -> bytes | None:
    """The envelope with `trace_id` beside `request_id`; None when `body` is not one."""
    error = _envelope(body)
    if error is None:
        return None
    traced: dict[str, Any] = {}
    for name, value in error.items():
        traced[name] = value
        if name == "request_id":
            traced["trace_id"] = trace_id
    traced.setdefault("trace_id", trace_id)
    return orjson.dumps({"error": traced})
