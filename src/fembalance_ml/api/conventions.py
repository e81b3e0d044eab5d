"""HTTP conventions an answer is reshaped for: problem details, trace ids, ETags.

The request-context middleware (api/middleware.py) reads what a request asks for in its one
pass over the headers (`Asked`), and holds back only the answers that need reshaping: an
error when the caller asked for problem details or sent a `traceparent`, and the 200 of a
lookup GET (`LOOKUPS`), which gets a strong ETag of its body and its Cache-Control, or a
304 without a body when `If-None-Match` names that ETag. Every other answer passes through
as before, at the cost of a comparison.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from starlette.types import Message

from fembalance_ml.api.problem_details import PROBLEM_JSON, as_problem, with_trace_id
from fembalance_ml.http.traceparent import TraceParent

# The lookup GETs by route template, with their Cache-Control. The vocabulary and the
# feature list change only with a release: a private cache may keep them five minutes.
# The served models change at a reload and a verdict with every outcome: revalidate each
# time (the ETag makes that a 304). All need a credential, so no shared cache keeps them.
LOOKUPS: dict[str, bytes] = {
    "/api/v1/symptoms": b"private, max-age=300",
    "/api/v1/pcos/features": b"private, max-age=300",
    "/api/v1/models": b"private, no-cache",
    "/api/v1/experiments/{name}": b"private, no-cache",
}


MAX_IF_NONE_MATCH = 4096


@dataclass(slots=True)
class Asked:
    """What a request asked of its answer's form (built only when it asked something)."""

    trace: TraceParent | None = None
    problem: bool = False
    if_none_match: bytes | None = None


def lookup_policy(scope_route: object, status: int) -> bytes | None:
    """The Cache-Control of a lookup GET's 200 (the caller checks the method), or None."""
    if status != 200 or scope_route is None:
        return None
    return LOOKUPS.get(getattr(scope_route, "path", ""))


def strong_etag(body: bytes) -> bytes:
    """A strong validator of these exact bytes (128 bits of BLAKE2b)."""
    return b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'


def matches(if_none_match: bytes, etag: bytes) -> bool:
    """If-None-Match's weak comparison (RFC 9110 13.1.2): `*`, or any listed tag. A value
    longer than any real list of tags (MAX_IF_NONE_MATCH) is ignored: a full answer."""
    if len(if_none_match) > MAX_IF_NONE_MATCH:
        return False
    if if_none_match.strip() == b"*":
        return True
    return any(tag.strip().removeprefix(b"W/") == etag for tag in if_none_match.split(b","))


def _replace(headers: list[tuple[bytes, bytes]], name: bytes, value: bytes) -> None:
    headers[:] = [(k, v) for k, v in headers if k != name]
    headers.append((name, value))


def reshape_error(start: Message, body: bytes, asked: Asked) -> tuple[Message, bytes]:
    """An error answer as problem details or with its trace id; other bodies unchanged."""
    trace_id = asked.trace.trace_id if asked.trace is not None else None
    status = int(start["status"])
    if asked.problem:
        reshaped, media = as_problem(body, status, trace_id), PROBLEM_JSON
    elif trace_id is not None:
        reshaped, media = with_trace_id(body, trace_id), b"application/json"
    else:
        reshaped = None
    if reshaped is None:
        return start, body
    headers = list(start["headers"])
    _replace(headers, b"content-type", media)
    _replace(headers, b"content-length", str(len(reshaped)).encode())
    return {**start, "headers": headers}, reshaped


def reshape_lookup(
    start: Message, body: bytes, cache_control: bytes, asked: Asked | None
) -> tuple[Message, bytes]:
    """A lookup's 200 with its ETag and Cache-Control, or the 304 its If-None-Match earns."""
    etag = strong_etag(body)
    headers = list(start["headers"])
    _replace(headers, b"etag", etag)
    _replace(headers, b"cache-control", cache_control)
    if asked is not None and asked.if_none_match is not None:
        if matches(asked.if_none_match, etag):
            # RFC 9110 15.4.5: no representation metadata (Content-*); the validators,
            # caching, CORS and request headers stay.
            kept = [(k, v) for k, v in headers if not k.startswith(b"content-")]
            return {**start, "status": 304, "headers": kept}, b""
    return {**start, "headers": headers}, body
