"""The serving path's shortcuts give what the plain forms give.

`CycleTimeline.place` (each day placed once on day numbers, its phase rules inline) agrees
with the cycle stated on dates and with `phase_in`, which states the phase rules once for
every caller; `CycleTimeline.windows` (on day numbers, kept for the screen and the
patterns) agrees with the C-PASS windows found start by start; a grid of validated logs
built with one assignment (`checked`) is the grid built rating by rating.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import date, timedelta

import numpy as np

from fembalance_ml.symptoms.cpass_grid import WINDOW_DAYS, grid_from_rows
from fembalance_ml.symptoms.schemas import SymptomRequest
from fembalance_ml.symptoms.screen import cpass_rows
from fembalance_ml.symptoms.timeline import CycleTimeline
from tests.symptoms.golden_corpus import corpus


def cycle_on_dates(timeline: CycleTimeline, day: date) -> tuple[date, date]:
    """(start, next start) of the cycle holding `day`, on dates and timedeltas: logged
    starts as they are, projected by whole typical cycles before the first and after the
    last."""
    starts, length = timeline.starts, timeline.cycle_length
    first = starts[0]
    if day < first:
        behind = (first - day).days
        start = first - timedelta(days=length * -(-behind // length))
        return start, start + timedelta(days=length)
    index = bisect_right(starts, day)
    start = starts[index - 1]
    if index < len(starts):
        return start, starts[index]
    start += timedelta(days=length * ((day - start).days // length))
    return start, start + timedelta(days=length)


def windows_start_by_start(day: date, starts: tuple[date, ...]) -> list[tuple[int, int]]:
    """(k, C-PASS day) for every k-th start (from 1) whose windows hold `day`: the offset
    plus 1 from the onset on (day 1), the offset before it, kept in the C-PASS windows."""
    found = []
    for k, start in enumerate(starts, 1):
        offset = (day - start).days
        relative = offset + 1 if offset >= 0 else offset
        if relative in WINDOW_DAYS:
            found.append((k, relative))
    return found


def test_each_day_is_placed_as_cycle_around_and_phase_in_place_it() -> None:
    rng = random.Random(5)
    for _ in range(300):
        first = date(2025, 1, 1) + timedelta(days=rng.randint(0, 300))
        starts = [first]
        for _ in range(rng.randint(0, 8)):
            starts.append(starts[-1] + timedelta(days=rng.randint(10, 70)))
        lengths = [rng.choice([None, 2, 5, 7, 12]) for _ in starts]
        timeline = CycleTimeline.from_starts(starts, lengths)
        fresh = CycleTimeline.from_starts(starts, lengths)
        for offset in range(-100, (starts[-1] - first).days + 120, 3):
            day = first + timedelta(days=offset)
            start, following, phase = timeline.place(day)
            assert (start, following) == cycle_on_dates(fresh, day)
            assert phase is fresh.phase_in(start, following, day)
            assert timeline.phase_of(day) is phase
            assert timeline.place(day) is timeline.place(day)  # placed once


def test_a_timelines_windows_are_windows_of_its_starts() -> None:
    rng = random.Random(6)
    for _ in range(300):
        first = date(1900, 1, 1) + timedelta(days=rng.randint(0, 110_000))
        starts = [first]
        for _ in range(rng.randint(0, 6)):
            starts.append(starts[-1] + timedelta(days=rng.randint(1, 60)))
        timeline = CycleTimeline.from_starts(starts)
        for offset in range(-30, (starts[-1] - first).days + 30):
            day = first + timedelta(days=offset)
            assert timeline.windows(day) == windows_start_by_start(day, timeline.starts)
        assert timeline.windows(first) is timeline.windows(first)  # computed once


def test_screen_rows_from_the_timelines_windows_are_the_same() -> None:
    compared = 0
    for body in corpus(12, 300):
        try:
            request = SymptomRequest.model_validate(body)
        except ValueError:
            continue
        starts = [cycle.start_date for cycle in request.cycles]
        timeline = CycleTimeline.from_starts(starts)
        rows = cpass_rows(timeline.starts, request.logs, timeline.windows)
        assert rows == cpass_rows(starts, request.logs)
        compared += bool(rows)
    assert compared > 50


def test_a_checked_grid_is_the_grid_built_rating_by_rating() -> None:
    built = 0
    for body in corpus(11, 400):
        try:
            request = SymptomRequest.model_validate(body)
        except ValueError:
            continue
        rows = cpass_rows([cycle.start_date for cycle in request.cycles], request.logs)
        fast, slow = grid_from_rows(rows, checked=True), grid_from_rows(rows)
        assert np.array_equal(fast.subjects, slow.subjects)
        assert np.array_equal(fast.cycles, slow.cycles)
        assert np.array_equal(fast.scores, slow.scores, equal_nan=True)
        built += bool(rows)
    assert built > 100
