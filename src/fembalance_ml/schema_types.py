"""Field types shared by the request schemas of the three models.

They make the published JSON Schema and the validation agree: what the spec calls an
integer (3 or 3.0) is accepted, and strings, booleans and timestamps are refused.
They also bound what a request may hold, so no value the service cannot answer (a date
near year 9999, a user id Python cannot encode) reaches the domain code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from fembalance_ml.domain_errors import InvalidQuestion
from fembalance_ml.i18n import Text

# Dates a request may carry. Wide enough for any real history, narrow enough that every
# forecast from them (12 cycles of up to a few hundred days) stays far inside Python's
# date range (year 1..9999), so no date arithmetic can overflow.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2200, 12, 31)

USER_ID_MAX_LENGTH = 128
# Without `as_of` the service takes UTC's today; a person east of UTC may already be on the
# next day, so entries up to this many days ahead of UTC's today are hers, not mistakes.
CLOCK_SKEW_DAYS = 1
QUOTE_MAX_CHARS = 40


NOT_A_DATE = Text(
    "errors.validation.not_a_date", "not a date in the form YYYY-MM-DD (a real calendar day)"
)
DATE_OUT_OF_RANGE = Text(
    "errors.validation.date_out_of_range",
    "must be a date from {minimum} to {maximum}",
    "The dates are written YYYY-MM-DD.",
)
NOT_PRINTABLE = Text("errors.validation.not_printable", "must hold printable characters only")
NOT_A_WHOLE_NUMBER = Text(
    "errors.validation.not_a_whole_number", "must be a whole number, not true/false"
)


def default_as_of(today: date, latest_entry: date) -> date:
    """`as_of` when the client leaves it out: UTC's `today`, or the person's own today when
    her latest entry is already dated up to CLOCK_SKEW_DAYS ahead (she is east of UTC)."""
    if today < latest_entry <= today + timedelta(days=CLOCK_SKEW_DAYS):
        return latest_entry
    return today


def quote(value: object, limit: int = QUOTE_MAX_CHARS) -> str:
    """`repr(value)` cut to `limit` characters with an ellipsis: never a whole long input."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FieldRuleError(InvalidQuestion):
    """A rule broken by particular fields of a request, named by their locations.

    `rule` names the rule (it becomes each detail's `type`), `message` is already in the
    request's language (a Text rendered where raised) and `params` the values it names
    (never the input). Raised by a validator,
    pydantic keeps it in the error's context; the API turns each location into its own
    detail, so a message can say "after as_of" without quoting
    the dates, and the client still learns which entries to fix.
    """

    def __init__(
        self,
        rule: str,
        message: str,
        locations: Sequence[tuple[str | int, ...]],
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.locations = list(locations)
        self.params = dict(params or {})


def _iso_date(value: object) -> object:
    """A date from DATE_MIN to DATE_MAX, sent as a `YYYY-MM-DD` string that is a real
    calendar day (or given as a date); nothing else.

    One validator for the form and the range (a request carries dozens of dates): the
    shape is checked by hand, since `date.fromisoformat` reads ASCII digits only, a
    10-character string with dashes at 4 and 7 that it accepts is `YYYY-MM-DD`.
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return _in_range(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return _in_range(parsed)
    # The value itself is not quoted: it may be a megabyte long.
    raise ValueError(NOT_A_DATE.render())


def _in_range(value: date) -> date:
    """The date, if the service can forecast from it."""
    if not DATE_MIN <= value <= DATE_MAX:
        # Rendered here, in the request's language; pydantic has no context to fill in.
        raise PydanticCustomError(
            "date_out_of_range",
            DATE_OUT_OF_RANGE.render(minimum=str(DATE_MIN), maximum=str(DATE_MAX)),
        )
    return value


def _printable(value: str) -> str:
    """The string, if every character is printable (no control or lone surrogate)."""
    if not value.isprintable():
        raise PydanticCustomError("not_printable", NOT_PRINTABLE.render())
    return value


def whole_number(value: object) -> object:
    """A JSON integer, including a whole float such as 5.0; no strings or booleans.

    Use as `Annotated[int, Field(strict=True, ge=.., le=..), BeforeValidator(whole_number)]`:
    bounds placed before the validator reach the JSON Schema as minimum and maximum.
    """
    if isinstance(value, bool):
        raise ValueError(NOT_A_WHOLE_NUMBER.render())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# DATE_MIN..DATE_MAX as JSON Schema can say it (a `pattern`, which every fuzzer and
# validator applies), and as an `x-` extension a reader or a tool can take the bounds from
# (`formatMinimum`/`formatMaximum` are not OpenAPI 3.1 keywords).
DATE_PATTERN = r"^(19\d\d|2[01]\d\d|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
DATE_BOUNDS_SCHEMA = {
    "pattern": DATE_PATTERN,
    "x-date-minimum": str(DATE_MIN),
    "x-date-maximum": str(DATE_MAX),
}
# Python's str.isprintable() as an ECMA-262 pattern: no control, format, surrogate,
# private-use, unassigned or separator character, the ASCII space excepted.
PRINTABLE_PATTERN = r"^(?:[^\p{C}\p{Z}]| )+$"

IsoDate = Annotated[
    date,
    Field(json_schema_extra=DATE_BOUNDS_SCHEMA),
    BeforeValidator(_iso_date),
]
"""A calendar day from DATE_MIN to DATE_MAX, sent as `YYYY-MM-DD`."""

UserId = Annotated[
    str,
    Field(
        strict=True,
        min_length=1,
        max_length=USER_ID_MAX_LENGTH,
        json_schema_extra={"pattern": PRINTABLE_PATTERN},
    ),
    AfterValidator(_printable),
]
"""An opaque client id: 1 to 128 printable characters (no control characters or lone
surrogates, which could not be logged or hashed)."""


class OpenCodeSchema:
    """Publishes a code as an open string: `type: string` with its known values listed in
    `x-extensible-enum` (the Zalando API guideline's name for a list that may grow).

    A closed `enum` makes generated clients refuse a value they were not built with
    (openapi-python-client raises ValueError, a TypeScript switch is exhaustive), while v1
    only grows: a new flag or outcome code must not break an old client. Validation is
    untouched: the server still emits only its own values. `known` lists the values of a
    field typed `str`; for a Literal (or str Enum) they are read from its schema.
    """

    def __init__(self, known: Sequence[str] = ()) -> None:
        self.known = tuple(known)

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler.resolve_ref_schema(handler(core_schema))
        closed = schema.pop("enum", None) or ([schema.pop("const")] if "const" in schema else [])
        known = list(self.known) or [str(value) for value in closed]
        return {**schema, "type": "string", "x-extensible-enum": known}

    def __hash__(self) -> int:
        return hash(self.known)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OpenCodeSchema) and other.known == self.known


_Code = TypeVar("_Code", bound=str)

OpenCode = Annotated[_Code, OpenCodeSchema()]
"""A code an answer carries, published open: `OpenCode[FlagCode]` validates as the
Literal `FlagCode` (and type-checks as it) but is `type: string` in the spec, its values
listed in `x-extensible-enum`, so a client built today accepts a code added later. For a
`str` field, `Annotated[str, OpenCodeSchema(known_values)]`."""
