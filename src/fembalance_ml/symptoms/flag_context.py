"""What the red-flag rules read: a person's logs by symptom, and their periods' extents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from fembalance_ml.symptoms.schemas import CycleStart, SymptomLog
from fembalance_ml.symptoms.timeline import CycleTimeline

PRESENT = 2  # DRSP 1 is "not at all", so 2 (minimal) or more means the symptom was there
BLEEDING_SYMPTOMS = ("heavy_bleeding", "spotting", "clots_flooding")
DEFAULT_PERIOD_DAYS = 5


@dataclass(frozen=True)
class Period:
    """One logged period: its start and how long it lasted, if known."""

    start: date
    length: int | None
    length_source: str


@dataclass
class FlagContext:
    """Logs by symptom, the timeline and the periods, built once per request."""

    timeline: CycleTimeline
    periods: list[Period]
    by_symptom: dict[str, dict[date, int]] = field(default_factory=dict)

    def ratings(self, symptom: str, minimum: int = PRESENT) -> list[tuple[date, int]]:
        """(date, severity) of a symptom rated at `minimum` or more, in date order."""
        found = self.by_symptom.get(symptom, {})
        return sorted((day, level) for day, level in found.items() if level >= minimum)

    def period_of(self, day: date) -> Period | None:
        """The logged period whose cycle holds `day` (None before the first start)."""
        earlier = [period for period in self.periods if period.start <= day]
        return earlier[-1] if earlier else None

    def cycle_day(self, day: date) -> int | None:
        """Day 1 = the start of the logged period that precedes `day`."""
        period = self.period_of(day)
        return None if period is None else (day - period.start).days + 1

    def period_days(self, day: date) -> int | None:
        """Length of the period that began `day`'s cycle (5 when unknown), None before any."""
        period = self.period_of(day)
        return None if period is None else period.length or DEFAULT_PERIOD_DAYS

    def is_menstrual(self, day: date) -> bool:
        """Within the period that began the cycle."""
        length, cycle_day = self.period_days(day), self.cycle_day(day)
        return length is not None and cycle_day is not None and cycle_day <= length

    def days_to_next_start(self, day: date) -> int:
        """Days from `day` to the next logged or projected onset."""
        return (self.timeline.next_start_after(day) - day).days


def bleeding_run(start: date, bleeding_days: set[date]) -> int:
    """Consecutive days with a bleeding log from `start` on (0 if none on the start day)."""
    length = 0
    while start + timedelta(days=length) in bleeding_days:
        length += 1
    return length


def build_context(cycles: Sequence[CycleStart], logs: Sequence[SymptomLog]) -> FlagContext:
    """Index the logs and measure each period from period_length_days or bleeding logs."""
    by_symptom: dict[str, dict[date, int]] = defaultdict(dict)
    for log in logs:
        by_symptom[log.symptom][log.date] = log.severity
    bleeding = {
        day
        for symptom in BLEEDING_SYMPTOMS
        for day, level in by_symptom.get(symptom, {}).items()
        if level >= PRESENT
    }
    periods = []
    for cycle in sorted(cycles, key=lambda c: c.start_date):
        if cycle.period_length_days is not None:
            periods.append(Period(cycle.start_date, cycle.period_length_days, "period_length_days"))
            continue
        # Trackers log some bleeding days, not all: a short run is a lower bound.
        run = bleeding_run(cycle.start_date, bleeding)
        length = max(run, DEFAULT_PERIOD_DAYS) if run else None
        periods.append(Period(cycle.start_date, length, "bleeding logs"))
    timeline = CycleTimeline.from_starts(
        [c.start_date for c in cycles], [c.period_length_days for c in cycles]
    )
    return FlagContext(timeline, periods, dict(by_symptom))
