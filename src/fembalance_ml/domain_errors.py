"""The one error domain code raises for a question it cannot answer.

A request can pass validation and still be unanswerable: a period start after the day
the forecast is asked for, dates whose forecast would leave the calendar. Domain code
raises `InvalidQuestion` for those, and the prediction layer turns exactly that class
(and its subclasses) into a 422; any other exception out of domain code is a bug, a 500.

A subclass of ValueError so that a pydantic validator may raise it too (pydantic reports
a ValueError as a validation error) and older callers catching ValueError still do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class InvalidQuestion(ValueError):
    """Valid input the domain cannot answer; its message names rules, never values."""


class DatesOutOfRange(InvalidQuestion):
    """Date arithmetic on the request's dates left the calendar (an OverflowError)."""

    def __init__(self) -> None:
        super().__init__("The dates are outside the range this service can forecast.")


def answers_dates(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a domain entry point: a date overflow in it becomes DatesOutOfRange.

    Request dates are bounded (schema_types.DATE_MIN/DATE_MAX) so that no forecast can
    overflow; this is the guard for arithmetic those bounds do not foresee.
    """

    @functools.wraps(function)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except OverflowError as exc:
            raise DatesOutOfRange from exc

    return guarded
