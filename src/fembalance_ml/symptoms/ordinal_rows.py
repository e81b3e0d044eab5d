"""The v1.3 forecast's arithmetic for one request, in plain Python on a few numbers.

`ordinal.predict_distributions` and `summaries` are the reference (the fit runs them over
thousands of rows). A request asks for a few dozen (symptom, position) rows of six numbers
each, where numpy's per-call overhead was most of the forecast's cost (issue 24). This
module repeats the same IEEE operations in the same order, so every value is the same
float, not merely close:

- counts are whole numbers, so their sums are exact in any order;
- `einsum("np,npk->nk")` adds kernel x count over positions in increasing order (zero
  terms change nothing), as `_weighted` does over a symptom's sorted cells;
- a row sum over six ratings adds them left to right, as numpy's reduction of fewer than
  eight values does; `cumsum` is left to right by definition;
- the predictive mean (`distribution @ RATINGS`) stays one numpy product over every row,
  since BLAS chooses its own order there.

tests/symptoms/test_ordinal_rows.py compares the two paths on random counts, and the golden
answers compare whole responses.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

N_RATINGS = 6
HIGH_RATING = 4  # P(rating >= 4)
_RATINGS = np.arange(1, N_RATINGS + 1, dtype=float)

Row = list[float]
Counts = dict[int, int]  # cell (position * 6 + rating - 1) -> how many logs
Placed = list[tuple[int, int, float]]  # (position, rating - 1, count) in cell order


def placed(cells: Counts) -> Placed:
    """(position, rating - 1, count) of each cell, in cell order: what `_weighted` reads."""
    return [(*divmod(cell, N_RATINGS), float(cells[cell])) for cell in sorted(cells)]


def _weighted(kernel_row: Sequence[float], cells: Placed) -> Row:
    """Kernel-weighted rating counts of one symptom for one target position.

    In increasing position (the cells are sorted), as einsum adds them."""
    weighted = [0.0] * N_RATINGS
    for position, rating, count in cells:
        weighted[rating] += kernel_row[position] * count
    return weighted


def _row_sum(row: Sequence[float]) -> float:
    """Left to right from 0.0, as numpy adds a row of six."""
    total = 0.0
    for value in row:
        total += value
    return total


def person_rows(
    drsp_counts: Sequence[Sequence[int]], all_items_window: Sequence[Row], beta: float
) -> tuple[Row, Row, Row]:
    """The person's DRSP distribution pre, post and menstrual (`ordinal.person_distribution`)."""
    shrunk = [
        [
            (float(count) + beta * population) / (float(sum(counts)) + beta)
            for count, population in zip(counts, window, strict=True)
        ]
        for counts, window in zip(drsp_counts, all_items_window, strict=True)
    ]
    menstrual = [(pre + post) / 2 for pre, post in zip(shrunk[0], shrunk[1], strict=True)]
    return shrunk[0], shrunk[1], menstrual


def drsp_base(population: Sequence[float], person: Sequence[float], lam: float) -> Row:
    """lam x the population's row + (1 - lam) x the person's row."""
    rest = 1 - lam
    return [lam * p + rest * q for p, q in zip(population, person, strict=True)]


def tracker_base(cells: Counts) -> Row:
    """A tracker symptom's own ratings over every position, with one pseudo-rating spread."""
    by_rating = [0] * N_RATINGS
    for cell, count in cells.items():
        by_rating[cell % N_RATINGS] += count
    overall = [float(count) + 1.0 / N_RATINGS for count in by_rating]
    total = _row_sum(overall)
    return [value / total for value in overall]


def predictive(
    kernel_row: Sequence[float], cells: Placed, base: Sequence[float], alpha: float
) -> Row:
    """The posterior predictive distribution over the six ratings (`ordinal.predictive`)."""
    weighted = _weighted(kernel_row, cells)
    scale = _row_sum(weighted) + alpha
    return [(own + alpha * prior) / scale for own, prior in zip(weighted, base, strict=True)]


def summaries(rows: Sequence[Row]) -> tuple[list[float], list[float], list[float]]:
    """(median, mean, P(rating >= 4)) of each row, as `ordinal.summaries` gives them."""
    medians, highs = [], []
    for row in rows:
        below_half, cumulative = 0, 0.0
        for value in row:
            cumulative += value
            below_half += cumulative < 0.5
        medians.append(float(min(below_half, N_RATINGS - 1) + 1))
        highs.append(_row_sum(row[HIGH_RATING - 1 :]))
    means: list[float] = (np.array(rows, dtype=float) @ _RATINGS).tolist()
    return medians, means, highs
