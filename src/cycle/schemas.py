"""Request and response models of POST /api/v1/predict/cycle (names fixed by API.md)."""

from __future__ import annotations

import itertools
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from src.disclaimers import CYCLE

MAX_CYCLES = 1000
MAX_HORIZON = 12
MIN_DAYS_BETWEEN_STARTS = 10
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(value: object, field: str) -> object:
    """Accept a date or a `YYYY-MM-DD` string; anything else is a clear ValueError."""
    if isinstance(value, date) or value is None:
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{field} {value!r} is not a date in the form YYYY-MM-DD")


class CycleEntry(BaseModel):
    """One logged period: its first day and, optionally, how many days it bled."""

    model_config = ConfigDict(extra="forbid")

    start_date: date
    period_length_days: int | None = Field(default=None, ge=1, le=20, strict=True)

    @field_validator("start_date", mode="before")
    @classmethod
    def _parse_start(cls, value: object) -> object:
        return parse_iso_date(value, "start_date")


class CycleRequest(BaseModel):
    """Logged period starts (any order, duplicates merged) and what to forecast."""

    model_config = ConfigDict(extra="forbid")

    user_id: str | None = None
    cycles: list[CycleEntry] = Field(min_length=1)
    age: float | None = Field(default=None, ge=8, le=70, strict=True)
    as_of: date | None = None
    horizon_cycles: int = Field(default=3, strict=True)

    @field_validator("as_of", mode="before")
    @classmethod
    def _parse_as_of(cls, value: object) -> object:
        return parse_iso_date(value, "as_of")

    @field_validator("horizon_cycles")
    @classmethod
    def _horizon_in_range(cls, value: int) -> int:
        if not 1 <= value <= MAX_HORIZON:
            raise ValueError(f"horizon_cycles must be between 1 and {MAX_HORIZON}, got {value}")
        return value

    @field_validator("cycles")
    @classmethod
    def _merge_and_check(cls, cycles: list[CycleEntry]) -> list[CycleEntry]:
        if len(cycles) > MAX_CYCLES:
            raise ValueError(f"at most {MAX_CYCLES} cycles, got {len(cycles)}")
        merged: dict[date, CycleEntry] = {}
        for entry in cycles:
            kept = merged.get(entry.start_date)
            if kept is None or kept.period_length_days is None:
                merged[entry.start_date] = entry
        ordered = [merged[start] for start in sorted(merged)]
        for earlier, later in itertools.pairwise(ordered):
            gap = (later.start_date - earlier.start_date).days
            if gap < MIN_DAYS_BETWEEN_STARTS:
                raise ValueError(
                    f"period starts {earlier.start_date} and {later.start_date} are only {gap} "
                    f"days apart (at least {MIN_DAYS_BETWEEN_STARTS} expected)"
                )
        return ordered

    @model_validator(mode="after")
    def _starts_not_after_as_of(self) -> CycleRequest:
        if self.as_of is not None:
            check_not_after(self.cycles, self.as_of)
        return self


def check_not_after(cycles: list[CycleEntry], as_of: date) -> None:
    """Raise ValueError naming every start date later than `as_of`."""
    future = [str(entry.start_date) for entry in cycles if entry.start_date > as_of]
    if future:
        shown = ", ".join(future[:5]) + (f" and {len(future) - 5} more" if len(future) > 5 else "")
        raise ValueError(f"start dates after as_of {as_of}: {shown}")


class PredictionInterval(BaseModel):
    """Where the next period should start, with the stated probability."""

    level: float
    earliest: date
    latest: date


class FertileWindow(BaseModel):
    """Five days before ovulation and its day, widened by the estimate's uncertainty."""

    start: date
    end: date


class UpcomingCycle(BaseModel):
    """One forecast cycle."""

    start_date: date
    ovulation_date: date
    fertile_window: FertileWindow


class CycleStatus(BaseModel):
    """Where the user is on `as_of`."""

    current_phase: Literal["menstrual", "follicular", "ovulatory", "luteal"]
    cycle_day: int
    days_late: int | None = None


class FlagOut(BaseModel):
    """A pattern in the history, in plain words."""

    code: str
    message: str


class CycleResponse(BaseModel):
    """The cycle forecast as API.md names it."""

    predicted_start_date: date
    prediction_interval: PredictionInterval
    predicted_cycle_length: float
    ovulation_date: date
    fertile_window: FertileWindow
    upcoming: list[UpcomingCycle]
    regularity: Literal["regular", "irregular", "insufficient_data"]
    confidence: Literal["high", "medium", "low"]
    cycles_used: int
    status: CycleStatus
    flags: list[FlagOut]
    model_version: str
    disclaimer: str = CYCLE
    experiment_group: str | None = None
