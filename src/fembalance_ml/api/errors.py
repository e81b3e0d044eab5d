"""One error hierarchy and one envelope for every failure the API reports.

Every error leaves as `{"error": {"code", "message", "details", "request_id"}}` with the
same request id as the `X-Request-ID` header. No stack trace and no submitted value is
ever echoed back: validation details name the field and the rule, not the input, and an
answer to bad input stays small however large the input was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from fembalance_ml.api import error_texts as texts
from fembalance_ml.api.error_details import (
    capped,
    describe_validation,
    rule_details,
    short_message,
    unparsed_body,
    validation_details,
)
from fembalance_ml.domain_errors import InvalidQuestion
from fembalance_ml.http.context import request_id_of
from fembalance_ml.http.ratelimit import RateLimitExceeded
from fembalance_ml.observability.metrics import RATE_LIMITED, child
from fembalance_ml.observability.sentry import report_error
from fembalance_ml.schema_types import FieldRuleError

log = structlog.get_logger(__name__)


class ErrorBody(BaseModel):
    """The inside of the envelope."""

    code: str
    message: str
    details: list[dict[str, Any]] = []
    request_id: str | None = None


class ErrorEnvelope(BaseModel):
    """The one shape of every error response (documented in the OpenAPI spec)."""

    error: ErrorBody


class ApiError(Exception):
    """Base of every error the API raises on purpose."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, details: Sequence[dict[str, Any]] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details)


class InvalidInputError(ApiError):
    """The request is well-formed JSON but not a valid question."""

    status_code = 422
    code = "invalid_input"

    @classmethod
    def from_domain(cls, exc: InvalidQuestion) -> InvalidInputError:
        """The 422 for a question the domain code refused (domain_errors.InvalidQuestion):
        the rule and the fields, never the values."""
        if isinstance(exc, FieldRuleError):
            details = rule_details(exc, ())
            return cls(describe_validation(details), capped(details))
        return cls(short_message(str(exc)))


class UnauthorizedError(ApiError):
    """No valid API key (missing and wrong keys look the same)."""

    status_code = 401
    code = "unauthorized"


class ForbiddenError(ApiError):
    """A valid credential that does not open this route (api/admission.py)."""

    status_code = 403
    code = "forbidden"


class NotFoundError(ApiError):
    """Unknown route or unknown model name."""

    status_code = 404
    code = "not_found"


class PayloadTooLargeError(ApiError):
    """The body or the batch exceeds the configured limit."""

    status_code = 413
    code = "payload_too_large"


class ReloadRefusedError(ApiError):
    """A new model version failed verification or warm-up; the old one keeps serving."""

    status_code = 409
    code = "reload_refused"


class UnsupportedMediaTypeError(ApiError):
    """A body that is not JSON (a form, plain text): every endpoint takes JSON only."""

    status_code = 415
    code = "unsupported_media_type"


class ModelNotReadyError(ApiError):
    """The model the request needs is missing, corrupt or still loading."""

    status_code = 503
    code = "model_not_ready"


class ServiceBusyError(ApiError):
    """The worker's prediction pool is full: retry shortly, preferably on another worker."""

    status_code = 503
    code = "busy"
    headers: ClassVar[dict[str, str]] = {"Retry-After": "1"}


def error_response(
    request_id: str | None,
    status_code: int,
    code: str,
    message: str,
    details: Sequence[dict[str, Any]] = (),
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """Render the envelope."""
    body = ErrorBody(code=code, message=message, details=list(details), request_id=request_id)
    return JSONResponse({"error": body.model_dump()}, status_code=status_code, headers=headers)


def api_error_response(request_id: str | None, exc: ApiError) -> JSONResponse:
    """The envelope of an ApiError, with the headers its class declares (if any)."""
    headers = getattr(exc, "headers", None)
    return error_response(request_id, exc.status_code, exc.code, exc.message, exc.details, headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return api_error_response(request_id_of(request.scope), exc)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError | ValidationError)
    request_id = request_id_of(request.scope)
    if isinstance(exc, RequestValidationError) and unparsed_body(exc.errors()):
        refused = UnsupportedMediaTypeError(texts.NOT_JSON.render())
        return error_response(request_id, refused.status_code, refused.code, refused.message)
    details = validation_details(exc.errors())
    code = "invalid_json" if any(d["type"] == "json_invalid" for d in details) else "invalid_input"
    return error_response(request_id, 422, code, describe_validation(details), capped(details))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        # FastAPI's answer to a body it cannot decode (not UTF-8): for clients, the same
        # mistake as malformed JSON, so the same 422.
        return error_response(
            request_id_of(request.scope), 422, "invalid_json", texts.JSON_UNREADABLE.render()
        )
    codes = {
        400: "bad_request",
        404: "not_found",
        405: "method_not_allowed",
        413: "payload_too_large",
    }
    code = codes.get(exc.status_code, "http_error")
    return error_response(
        request_id_of(request.scope), exc.status_code, code, _http_message(exc), (), exc.headers
    )


# Starlette's own details (the status's reason phrase), in the request's language.
_PHRASES = {404: texts.NOT_FOUND, 405: texts.METHOD_NOT_ALLOWED}


def _http_message(exc: StarletteHTTPException) -> str:
    """The message of an HTTPException: Starlette's reason phrase rendered as a text; a
    detail the service wrote (already rendered where raised) as it is."""
    phrase = _PHRASES.get(exc.status_code)
    if phrase is not None and exc.detail == phrase.template:
        return phrase.render()
    return exc.detail if isinstance(exc.detail, str) else texts.REQUEST_FAILED.render()


async def _rate_limited(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimitExceeded)
    return rate_limited_response(request.scope, exc)


def rate_limited_response(scope: Scope, exc: RateLimitExceeded) -> JSONResponse:
    """Count the refusal by route template; the 429 envelope with the limit's headers."""
    child(RATE_LIMITED, getattr(scope.get("route"), "path", "unmatched")).inc()
    return error_response(
        request_id_of(scope),
        429,
        "rate_limited",
        texts.RATE_LIMITED.render(limit=exc.detail),
        headers=exc.headers,
    )


async def answer_unexpected(
    scope: Scope, receive: Receive, send: Send, exc: Exception, *, started: bool
) -> None:
    """Log an unhandled error as one line and answer 500 with the envelope if still possible.

    Logged by type, route and request id only: the exception's text may quote health
    data from the request, and a traceback would too.
    """
    request_id = request_id_of(scope)
    route = getattr(scope.get("route"), "path", "unmatched")
    log.error("unhandled_error", error_type=type(exc).__name__, route=route, request_id=request_id)
    report_error(exc, request_id, route)
    if not started:
        # Half an answer cannot be taken back; the server closes that connection.
        response = error_response(request_id, 500, "internal_error", texts.INTERNAL.render())
        await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure through the envelope; nothing reaches the server."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ValidationError, _validation_error)
    app.add_exception_handler(RateLimitExceeded, _rate_limited)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    # Not an `Exception` handler: Starlette re-raises after it. What no handler takes
    # reaches the request-context middleware (api/middleware.py), which answers the 500
    # envelope with the request id and CORS headers, and stops it there.


ERROR_DESCRIPTIONS: dict[int, str] = {
    401: "No valid credential (a missing and a wrong one alike).",
    403: "A valid credential of a kind this route does not take (`insufficient_scope`).",
    404: "No such model.",
    409: "Refused; the old version serves.",
    413: "Body or batch over the limit.",
    415: "The body is not JSON.",
    422: "The request is not valid.",
    429: "Rate limit exceeded.",
    503: "Not ready: the model, the ledger, or a busy worker (`busy`, with Retry-After).",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error statuses a route can answer, all in the envelope."""
    return {
        status: {"model": ErrorEnvelope, "description": ERROR_DESCRIPTIONS[status]}
        for status in statuses
    }


JSON_BODY_RESPONSES = error_responses(401, 403, 413, 415, 422, 429, 503)
"""The error statuses of a prediction route that takes a JSON body."""
