"""Where a date falls in a person's cycles: cycle start, cycle day, phase, C-PASS window."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Literal

from fembalance_ml.cycle.phases import (
    DEFAULT_PERIOD_LENGTH,
    OVULATORY_HALF_WIDTH,
    CyclePhase,
    phase_on_cycle_day,
)
from fembalance_ml.symptoms.screen import windows_among

DEFAULT_CYCLE_LENGTH = 28
PLAUSIBLE_CYCLE_DAYS = (15, 60)  # gaps outside this are likely missed logs, not cycles
LUTEAL_PHASE_DAYS = 14  # ovulation is placed this many days before the next onset
PRE_WINDOW_DAYS = 7
POST_WINDOW = (4, 10)  # cycle days of the C-PASS postmenstrual window

Level = Literal["pre", "menstrual", "post"]


# Where a day falls: the start of its cycle, the next start, and its phase.
Placement = tuple[date, date, CyclePhase]


_FIRST_DAY, _LAST_DAY = date.min.toordinal(), date.max.toordinal()


def _median(values: list[int]) -> float:
    """`statistics.median` of a non-empty list of whole numbers, by its own rule (the
    middle value, or the mean of the two middle ones), without its generality."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _day(ordinal: int) -> date:
    """The date of a day number; OverflowError off the calendar, as date arithmetic raises
    (`domain_errors.answers_dates` turns it into a 422)."""
    if not _FIRST_DAY <= ordinal <= _LAST_DAY:
        raise OverflowError("date value out of range")
    return date.fromordinal(ordinal)


@dataclass(frozen=True)
class CycleTimeline:
    """A person's logged period starts, with the next ones projected from their gaps.

    A request asks where the same days fall many times over (the screen, the patterns,
    the flags and the forecast each place its log dates): each day is placed once, then
    read from `_placed`.
    """

    starts: tuple[date, ...]
    period_lengths: tuple[int | None, ...]
    cycle_length: int
    _placed: dict[date, Placement] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    # Derived at construction (a request reads both for every day it places): the median
    # logged period length, and the starts as day numbers (`date.toordinal`).
    _period_length: int = field(init=False, repr=False, compare=False, hash=False)
    # `windows` of each day asked about (the screen and the patterns ask for the same days).
    _windows: dict[date, list[tuple[int, int]]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _ordinals: tuple[int, ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        known = [length for length in self.period_lengths if length is not None]
        period = round(_median(known)) if known else DEFAULT_PERIOD_LENGTH
        object.__setattr__(self, "_period_length", period)
        object.__setattr__(self, "_ordinals", tuple(start.toordinal() for start in self.starts))

    @classmethod
    def from_starts(
        cls, starts: Sequence[date], period_lengths: Sequence[int | None] | None = None
    ) -> CycleTimeline:
        """Sort the starts; the typical length is the median of plausible gaps (else 28)."""
        lengths = list(period_lengths) if period_lengths is not None else [None] * len(starts)
        pairs = sorted(zip(starts, lengths, strict=True))
        ordered = tuple(start for start, _ in pairs)
        gaps = [(b - a).days for a, b in pairwise(ordered)]
        low, high = PLAUSIBLE_CYCLE_DAYS
        plausible = [gap for gap in gaps if low <= gap <= high]
        typical = round(_median(plausible)) if plausible else DEFAULT_CYCLE_LENGTH
        return cls(ordered, tuple(length for _, length in pairs), typical)

    def period_length(self) -> int:
        """The median logged period length, or the default of 5 days."""
        return self._period_length

    def place(self, day: date) -> Placement:
        """(start, next start, phase) of `day`: `cycle_around` and `phase_in`, once a day."""
        found = self._placed.get(day)
        if found is None:
            found = self._placed[day] = self._place(day)
        return found

    def cycle_around(self, day: date) -> tuple[date, date]:
        """The (start, next start) of the cycle holding `day`, projecting beyond the logs."""
        start, following, _ = self.place(day)
        return start, following

    def _place(self, day: date) -> Placement:
        """The cycle holding `day` (logged starts as they are, whole typical cycles
        projected before the first and after the last), then `phase_in` inline
        (phases.phase_on_cycle_day's rules); on day numbers rather than dates and timedeltas
        (a request places some 30 days).
        """
        starts, length = self._ordinals, self.cycle_length
        ordinal = day.toordinal()
        index = bisect_right(starts, ordinal)  # just after the last start on or before `day`
        if index == 0:
            # Whole cycles back from the first start until one begins on or before `day`.
            behind = starts[0] - ordinal
            start = starts[0] - length * -(-behind // length)
            following = start + length
        elif index < len(starts):
            start, following = starts[index - 1], starts[index]
        else:
            start = starts[index - 1]
            start += length * ((ordinal - start) // length)
            following = start + length
        cycle_day = ordinal - start + 1
        if cycle_day <= self._period_length:
            phase = CyclePhase.MENSTRUAL
        else:
            ovulation_day = max(following - start - LUTEAL_PHASE_DAYS, 1)
            if abs(cycle_day - ovulation_day) <= OVULATORY_HALF_WIDTH:
                phase = CyclePhase.OVULATORY
            elif cycle_day < ovulation_day:
                phase = CyclePhase.FOLLICULAR
            else:
                phase = CyclePhase.LUTEAL
        if 0 < index < len(starts):  # between two logged starts: those very dates
            return self.starts[index - 1], self.starts[index], phase
        return _day(start), _day(following), phase

    def windows(self, day: date) -> list[tuple[int, int]]:
        """`screen.windows_among` the logged starts, once a day: (k, C-PASS day) for each
        k-th logged start (from 1) whose windows hold `day`. Treat the list as read-only."""
        found = self._windows.get(day)
        if found is None:
            found = self._windows[day] = windows_among(day.toordinal(), self._ordinals)
        return found

    def next_start_after(self, day: date) -> date:
        """The projected (or logged) onset following `day`."""
        return self.cycle_around(day)[1]

    def phase_in(self, start: date, following: date, day: date) -> CyclePhase:
        """The phase of `day` in the cycle from `start` to `following` (see `phase_of`)."""
        length = (following - start).days
        ovulation_day = max(length - LUTEAL_PHASE_DAYS, 1)
        cycle_day = (day - start).days + 1
        return phase_on_cycle_day(cycle_day, ovulation_day, self.period_length())

    def phase_of(self, day: date) -> CyclePhase:
        """The cycle phase of `day` (cycle/phases.py), ovulation 14 days before onset."""
        return self.place(day)[2]

    def level_of(self, day: date) -> Level:
        """The C-PASS window of `day`, extrapolated by phase outside the two windows."""
        return self.level_and_phase(day)[0]

    def level_and_phase(self, day: date) -> tuple[Level, CyclePhase]:
        """`level_of` and `phase_of` of one day, placing the day in its cycle once."""
        start, following, phase = self.place(day)
        if 1 <= (following - day).days <= PRE_WINDOW_DAYS:
            return "pre", phase
        cycle_day = (day - start).days + 1
        if POST_WINDOW[0] <= cycle_day <= POST_WINDOW[1]:
            return "post", phase
        if phase is CyclePhase.MENSTRUAL:
            return "menstrual", phase
        return ("pre" if phase is CyclePhase.LUTEAL else "post"), phase
