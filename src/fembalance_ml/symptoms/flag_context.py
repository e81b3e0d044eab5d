"""What the red-flag rules read: a person's logs by symptom, her periods, and her situation.

Bleeding is read against the person's situation once, here: bleeding in the 6 weeks after a
birth is lochia, bleeding once pregnant is bleeding in pregnancy, and bleeding after a
stated menopause is post-menopausal. Each has a rule of its own, so none of them counts as
a period, or as bleeding between periods, for the menstrual pattern rules.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, TypeVar

from fembalance_ml.clinical.bleeding import lochia
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.symptoms.schemas import CycleStart, SymptomLog
from fembalance_ml.symptoms.timeline import CycleTimeline

PRESENT = 2  # DRSP 1 is "not at all", so 2 (minimal) or more means the symptom was there
BLEEDING_SYMPTOMS = ("heavy_bleeding", "spotting", "clots_flooding")
DEFAULT_PERIOD_DAYS = 5
GRACE_DAYS = 1  # tail spotting the day after a period ends still belongs to it
LATE_DAYS = 7  # a period 7 or more days after its projected start is late
RECENT_PREGNANCY_DAYS = 14  # pregnant without a start date: the last 14 days count

Explained = Literal["lochia", "pregnancy", "menopause"]
T = TypeVar("T")


@dataclass(frozen=True)
class Period:
    """One logged period: its start and how long it lasted, if known."""

    start: date
    length: int | None
    length_source: str


@dataclass
class FlagContext:
    """Logs by symptom, the timeline, the periods and the situation, built once per request."""

    timeline: CycleTimeline
    periods: list[Period]
    situation: Situation
    by_symptom: dict[str, dict[date, int]] = field(default_factory=dict)
    # What several rules ask for, computed once a request (see `memo`).
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    # `days` by (symptoms, minimum) of logged symptoms: asked some 35 times a request, so
    # kept apart from `memo` and its key tuple; and the periods' starts, for `period_of`.
    _days: dict[tuple[tuple[str, ...], int], tuple[date, ...]] = field(
        default_factory=dict, repr=False
    )
    _period_starts: list[date] | None = field(default=None, repr=False)

    @property
    def as_of(self) -> date:
        """The day the analysis is made for."""
        return self.situation.as_of

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()` once for this request; the same value for every later `key`."""
        if key not in self._memo:
            self._memo[key] = compute()
        found: T = self._memo[key]
        return found

    def ratings(self, symptom: str, minimum: int = PRESENT) -> list[tuple[date, int]]:
        """(date, severity) of a symptom rated at `minimum` or more, in date order."""
        found = self.by_symptom.get(symptom)
        if not found:
            return []
        return sorted((day, level) for day, level in found.items() if level >= minimum)

    def days(self, symptoms: Sequence[str], minimum: int = PRESENT) -> list[date]:
        """The days any of `symptoms` was rated at `minimum` or more, in date order.

        Most rules ask about symptoms a request never logs: that answer needs no key.
        """
        by_symptom = self.by_symptom
        for symptom in symptoms:  # a plain loop: no list built for the usual answer
            if symptom in by_symptom:
                break
        else:
            return []
        key = (tuple(symptoms), minimum)
        found = self._days.get(key)
        if found is None:
            logged = [by_symptom[s] for s in symptoms if s in by_symptom]
            found = self._days[key] = tuple(
                sorted({d for ratings in logged for d, v in ratings.items() if v >= minimum})
            )
        return list(found)

    def cycle_days(self, symptoms: Sequence[str], minimum: int = PRESENT) -> list[date]:
        """`days`, leaving out those another rule explains (lochia, pregnancy, menopause)."""
        return [day for day in self.days(symptoms, minimum) if explained(day, self) is None]

    def period_of(self, day: date) -> Period | None:
        """The logged period whose cycle holds `day` (None before the first start)."""
        starts = self._period_starts
        if starts is None:
            starts = self._period_starts = [period.start for period in self.periods]
        index = bisect_right(starts, day)
        return self.periods[index - 1] if index else None

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
        period = self.period_of(day)
        if period is None:
            return False
        return (day - period.start).days + 1 <= (period.length or DEFAULT_PERIOD_DAYS)

    def days_to_next_start(self, day: date) -> int:
        """Days from `day` to the next logged or projected onset."""
        return (self.timeline.next_start_after(day) - day).days

    def late(self) -> tuple[date, int] | None:
        """(projected start, days late) when no start was logged 7+ days after it was due."""
        due = self.timeline.starts[-1] + timedelta(days=self.timeline.cycle_length)
        days_late = (self.as_of - due).days
        return (due, days_late) if days_late >= LATE_DAYS else None

    def pregnancy_from(self) -> date | None:
        """The first day bleeding or pain counts as in pregnancy (None: not pregnant).

        After the period that began the pregnancy (its logged length, else 5 days, and the
        day after); without a start date, the last 14 days.
        """
        return self.memo("pregnancy_from", self._pregnancy_from)

    def _pregnancy_from(self) -> date | None:
        situation = self.situation
        if not situation.pregnant:
            return None
        start = situation.context.pregnancy_start_date
        if start is None:
            return self.as_of - timedelta(days=RECENT_PREGNANCY_DAYS)
        period = self.period_of(start + timedelta(days=GRACE_DAYS))
        length = DEFAULT_PERIOD_DAYS
        if period is not None and abs((period.start - start).days) <= GRACE_DAYS:
            length = period.length or DEFAULT_PERIOD_DAYS
        return start + timedelta(days=length + GRACE_DAYS)


def explained(day: date, ctx: FlagContext) -> Explained | None:
    """What explains bleeding on `day` other than a menstrual cycle, if anything."""
    situation = ctx.situation
    if lochia(day, situation):
        return "lochia"
    pregnant_from = ctx.pregnancy_from()
    if pregnant_from is not None and day >= pregnant_from:
        return "pregnancy"
    if situation.postmenopausal:
        since = situation.context.menopause_date
        if since is None or day > since:
            return "menopause"
    return None


def bleeding_run(start: date, bleeding_days: set[date]) -> int:
    """Consecutive days with a bleeding log from `start` on (0 if none on the start day)."""
    length = 0
    while start + timedelta(days=length) in bleeding_days:
        length += 1
    return length


def build_context(
    cycles: Sequence[CycleStart],
    logs: Sequence[SymptomLog],
    situation: Situation,
    timeline: CycleTimeline | None = None,
) -> FlagContext:
    """Index the logs and measure each period from period_length_days or bleeding logs.

    `timeline`: the cycles' own, when the caller has built it (it places each day once).
    """
    by_symptom: dict[str, dict[date, int]] = defaultdict(dict)
    for log in logs:
        by_symptom[log.symptom][log.date] = log.severity
    if timeline is None:
        timeline = CycleTimeline.from_starts(
            [c.start_date for c in cycles], [c.period_length_days for c in cycles]
        )
    ctx = FlagContext(timeline, [], situation, dict(by_symptom))
    bleeding = set(ctx.days(BLEEDING_SYMPTOMS))
    for cycle in sorted(cycles, key=lambda c: c.start_date):
        # Trackers log some bleeding days, not all: a short run is a lower bound. A run
        # longer than the stated length is what happened (a 13-day run stated as 5 days
        # is a 13-day bleed, not 5 days of period and 8 of bleeding between periods).
        run = bleeding_run(cycle.start_date, bleeding)
        stated = cycle.period_length_days
        if stated is not None and stated >= run:
            period = Period(cycle.start_date, stated, "period_length_days")
        else:
            period = Period(
                cycle.start_date, max(run, DEFAULT_PERIOD_DAYS) if run else None, "bleeding logs"
            )
        ctx.periods.append(period)
    # Starts that another rule explains (a bleed in pregnancy, lochia) are not periods.
    ctx.periods[:] = [p for p in ctx.periods if explained(p.start, ctx) is None]
    # Nothing computed before the periods were final is kept.
    ctx._memo.clear()
    ctx._days.clear()
    ctx._period_starts = None
    return ctx
