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
    p0, p1, p2, p3, p4, p5 = population
    q0, q1, q2, q3, q4, q5 = person
    return [
        lam * p0 + rest * q0,
        lam * p1 + rest * q1,
        lam * p2 + rest * q2,
        lam * p3 + rest * q3,
        lam * p4 + rest * q4,
        lam * p5 + rest * q5,
    ]


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
    """The posterior predictive distribution over the six ratings (`ordinal.predictive`).

    Unrolled over the six ratings (a request computes a few dozen rows); the weighted row
    is summed left to right, as numpy does."""
    weighted = [0.0] * N_RATINGS  # `_weighted`, inline
    for position, rating, count in cells:
        weighted[rating] += kernel_row[position] * count
    w0, w1, w2, w3, w4, w5 = weighted
    b0, b1, b2, b3, b4, b5 = base
    scale = (((((w0 + w1) + w2) + w3) + w4) + w5) + alpha
    return [
        (w0 + alpha * b0) / scale,
        (w1 + alpha * b1) / scale,
        (w2 + alpha * b2) / scale,
        (w3 + alpha * b3) / scale,
        (w4 + alpha * b4) / scale,
        (w5 + alpha * b5) / scale,
    ]


def summaries(rows: Sequence[Row]) -> tuple[list[float], list[float], list[float]]:
    """(median, mean, P(rating >= 4)) of each row, as `ordinal.summaries` gives them.

    The median counts the cumulative sums below 0.5 (numpy's cumsum: left to right);
    P(rating >= 4) adds the last three ratings."""
    medians, highs = [], []
    for d0, d1, d2, d3, d4, d5 in rows:
        c1 = d0 + d1
        c2 = c1 + d2
        c3 = c2 + d3
        c4 = c3 + d4
        below_half = (d0 < 0.5) + (c1 < 0.5) + (c2 < 0.5) + (c3 < 0.5) + (c4 < 0.5)
        below_half += c4 + d5 < 0.5
        medians.append(float(min(below_half, N_RATINGS - 1) + 1))
        highs.append((d3 + d4) + d5)
    means: list[float] = (np.array(rows, dtype=float) @ _RATINGS).tolist()
    return medians, means, highs
