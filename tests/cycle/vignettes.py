"""The vignette shape the cycle clinical tests share: a log, an age, a context, a day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.cycle.schemas import CycleRequest, CycleResult, FlagOut
from fembalance_ml.cycle.service import predict

FIRST = date(2024, 1, 1)
TODAY = date(2030, 1, 1)


@dataclass(frozen=True)
class Vignette:
    """A logged history (cycle lengths, oldest first) and the day it is asked about."""

    name: str
    lengths: list[int]
    days_after_last: int
    age: float | None = 30
    period_lengths: dict[int, int] = field(default_factory=dict)  # start index -> bleeding days
    context: dict[str, Any] | None = None

    def starts(self) -> list[date]:
        """The logged period starts, from FIRST."""
        starts = [FIRST]
        for length in self.lengths:
            starts.append(starts[-1] + timedelta(days=length))
        return starts

    @property
    def as_of(self) -> date:
        """The day the vignette is asked about."""
        return self.starts()[-1] + timedelta(days=self.days_after_last)

    def request(self) -> CycleRequest:
        """The API request this vignette sends."""
        cycles = [
            {"start_date": str(start), "period_length_days": self.period_lengths.get(index)}
            for index, start in enumerate(self.starts())
        ]
        body: dict[str, Any] = {"cycles": cycles, "age": self.age, "as_of": str(self.as_of)}
        if self.context is not None:
            body["context"] = self.context
        return CycleRequest.model_validate(body)


def answer(model: CycleModel, vignette: Vignette) -> CycleResult:
    """The service's answer to a vignette."""
    return predict(model, vignette.request(), today=TODAY)


def codes(result: CycleResult) -> set[str]:
    """The flag codes of an answer."""
    return {flag.code for flag in result.flags}


def flag(result: CycleResult, code: str) -> FlagOut:
    """The answer's flag with this code (StopIteration when it did not fire)."""
    return next(found for found in result.flags if found.code == code)


def days_before(vignette: Vignette, days: int) -> str:
    """The ISO date `days` before the vignette's `as_of` (for context dates)."""
    return str(vignette.as_of - timedelta(days=days))
