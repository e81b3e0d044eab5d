"""What the HTTP conventions add to the OpenAPI spec (api/app.py applies it once).

Error answers list `application/problem+json` beside the envelope; every POST takes an
optional `Idempotency-Key` and may answer 409 `idempotency_in_progress`; the lookup GETs
take `If-None-Match`, answer 304, and carry ETag and Cache-Control. The routes stay as
they are: the middleware implements all of it (api/conventions.py, api/idempotency.py).
"""

from __future__ import annotations

from typing import Any

from fembalance_ml.api.conventions import LOOKUPS
from fembalance_ml.api.errors import ErrorEnvelope
from fembalance_ml.api.idempotency import IN_PROGRESS, MAX_KEY_LENGTH
from fembalance_ml.api.problem_details import ProblemDetails

_PROBLEM = {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
_ENVELOPE = {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Retry safely: the same key, credential and body within "
    "IDEMPOTENCY_TTL_SECONDS replays the first 2xx answer (`Idempotent-Replayed: true`) "
    "without running again; another body with the key: 409 `idempotency_key_reused`.",
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": "^[!-~]+$",
    },
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "ETags of earlier answers: 304 without a body while one still holds "
    "(a value over 4 KiB is ignored).",
    "schema": {"type": "string"},
}
_IN_PROGRESS_ERROR = {
    "error": {
        "code": "idempotency_in_progress",
        "message": IN_PROGRESS.english(),
        "details": [],
        "request_id": "7b0c9f2e4a1d4c3b9e8f6a5d4c3b2a19",
    }
}
_IN_PROGRESS = {
    "description": "`idempotency_in_progress`: the first request with this Idempotency-Key "
    "is still running (Retry-After); `idempotency_key_reused`: the key came with another body.",
    "content": {
        "application/json": {**_ENVELOPE, "example": _IN_PROGRESS_ERROR},
        "application/problem+json": _PROBLEM,
    },
}
_TRACE_ID = {
    "type": "string",
    "pattern": "^[0-9a-f]{32}$",
    "description": "After `request_id`, only when the request carried a valid `traceparent`.",
}
_NOT_MODIFIED = {"description": "The ETag in If-None-Match still holds; no body."}
_VALIDATORS = {
    "ETag": {"description": "Strong validator of the body.", "schema": {"type": "string"}},
    "Cache-Control": {
        "description": "How long a private cache may keep it.",
        "schema": {"type": "string"},
    },
}


def _errors_as_problems(operation: dict[str, Any]) -> None:
    for status, response in operation.get("responses", {}).items():
        content = response.get("content", {})
        if status.isdigit() and int(status) >= 400 and "application/json" in content:
            content.setdefault("application/problem+json", _PROBLEM)


def _idempotent(operation: dict[str, Any]) -> None:
    parameters = operation.setdefault("parameters", [])
    if all(p.get("name") != IDEMPOTENCY_KEY["name"] for p in parameters):
        parameters.append(IDEMPOTENCY_KEY)
    responses = operation.setdefault("responses", {})
    if "409" in responses:
        described = responses["409"]["description"]
        if "idempotency_in_progress" not in described:
            responses["409"]["description"] = f"{described} Or {_IN_PROGRESS['description']}"
    else:
        responses["409"] = _IN_PROGRESS


def _cached(operation: dict[str, Any]) -> None:
    operation.setdefault("parameters", []).append(IF_NONE_MATCH)
    responses = operation["responses"]
    responses["200"].setdefault("headers", {}).update(_VALIDATORS)
    responses["304"] = _NOT_MODIFIED


def declare_conventions(schema: dict[str, Any]) -> None:
    """Add the conventions to a built spec (once, before it is cached)."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["ProblemDetails"] = ProblemDetails.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    schemas.setdefault("ErrorEnvelope", ErrorEnvelope.model_json_schema())
    if "ErrorBody" in schemas:
        # Rendered by the request-context middleware, not by ErrorBody (api/conventions.py).
        schemas["ErrorBody"]["properties"]["trace_id"] = _TRACE_ID
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method == "post":
                _idempotent(operation)
            elif method == "get" and path in LOOKUPS:
                _cached(operation)
            _errors_as_problems(operation)
