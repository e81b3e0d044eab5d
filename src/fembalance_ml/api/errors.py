"""One error hierarchy and one envelope for every failure the API reports.

Every error leaves as `{"error": {"code", "message", "details", "request_id"}}` with the
same request id as the `X-Request-ID` header. No stack trace and no submitted value is
ever echoed back: validation details name the field and the rule, not the input.
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

from fembalance_ml.platform.context import request_id_of
from fembalance_ml.platform.metrics import RATE_LIMITED
from fembalance_ml.platform.ratelimit import RateLimitExceeded
from fembalance_ml.platform.sentry import report_error

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


class UnauthorizedError(ApiError):
    """No valid API key (missing and wrong keys look the same)."""

    status_code = 401
    code = "unauthorized"


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


class RateLimitedError(ApiError):
    """Too many requests for this client."""

    status_code = 429
    code = "rate_limited"


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


def validation_details(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic errors as `{field, message, type}`, without the submitted values."""
    details = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part != "body"]
        details.append(
            {
                "field": ".".join(location),
                "message": str(error.get("msg", "invalid value")),
                "type": str(error.get("type", "value_error")),
            }
        )
    return details


def describe_validation(details: Sequence[dict[str, Any]]) -> str:
    """A one-line summary of validation details for the envelope's message."""
    if not details:
        return "The request is not valid."
    first = details[0]
    where = f"`{first['field']}`: " if first["field"] else ""
    more = f" (and {len(details) - 1} more problems)" if len(details) > 1 else ""
    return f"Invalid request: {where}{first['message']}{more}."


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = getattr(exc, "headers", None)
    return error_response(
        request_id_of(request.scope), exc.status_code, exc.code, exc.message, exc.details, headers
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError | ValidationError)
    details = validation_details(exc.errors())
    code = "invalid_json" if any(d["type"] == "json_invalid" for d in details) else "invalid_input"
    return error_response(
        request_id_of(request.scope), 422, code, describe_validation(details), details
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        # FastAPI's answer to a body it cannot decode (not UTF-8): for clients, the same
        # mistake as malformed JSON, so the same 422.
        return error_response(
            request_id_of(request.scope), 422, "invalid_json", "The body is not valid JSON."
        )
    codes = {
        400: "bad_request",
        404: "not_found",
        405: "method_not_allowed",
        413: "payload_too_large",
    }
    code = codes.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    return error_response(
        request_id_of(request.scope), exc.status_code, code, message, (), exc.headers
    )


async def _rate_limited(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimitExceeded)
    route = request.scope.get("route")
    RATE_LIMITED.labels(getattr(route, "path", "unmatched")).inc()
    headers = request.app.state.rate_limits.headers_for(request)
    return error_response(
        request_id_of(request.scope),
        429,
        "rate_limited",
        f"Rate limit exceeded ({exc.detail}); retry after the time in Retry-After.",
        headers=headers,
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # Logged by type only: the exception text may quote health data from the request.
    request_id = request_id_of(request.scope)
    route = getattr(request.scope.get("route"), "path", "unmatched")
    log.error("unhandled_error", error_type=type(exc).__name__, route=route)
    report_error(exc, request_id, route)
    # This handler answers outside the request-id middleware, so it sets the header itself.
    headers = {"X-Request-ID": request_id} if request_id else None
    return error_response(
        request_id, 500, "internal_error", "An internal error occurred.", headers=headers
    )


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure through the envelope."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ValidationError, _validation_error)
    app.add_exception_handler(RateLimitExceeded, _rate_limited)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


ERROR_DESCRIPTIONS: dict[int, str] = {
    401: "No valid API key or browser token.",
    404: "No such model.",
    409: "Refused; the old version serves.",
    413: "Body or batch over the limit.",
    422: "The request is not valid.",
    429: "Rate limit exceeded.",
    503: "The model is not ready, or the worker is busy (`busy`, with Retry-After).",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error statuses a route can answer, all in the envelope."""
    return {
        status: {"model": ErrorEnvelope, "description": ERROR_DESCRIPTIONS[status]}
        for status in statuses
    }


# What a prediction route can answer besides 200.
ERROR_RESPONSES = error_responses(401, 413, 422, 429, 503)
