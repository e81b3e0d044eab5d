"""Request and response models of POST /api/v1/predict/cycle (names fixed by API.md)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from fembalance_ml.disclaimers import CYCLE
from fembalance_ml.schema_types import IsoDate, whole_number

MAX_CYCLES = 1000
MAX_HORIZON = 12
MIN_DAYS_BETWEEN_STARTS = 10


PeriodLengthDays = Annotated[int, Field(strict=True, ge=1, le=20), BeforeValidator(whole_number)]
HorizonCycles = Annotated[
    int, Field(strict=True, ge=1, le=MAX_HORIZON), BeforeValidator(whole_number)
]


class CycleEntry(BaseModel):
    """One logged period: its first day and, optionally, how many days it bled."""

    model_config = ConfigDict(extra="forbid")

    start_date: IsoDate
    period_length_days: PeriodLengthDays | None = None


class CycleRequest(BaseModel):
    """Logged period starts (any order, duplicates merged) and what to forecast."""

    model_config = ConfigDict(extra="forbid")

    user_id: str | None = None
    cycles: list[CycleEntry] = Field(min_length=1)
    age: float | None = Field(default=None, ge=8, le=70, strict=True)
    as_of: IsoDate | None = None
    horizon_cycles: HorizonCycles = 3

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
        check_starts_apart([entry.start_date for entry in ordered])
        return ordered

    @model_validator(mode="after")
    def _starts_not_after_as_of(self) -> CycleRequest:
        if self.as_of is not None:
            check_not_after(self.cycles, self.as_of)
        return self


def check_starts_apart(starts: list[date]) -> None:
    """Raise ValueError naming the first two sorted period starts under 10 days apart.

    Two periods cannot start that close: one of them is a mistyped date.
    """
    for earlier, later in itertools.pairwise(starts):
        gap = (later - earlier).days
        if gap < MIN_DAYS_BETWEEN_STARTS:
            raise ValueError(
                f"period starts {earlier} and {later} are only {gap} days apart "
                f"(at least {MIN_DAYS_BETWEEN_STARTS} expected)"
            )


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

    current_phase: Literal["menstrual", "follicular", "ovulatory", "luteal", "unknown"]
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
    # null when the current cycle is late, absent or possibly post-menopausal
    ovulation_date: date | None
    fertile_window: FertileWindow | None
    upcoming: list[UpcomingCycle]
    regularity: Literal["regular", "irregular", "insufficient_data"]
    confidence: Literal["high", "medium", "low"]
    cycles_used: int
    status: CycleStatus
    flags: list[FlagOut]
    model_version: str
    disclaimer: str = CYCLE
    experiment_group: str | None = None
