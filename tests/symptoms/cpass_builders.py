"""Builders of small C-PASS long tables for unit tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from fembalance_ml.symptoms.cpass_grid import POST_DAYS, PRE_DAYS

Ratings = Sequence[float | None]
FLAT = (1.0,) * 7
STRONG = ((5.0,) * 7, FLAT)  # meets every item criterion (range 4 or 5)

# One item from each of the 11 domains, core domains first.
ITEM_PER_DOMAIN = (1, 4, 5, 7, 9, 10, 11, 12, 14, 16, 18)


def cycle_rows(
    subject: int, cycle: int, items: Mapping[int, tuple[Ratings, Ratings]]
) -> list[dict[str, float | None]]:
    """Rows of one cycle: per item, 7 premenstrual then 7 postmenstrual ratings (None = NA)."""
    rows = []
    for item, (pre, post) in items.items():
        for day, score in zip((*PRE_DAYS, *POST_DAYS), (*pre, *post), strict=True):
            rows.append(
                {"subject": subject, "cycle": cycle, "day": day, "item": item, "score": score}
            )
    return rows


def table(*cycles: list[dict[str, float | None]]) -> pd.DataFrame:
    """A long table from several cycles' rows, NA scores as NaN."""
    rows = [row for cycle in cycles for row in cycle]
    return pd.DataFrame(rows).astype({"score": float})


def strong_cycle(subject: int, cycle: int, n_domains: int) -> list[dict[str, float | None]]:
    """A cycle in which exactly `n_domains` domains (core first) meet the PMDD criterion."""
    items = dict.fromkeys(ITEM_PER_DOMAIN[:n_domains], STRONG)
    items.update(dict.fromkeys(ITEM_PER_DOMAIN[n_domains:], (FLAT, FLAT)))
    return cycle_rows(subject, cycle, items)
