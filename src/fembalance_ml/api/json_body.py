"""A JSON request body, read, decoded and validated as FastAPI reads a route's body.

The prediction routes answer their requests themselves (api/prediction_route.py) but keep
FastAPI's contract for a body, which the golden corpus (tests/api/golden/answers.json) holds
byte for byte, so every refusal is the one FastAPI gives and is rendered by the same
handlers (api/errors.py):

- the body is parsed only under a JSON Content-Type (`application/json` or any
  `application/*+json`, parameters allowed); any other type, or none, hands validation the
  raw bytes, which it refuses as 415; an empty body is a missing body (422 `missing`);
- JSON is parsed before the credential is checked (bad JSON is a 422 even without a key),
  the model validates after the rate limit has counted the request;
- orjson reads the body; what it refuses the json module reads as FastAPI would (NaN, a
  BOM, UTF-16, lone surrogates, integers over 64 bits), so each is answered as before;
  JSON the json module refuses too is 422 `invalid_json` at its character, and a body that
  is not text at all, or a client that leaves mid-body, is 422 "The body is not valid JSON.";
- validation is pydantic's own (`model_validate(..., from_attributes=True)`, as FastAPI's
  body field does), its errors located under `body`.
"""

from __future__ import annotations

import email.message
import json
from functools import lru_cache
from typing import Any, Final, TypeVar

import orjson
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.types import Receive

# FastAPI's detail for a body it could not read (answered as 422 invalid_json, errors.py).
UNREADABLE = "There was an error parsing the body"


class _Missing:
    """No body was sent."""


MISSING: Final = _Missing()
Model = TypeVar("Model", bound=BaseModel)


@lru_cache(maxsize=256)
def is_json_type(content_type: bytes) -> bool:
    """`application/json` or `application/*+json`, read as the email package reads it
    (case, spaces and parameters as FastAPI accepts them); remembered per header value."""
    message = email.message.Message()
    message["content-type"] = content_type.decode("latin-1")
    if message.get_content_maintype() != "application":
        return False
    subtype = message.get_content_subtype()
    return subtype == "json" or subtype.endswith("+json")


async def read_body(receive: Receive) -> bytes:
    """The whole body; HTTPException(400) when the client leaves before its end.

    A size limit (api/middleware.py) raises its own 413 from `receive`, which passes.
    """
    message = await receive()
    if message["type"] == "http.request" and not message.get("more_body", False):
        return bytes(message.get("body", b""))
    chunks: list[bytes] = []
    while True:
        if message["type"] != "http.request":
            raise HTTPException(400, UNREADABLE)
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)
        message = await receive()


def decode(body: bytes, content_type: bytes | None) -> Any:
    """The parsed JSON, the raw bytes (not a JSON type), or MISSING (no body).

    RequestValidationError for JSON no parser reads; HTTPException(400) for bytes that are
    no text at all (both answered 422 `invalid_json`).
    """
    if not body:
        return MISSING
    if content_type is None or not is_json_type(content_type):
        return body
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        error = {
            "type": "json_invalid",
            "loc": ("body", exc.pos),
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": exc.msg},
        }
        raise RequestValidationError([error], body=exc.doc) from exc
    except Exception as exc:  # not UTF-8/16/32, nesting too deep: FastAPI's 400
        raise HTTPException(400, UNREADABLE) from exc


def validate(model: type[Model], payload: Any) -> Model:
    """`payload` as `model`, or RequestValidationError located under `body`."""
    if payload is MISSING:
        missing = ValidationError.from_exception_data(
            "Field required", [{"type": "missing", "loc": ("body",), "input": {}}]
        ).errors(include_url=False)[0]
        raise RequestValidationError([{**missing, "input": None}])
    try:
        return model.model_validate(payload, from_attributes=True)
    except ValidationError as exc:
        errors = [
            {**error, "loc": ("body", *error["loc"])} for error in exc.errors(include_url=False)
        ]
        raise RequestValidationError(errors) from None
