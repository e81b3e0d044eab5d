"""Validation errors as the envelope's details: located, short, never the submitted value.

A detail is `{"field", "location", "message", "type"}`, and `params` when its message names
values (a bound, the allowed values; never the input): `field` as a client writes it
(`cycles[3].start_date`), `location` the same as a list. Pydantic's `input` is never
copied, nor its `ctx` but for a rule's own values (both may hold the whole value);
messages lose pydantic's "Value error, " prefix and are cut short, and an answer lists at
most MAX_DETAILS details.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fembalance_ml.api import error_texts as texts
from fembalance_ml.api.validation_texts import localised
from fembalance_ml.schema_types import QUOTE_MAX_CHARS, FieldRuleError

# Bounds on an answer to bad input: a request with 20,000 bad log entries gets the first
# few problems and a count, not 20,000 details.
MAX_DETAILS = 20
MAX_MESSAGE_CHARS = 300
_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")


def _part(part: Any) -> str | int:
    """A location part; a key the client chose (an unknown field) is cut short."""
    if isinstance(part, int):
        return part
    text = str(part)
    return text if len(text) <= QUOTE_MAX_CHARS else text[: QUOTE_MAX_CHARS - 1] + "…"


def field_path(location: Sequence[str | int]) -> str:
    """A location as a client writes it: `cycles[3].start_date`; "" for the whole body."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def short_message(message: str) -> str:
    """A message without pydantic's "Value error, " prefix and cut to a bounded length."""
    for prefix in _PYDANTIC_PREFIXES:
        message = message.removeprefix(prefix)
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[: MAX_MESSAGE_CHARS - 1] + "…"
    return message


def _detail(
    location: Sequence[Any], message: str, kind: str, params: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    parts = [_part(part) for part in location]
    detail: dict[str, Any] = {
        "field": field_path(parts),
        "location": parts,
        "message": short_message(message),
        "type": kind,
    }
    if params:
        detail["params"] = dict(params)
    return detail


def rule_details(rule: FieldRuleError, at: Sequence[Any]) -> list[dict[str, Any]]:
    """One detail per field a rule names, located from `at` (the validator's location)."""
    locations = rule.locations or [()]
    return [_detail([*at, *where], str(rule), rule.rule, rule.params) for where in locations]


def _json_detail(error: Mapping[str, Any]) -> dict[str, Any]:
    # Pydantic locates a JSON syntax error at a character offset, which is no field.
    location = [part for part in error.get("loc", ()) if part != "body"]
    reason = str((error.get("ctx") or {}).get("error", "syntax error"))
    if location and isinstance(location[0], int):
        message = texts.JSON_AT.render(reason=reason, position=location[0])
    else:
        message = texts.JSON_SYNTAX.render(reason=reason)
    return _detail([], message, "json_invalid")


def validation_details(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic errors as `{field, location, message, type}`, without the submitted values.

    Neither pydantic's `input` nor its `ctx` is copied: both may hold the whole value.
    At most MAX_DETAILS details, so the answer stays small.
    """
    details: list[dict[str, Any]] = []
    for error in errors:
        if error.get("type") == "json_invalid":
            details.append(_json_detail(error))
            continue
        location = [part for part in error.get("loc", ()) if part != "body"]
        rule = (error.get("ctx") or {}).get("error")
        if isinstance(rule, FieldRuleError):
            details.extend(rule_details(rule, location))
        else:
            kind = str(error.get("type", "value_error"))
            said = localised(kind, str(error.get("msg", "invalid value")), error.get("ctx"))
            details.append(_detail(location, said.message, kind, said.params))
    return details


def describe_validation(details: Sequence[dict[str, Any]]) -> str:
    """A one-line summary of validation details for the envelope's message."""
    if not details:
        return texts.INVALID_EMPTY.render()
    first = details[0]
    if first["type"] == "json_invalid":
        return str(first["message"])
    problem = first["message"].rstrip(".")
    more = len(details) - 1
    if first["field"]:
        text = texts.INVALID_AT_MORE if more else texts.INVALID_AT
        return text.render(field=first["field"], problem=problem, more=more)
    text = texts.INVALID_BODY_MORE if more else texts.INVALID_BODY
    return text.render(problem=problem, more=more)


def capped(details: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first MAX_DETAILS details; the summary message still counts them all."""
    return list(details[:MAX_DETAILS])


def unparsed_body(errors: Sequence[Any]) -> bool:
    """Whether FastAPI handed the body to validation as raw bytes.

    It parses a body only under a JSON Content-Type; a form, plain text or a body with no
    type reaches validation unparsed, and the client's mistake is the type, not a field.
    """
    return any(
        tuple(error.get("loc", ())) == ("body",) and isinstance(error.get("input"), bytes)
        for error in errors
    )
