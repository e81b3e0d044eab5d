"""Pydantic's validation messages as localisable texts, with their values as params.

Pydantic words each problem in English from a template and the error's context
(`Input should be less than or equal to {le}`). Each error type the service's schemas can
produce has a `Text` here with pydantic's English template (tests/i18n prove the two agree),
and `localised` gives a detail's message and params: pydantic's own message in English
(so English answers stay exactly as they were), the text in the request's language
otherwise. The params are the rule's values (a bound, a length, the allowed values),
never the submitted input. A type not listed keeps pydantic's English message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from fembalance_ml.i18n import Text, current_catalog

_INPUT = "Input is the value the client sent; keep {values} as they are."


class Wording(NamedTuple):
    """The text of one error type, its plural variant (chosen by the value `counted`), the
    context values it names."""

    text: Text
    fields: tuple[str, ...] = ()
    plural: Text | None = None
    counted: str = ""


def _simple(kind: str, template: str, *fields: str) -> tuple[str, Wording]:
    return kind, Wording(Text(f"errors.validation.{kind}", template, _INPUT), fields)


def _counted(kind: str, one: str, other: str, count: str, *fields: str) -> tuple[str, Wording]:
    key = f"errors.validation.{kind}"
    note = f"{{{count}}} is a count: the .one text is used when it is 1."
    return kind, Wording(Text(f"{key}.one", one, note), fields, Text(f"{key}.other", other), count)


CHOICES = Text(
    "errors.validation.choices",
    "{head} or {last}",
    "The allowed values, listed: {head} is 'a', 'b', {last} is 'c'.",
)

WORDINGS: Final[Mapping[str, Wording]] = dict(
    [
        _simple("missing", "Field required"),
        _simple("extra_forbidden", "Extra inputs are not permitted"),
        _simple("greater_than", "Input should be greater than {gt}", "gt"),
        _simple("greater_than_equal", "Input should be greater than or equal to {ge}", "ge"),
        _simple("less_than", "Input should be less than {lt}", "lt"),
        _simple("less_than_equal", "Input should be less than or equal to {le}", "le"),
        _simple("finite_number", "Input should be a finite number"),
        _simple("string_type", "Input should be a valid string"),
        _simple("int_type", "Input should be a valid integer"),
        _simple(
            "int_parsing", "Input should be a valid integer, unable to parse string as an integer"
        ),
        _simple(
            "int_from_float", "Input should be a valid integer, got a number with a fractional part"
        ),
        _simple("float_type", "Input should be a valid number"),
        _simple(
            "float_parsing", "Input should be a valid number, unable to parse string as a number"
        ),
        _simple("bool_type", "Input should be a valid boolean"),
        _simple("bool_parsing", "Input should be a valid boolean, unable to interpret input"),
        _simple("dict_type", "Input should be a valid dictionary"),
        _simple("list_type", "Input should be a valid list"),
        _simple(
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
        ),
        _simple("date_type", "Input should be a valid date"),
        _simple("literal_error", "Input should be {expected}", "expected"),
        _simple("enum", "Input should be {expected}", "expected"),
        _counted(
            "string_too_short",
            "String should have at least {min_length} character",
            "String should have at least {min_length} characters",
            "min_length",
            "min_length",
        ),
        _counted(
            "string_too_long",
            "String should have at most {max_length} character",
            "String should have at most {max_length} characters",
            "max_length",
            "max_length",
        ),
        _counted(
            "too_short",
            "List should have at least {min_length} item after validation, not {actual_length}",
            "List should have at least {min_length} items after validation, not {actual_length}",
            "min_length",
            "min_length",
            "actual_length",
        ),
        _counted(
            "too_long",
            "List should have at most {max_length} item after validation, not {actual_length}",
            "List should have at most {max_length} items after validation, not {actual_length}",
            "max_length",
            "max_length",
            "actual_length",
        ),
    ]
)


class Localised(NamedTuple):
    """A detail's message and the values it names (empty when it names none)."""

    message: str
    params: dict[str, Any]


def _number(value: Any) -> Any:
    """A bound as pydantic writes it: 18.0 as 18."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _listed(expected: str) -> list[str]:
    """The allowed values of pydantic's `'a', 'b' or 'c'`, as it writes each."""
    head, _, last = expected.rpartition(" or ")
    return [*head.split(", "), last] if head else [last]


def _choices(expected: str) -> list[str]:
    """The allowed values of pydantic's `'a', 'b' or 'c'`, unquoted."""
    items = _listed(expected)
    return [item[1:-1] if len(item) > 1 and item[0] == item[-1] == "'" else item for item in items]


def _params(wording: Wording, context: Mapping[str, Any]) -> dict[str, Any] | None:
    params = {}
    for name in wording.fields:
        if name not in context:
            return None
        value = context[name]
        params[name] = _choices(value) if name == "expected" else _number(value)
    return params


def _rendered(wording: Wording, params: dict[str, Any], context: Mapping[str, Any]) -> str:
    values = dict(params)
    if "expected" in values:
        quoted = _listed(str(context["expected"]))
        values["expected"] = (
            CHOICES.render(head=", ".join(quoted[:-1]), last=quoted[-1])
            if len(quoted) > 1
            else quoted[0]
        )
    text = wording.text
    if wording.plural is not None and values.get(wording.counted) != 1:
        text = wording.plural
    return text.render(**values)


def localised(kind: str, english: str, context: Mapping[str, Any] | None) -> Localised:
    """The message of a pydantic error of type `kind` (pydantic's `english` message, its
    `context`) in the request's language, and the values it names."""
    wording = WORDINGS.get(kind)
    if wording is None:
        return Localised(english, {})
    if kind == "too_short" or kind == "too_long":
        if (context or {}).get("field_type") != "List":
            return Localised(english, {})
    params = _params(wording, context or {})
    if params is None:
        return Localised(english, {})
    if current_catalog() is None:
        return Localised(english, params)
    return Localised(_rendered(wording, params, context or {}), params)
