"""The C-PASS input grid: every (subject, cycle) gets 14 window days x 24 items, NaN if unrated."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PRE_DAYS = tuple(range(-7, 0))  # the 7 days before menses onset
POST_DAYS = tuple(range(4, 11))  # days 4..10, onset being day 1
WINDOW_DAYS = PRE_DAYS + POST_DAYS
N_PRE_DAYS = len(PRE_DAYS)
N_ITEMS = 24
SCORE_MIN, SCORE_MAX = 1, 6
REQUIRED_COLUMNS = ("subject", "cycle", "day", "item", "score")
_DAY_INDEX = {day: index for index, day in enumerate(WINDOW_DAYS)}


@dataclass(frozen=True)
class CpassGrid:
    """Scores (n_cycles, 14, 24) with the subject and cycle of each row."""

    subjects: np.ndarray
    cycles: np.ndarray
    scores: np.ndarray


def _check(frame: pd.DataFrame) -> None:
    """Refuse what the package refuses: scores outside 1-6, items outside 1-24, day 0."""
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"C-PASS input lacks columns {missing}")
    scores = frame["score"].dropna().to_numpy(dtype=float)
    if np.any((scores < SCORE_MIN) | (scores > SCORE_MAX) | (scores != np.round(scores))):
        raise ValueError("C-PASS scores must be integers from 1 to 6")
    items = frame["item"].to_numpy(dtype=float)
    if np.any((items < 1) | (items > N_ITEMS) | (items != np.round(items))):
        raise ValueError("C-PASS items must be integers from 1 to 24")
    if np.any(frame["day"].to_numpy(dtype=float) == 0):
        raise ValueError("C-PASS day 0 does not exist: -1 is the day before onset, 1 is onset")


def build_grid(frame: pd.DataFrame) -> CpassGrid:
    """Place ratings on the window grid; rows outside both windows are dropped."""
    _check(frame)
    keys = frame[["subject", "cycle"]].drop_duplicates().sort_values(["subject", "cycle"])
    subjects, cycles = keys["subject"].to_numpy(), keys["cycle"].to_numpy()
    row_of = {key: row for row, key in enumerate(zip(subjects, cycles, strict=True))}
    scores = np.full((len(row_of), len(WINDOW_DAYS), N_ITEMS), np.nan)
    kept = frame[frame["day"].isin(WINDOW_DAYS) & frame["score"].notna()]
    seen: set[tuple[object, object, int, int]] = set()
    for subject, cycle, day, item, score in kept[list(REQUIRED_COLUMNS)].itertuples(index=False):
        cell = (subject, cycle, int(day), int(item))
        if cell in seen:
            raise ValueError(f"two ratings for subject {subject}, cycle {cycle}, {cell[2:]}")
        seen.add(cell)
        scores[row_of[(subject, cycle)], _DAY_INDEX[int(day)], int(item) - 1] = float(score)
    return CpassGrid(subjects, cycles, scores)


def subject_ranges(grid: CpassGrid) -> np.ndarray:
    """Per row, the subject's highest retained score minus 1 (all cycles, windows, items)."""
    per_row_max = np.fmax.reduce(grid.scores.reshape(len(grid.subjects), -1), axis=1)
    ranges = np.empty(len(grid.subjects))
    for subject in np.unique(grid.subjects):
        rows = grid.subjects == subject
        ranges[rows] = np.fmax.reduce(per_row_max[rows]) - 1
    return ranges
