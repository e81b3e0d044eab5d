"""Request and result models of POST /api/v1/predict/cycle (names fixed by API.md).

The public response (`cycle.spec.CycleResponse`) is `CycleResult` plus the fields the
serving layer adds to every answer.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from fembalance_ml.clinical.person import (
    CONTEXT_RULES,
    NEVER_MENSTRUATED_WITH_PERIODS,
    Assumption,
    NoteParam,
    PersonContext,
    check_context_for_periods,
    cross_field_rules,
)
from fembalance_ml.i18n import Text
from fembalance_ml.schema_types import FieldRuleError, IsoDate, OpenCode, UserId, whole_number

# The 422s of a cycle request (in the `errors` catalog; check_starts_apart serves
# /symptoms too).
TOO_MANY_CYCLES = Text("errors.validation.too_many_cycles", "at most {maximum} cycles, got {count}")
STARTS_TOO_CLOSE = Text(
    "errors.starts_too_close",
    "two period starts are only {gap} days apart (at least {minimum} expected); one of them "
    "is likely mistyped",
)
AFTER_AS_OF = Text(
    "errors.after_as_of.cycles",
    "{count} start date(s) after as_of; a forecast needs starts up to as_of",
    "as_of is a field name.",
)

MAX_CYCLES = 1000
MAX_HORIZON = 12
MIN_DAYS_BETWEEN_STARTS = 10


# Up to 31 days, as in the symptom schema: very long bleeding is flagged, never refused.
PeriodLengthDays = Annotated[int, Field(strict=True, ge=1, le=31), BeforeValidator(whole_number)]
HorizonCycles = Annotated[
    int, Field(strict=True, ge=1, le=MAX_HORIZON), BeforeValidator(whole_number)
]


class CycleEntry(BaseModel):
    """One logged period: its first day and, optionally, how many days it bled."""

    model_config = ConfigDict(extra="forbid")

    start_date: IsoDate
    period_length_days: PeriodLengthDays | None = None
    # Where the entry stood in the request, so an error can point at `cycles[i]` after
    # the list was merged and sorted.
    _submitted_index: int = PrivateAttr(default=0)


class CycleRequest(BaseModel):
    """Logged period starts (any order, duplicates merged) and what to forecast."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            **NEVER_MENSTRUATED_WITH_PERIODS,
            **cross_field_rules(
                ("starts_too_close", "period starts are at least 10 days apart"),
                ("after_as_of", "no period start or context date is after as_of, when given"),
                *CONTEXT_RULES,
            ),
        },
    )

    user_id: UserId | None = None
    cycles: list[CycleEntry] = Field(min_length=1)
    age: float | None = Field(default=None, ge=8, le=70, strict=True)
    as_of: IsoDate | None = None
    horizon_cycles: HorizonCycles = 3
    context: PersonContext | None = Field(
        None,
        description="the person's situation (pregnancy, birth, contraception, HRT, "
        "menopause, menarche); see docs/CLINICAL.md for what each state changes",
    )

    @field_validator("cycles")
    @classmethod
    def _merge_and_check(cls, cycles: list[CycleEntry]) -> list[CycleEntry]:
        if len(cycles) > MAX_CYCLES:
            raise ValueError(TOO_MANY_CYCLES.render(maximum=MAX_CYCLES, count=len(cycles)))
        merged: dict[date, CycleEntry] = {}
        for index, entry in enumerate(cycles):
            entry._submitted_index = index
            kept = merged.get(entry.start_date)
            if kept is None or kept.period_length_days is None:
                merged[entry.start_date] = entry
        ordered = [merged[start] for start in sorted(merged)]
        check_starts_apart([(entry.start_date, entry._submitted_index) for entry in ordered])
        return ordered

    @model_validator(mode="after")
    def _starts_not_after_as_of(self) -> CycleRequest:
        if self.as_of is not None:
            check_not_after(self.cycles, self.as_of)
        check_context_for_periods(self.context, self.age, self.as_of)
        return self


def check_starts_apart(starts: list[tuple[date, int]], field: tuple[str, ...] = ()) -> None:
    """Raise FieldRuleError at the first two period starts under 10 days apart.

    `starts` are (start, index in the request) pairs; `field` is the list's location
    relative to the validator. Two periods cannot start that close: one of them is a
    mistyped date. The dates are not quoted; the locations say which entries to check.
    """
    ordered = sorted(starts)
    for (earlier, first), (later, second) in itertools.pairwise(ordered):
        gap = (later - earlier).days
        if gap < MIN_DAYS_BETWEEN_STARTS:
            raise FieldRuleError(
                "starts_too_close",
                STARTS_TOO_CLOSE.render(gap=gap, minimum=MIN_DAYS_BETWEEN_STARTS),
                [(*field, index, "start_date") for index in sorted((first, second))],
                {"gap_days": gap, "min_days": MIN_DAYS_BETWEEN_STARTS},
            )


def check_not_after(cycles: list[CycleEntry], as_of: date) -> None:
    """Raise FieldRuleError at every start date later than `as_of` (locations relative
    to the request)."""
    future = sorted(entry._submitted_index for entry in cycles if entry.start_date > as_of)
    if future:
        raise FieldRuleError(
            "after_as_of",
            AFTER_AS_OF.render(count=len(future)),
            [("cycles", index, "start_date") for index in future],
            {"count": len(future)},
        )


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

    current_phase: OpenCode[Literal["menstrual", "follicular", "ovulatory", "luteal", "unknown"]]
    cycle_day: int
    days_late: int | None = None


class FlagOut(BaseModel):
    """A pattern in the history, in plain words: a stable code, the message, its values.

    `params` holds the numbers and dates the message names (counts, days, limits), so a
    client can word the message in another language from `code` and `params`.
    """

    code: str
    message: str
    params: dict[str, NoteParam] = Field(default_factory=dict)


class CycleResult(BaseModel):
    """What the cycle model says about one person: the forecast without its envelope."""

    # null only when the context says there is no cycle to forecast (pregnancy, no period
    # yet since a birth, the menopause or continuous HRT); never without a context
    predicted_start_date: date | None
    prediction_interval: PredictionInterval | None
    predicted_cycle_length: float | None
    # null when the current cycle is late, absent or possibly post-menopausal, or when
    # there is no ovulation to predict (hormonal contraception, pregnancy, ...)
    ovulation_date: date | None
    fertile_window: FertileWindow | None
    upcoming: list[UpcomingCycle]
    regularity: OpenCode[Literal["regular", "irregular", "insufficient_data"]]
    confidence: OpenCode[Literal["high", "medium", "low"]]
    cycles_used: int
    status: CycleStatus
    flags: list[FlagOut]
    # What the answer took for granted where the request was silent (always last).
    assumptions: list[Assumption]
