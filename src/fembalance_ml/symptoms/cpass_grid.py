"""The C-PASS input grid: every (subject, cycle) gets 14 window days x 24 items, NaN if unrated.

Built from plain rows (subject, cycle, day, item, score) with numpy only, so the serving path
never imports pandas; `build_grid` accepts a long pandas table for the training side and the
R-reference tests, and turns it into the same rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

PRE_DAYS = tuple(range(-7, 0))  # the 7 days before menses onset
POST_DAYS = tuple(range(4, 11))  # days 4..10, onset being day 1
WINDOW_DAYS = PRE_DAYS + POST_DAYS
N_PRE_DAYS = len(PRE_DAYS)
N_ITEMS = 24
SCORE_MIN, SCORE_MAX = 1, 6
REQUIRED_COLUMNS = ("subject", "cycle", "day", "item", "score")
_DAY_INDEX: dict[float, int] = {day: index for index, day in enumerate(WINDOW_DAYS)}

Row = tuple[Any, Any, float, float, float]


@dataclass(frozen=True)
class CpassGrid:
    """Scores (n_cycles, 14, 24) with the subject and cycle of each row."""

    subjects: np.ndarray
    cycles: np.ndarray
    scores: np.ndarray


def _is_integer(value: float) -> bool:
    return not math.isnan(value) and value == round(value)


def _check(rows: Sequence[Row]) -> None:
    """Refuse what the package refuses: scores outside 1-6, items outside 1-24, day 0."""
    for _, _, day, item, score in rows:
        if not math.isnan(score) and not (SCORE_MIN <= score <= SCORE_MAX and _is_integer(score)):
            raise ValueError("C-PASS scores must be integers from 1 to 6")
        if not (_is_integer(item) and 1 <= item <= N_ITEMS):
            raise ValueError("C-PASS items must be integers from 1 to 24")
        if day == 0:
            raise ValueError("C-PASS day 0 does not exist: -1 is the day before onset, 1 is onset")


def grid_from_rows(rows: Iterable[Row], *, checked: bool = False) -> CpassGrid:
    """Place ratings on the window grid; rows outside both windows or unrated are dropped.

    Every (subject, cycle) present in `rows` gets a grid row, sorted by subject then cycle.
    `checked`: the rows come from validated input (scores 1-6, items 1-24, no day 0, no
    two ratings of one item on one day: screen.cpass_rows of validated logs), so the
    package's refusals need not run again and the ratings go in with one assignment.
    """
    rows = list(rows)
    if not checked:
        _check(rows)
    keys = sorted({(subject, cycle) for subject, cycle, _, _, _ in rows})
    row_of = {key: index for index, key in enumerate(keys)}
    scores = np.full((len(keys), len(WINDOW_DAYS), N_ITEMS), np.nan)
    if checked:
        placed = [
            (row_of[(subject, cycle)], column, int(item) - 1, score)
            for subject, cycle, day, item, score in rows
            if (column := _DAY_INDEX.get(day)) is not None and not math.isnan(score)
        ]
        if placed:
            grid_rows, columns, items, values = zip(*placed, strict=True)
            scores[list(grid_rows), list(columns), list(items)] = values
        return _grid(keys, scores)
    seen: set[tuple[object, object, int, int]] = set()
    for subject, cycle, day, item, score in rows:
        column = _DAY_INDEX.get(day)  # float keys match: -7.0 -> -7; -7.5 and NaN miss
        if column is None or math.isnan(score):
            continue
        cell = (subject, cycle, int(day), int(item))
        if cell in seen:
            raise ValueError(f"two ratings for subject {subject}, cycle {cycle}, {cell[2:]}")
        seen.add(cell)
        scores[row_of[(subject, cycle)], column, int(item) - 1] = float(score)
    return _grid(keys, scores)


def _grid(keys: list[tuple[Any, Any]], scores: np.ndarray) -> CpassGrid:
    subjects = np.array([subject for subject, _ in keys])
    cycles = np.array([cycle for _, cycle in keys])
    return CpassGrid(subjects, cycles, scores)


def build_grid(frame: pd.DataFrame) -> CpassGrid:
    """The grid of a long table with columns subject, cycle, day, item, score."""
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"C-PASS input lacks columns {missing}")
    subjects, cycles = frame["subject"].tolist(), frame["cycle"].tolist()
    days, items, scores = (
        frame[name].to_numpy(dtype=float).tolist() for name in REQUIRED_COLUMNS[2:]
    )
    return grid_from_rows(zip(subjects, cycles, days, items, scores, strict=True))


def subject_ranges(grid: CpassGrid) -> np.ndarray:
    """Per row, the subject's highest retained score minus 1 (all cycles, windows, items)."""
    per_row_max = np.fmax.reduce(grid.scores.reshape(len(grid.subjects), -1), axis=1)
    if len(grid.subjects) and np.all(grid.subjects == grid.subjects[0]):
        return np.full(len(grid.subjects), np.fmax.reduce(per_row_max) - 1)
    ranges = np.empty(len(grid.subjects))
    for subject in np.unique(grid.subjects):
        rows = grid.subjects == subject
        ranges[rows] = np.fmax.reduce(per_row_max[rows]) - 1
    return ranges
