"""Field types shared by the request schemas of the three models.

They make the published JSON Schema and the validation agree: what the spec calls an
integer (3 or 3.0) is accepted, and strings, booleans and timestamps are refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    """A date, or a `YYYY-MM-DD` string that is a real calendar day; nothing else."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")


def whole_number(value: object) -> object:
    """A JSON integer, including a whole float such as 5.0; no strings or booleans.

    Use as `Annotated[int, Field(strict=True, ge=.., le=..), BeforeValidator(whole_number)]`:
    bounds placed before the validator reach the JSON Schema as minimum and maximum.
    """
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true/false")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
