"""C-PASS (Eisenlohr-Moul et al. 2017) exactly as the `cpass` R package v0.1.0 computes it.

Pure functions over a long table (subject, cycle, day, item, score); see shared/docs/CPASS.md.
Missing ratings are NaN and tri-state flags (TRUE/FALSE/NA in R) are floats 1.0/0.0/NaN.
The computation (`cpass_cycles`, `subject_summary`) is numpy and plain Python; only `cpass`,
which returns the package's four tables, imports pandas (lazily, in cpass_tables).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from fembalance_ml.symptoms.cpass_grid import (
    N_ITEMS,
    N_PRE_DAYS,
    CpassGrid,
    build_grid,
    subject_ranges,
)

if TYPE_CHECKING:
    import pandas as pd

MIN_OBS_DAYS = 4  # rated days per window for an item to be judged
HIGH_SCORE = 4  # "moderate" or worse on the DRSP scale
MIN_HIGH_DAYS = 2  # premenstrual days at HIGH_SCORE or above
MIN_PERCENT_CHANGE = 30.0  # inclusive, plain float64 comparison (CPASS.md section 6)
MISSING_POST_MAX = 4.0  # stands in for an empty post window, so clearance fails
MIN_INCLUDED_DAYS = 4  # days with any rating, per window, for a cycle to count
MIN_DOMAINS = 5  # criterion B and the PME flag
MIN_LABEL_CYCLES = 2
MIN_LABEL_PROPORTION = 0.5

DOMAIN_ITEMS: dict[str, tuple[int, ...]] = {
    "DEPRESSION": (1, 2, 3),
    "ANXIETY": (4,),
    "MOOD LABILITY": (5, 6),
    "ANGER": (7, 8),
    "INTEREST": (9,),
    "CONCENTRATION": (10,),
    "LETHARGY": (11,),
    "APPETITE": (12, 13),
    "SLEEP": (14, 15),
    "OVERWHELM": (16, 17),
    "PHYSICAL": (18, 19, 21),
}
CORE_DOMAINS = ("DEPRESSION", "ANXIETY", "MOOD LABILITY", "ANGER")
DOMAINS = tuple(DOMAIN_ITEMS)

PMDD, MRMD, PME, NO_DIAGNOSIS = "PMDD", "MRMD", "PME", "no diagnosis"


@dataclass(frozen=True)
class ItemLevel:
    """Per cycle x item arrays, shape (n_cycles, 24); flags are 1.0/0.0/NaN."""

    at_least_n_obs: np.ndarray
    max_sev_pre: np.ndarray
    n_days_high_score: np.ndarray
    mean_pre: np.ndarray
    mean_post: np.ndarray
    percent_change: np.ndarray
    max_sev_post: np.ndarray
    meets_pmdd: np.ndarray
    meets_pme: np.ndarray


@dataclass(frozen=True)
class CpassResult:
    """The four tables of the package: items, domains, cycles and subjects."""

    items: pd.DataFrame
    domains: pd.DataFrame
    cycles: pd.DataFrame
    subjects: pd.DataFrame


# Array methods and ufuncs rather than np.sum/np.any wrappers: a request's grid is tiny, so
# the per-call overhead is what costs (the arithmetic is the same, every sum exact).


def _mean(total: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Mean of the present ratings (sum / n, as R's mean gives for small integers)."""
    return np.where(counts > 0, total / np.maximum(counts, 1), np.nan)


def _tri_state(condition: np.ndarray, known: np.ndarray) -> np.ndarray:
    return np.where(known, condition, np.nan)


def item_level(grid: CpassGrid) -> ItemLevel:
    """Item criteria per cycle: observations, severity, 30% change and clearance."""
    scores = grid.scores
    pre, post = scores[:, :N_PRE_DAYS, :], scores[:, N_PRE_DAYS:, :]
    present = ~np.isnan(scores)
    filled = np.where(present, scores, 0.0)
    n_pre, n_post = present[:, :N_PRE_DAYS].sum(axis=1), present[:, N_PRE_DAYS:].sum(axis=1)
    enough = (n_pre >= MIN_OBS_DAYS) & (n_post >= MIN_OBS_DAYS)
    max_pre = np.fmax.reduce(pre, axis=1)
    n_high = (pre >= HIGH_SCORE).sum(axis=1)
    mean_pre = _mean(filled[:, :N_PRE_DAYS].sum(axis=1), n_pre)
    mean_post = _mean(filled[:, N_PRE_DAYS:].sum(axis=1), n_post)
    scale_range = subject_ranges(grid)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        # The package's order of operations; reordering flips subject 158's item 15.
        percent = (mean_pre - mean_post) / scale_range * 100
    max_post = np.where(n_post > 0, np.fmax.reduce(post, axis=1), MISSING_POST_MAX)
    pme = enough & (max_pre >= HIGH_SCORE) & (n_high >= MIN_HIGH_DAYS)
    pme &= percent >= MIN_PERCENT_CHANGE
    pmdd = pme & (max_post < HIGH_SCORE)
    return ItemLevel(
        at_least_n_obs=enough,
        max_sev_pre=max_pre,
        n_days_high_score=n_high,
        mean_pre=mean_pre,
        mean_post=mean_post,
        percent_change=percent,
        max_sev_post=max_post,
        meets_pmdd=_tri_state(pmdd, enough),
        meets_pme=_tri_state(pme, enough),
    )


def _domain_membership() -> np.ndarray:
    """(24, 11): 1.0 where an item belongs to a domain (items 20, 22-24 belong to none)."""
    membership = np.zeros((N_ITEMS, len(DOMAIN_ITEMS)))
    for column, items in enumerate(DOMAIN_ITEMS.values()):
        membership[[item - 1 for item in items], column] = 1.0
    return membership


_MEMBERSHIP = _domain_membership()


def domain_level(item_flags: np.ndarray) -> np.ndarray:
    """(n_cycles, 11) domain flags: any item met, NA items ignored, NA when all are NA."""
    # Counts of met and of known items per domain (small integers: the products are exact).
    met = (item_flags == 1.0).astype(float) @ _MEMBERSHIP > 0
    known = (~np.isnan(item_flags)).astype(float) @ _MEMBERSHIP > 0
    return _tri_state(met, known)


def cycle_included(grid: CpassGrid) -> np.ndarray:
    """Each window has MIN_INCLUDED_DAYS days on which at least one item is rated."""
    rated_day = (~np.isnan(grid.scores)).any(axis=2)
    pre_days = rated_day[:, :N_PRE_DAYS].sum(axis=1)
    post_days = rated_day[:, N_PRE_DAYS:].sum(axis=1)
    return np.asarray((pre_days >= MIN_INCLUDED_DAYS) & (post_days >= MIN_INCLUDED_DAYS))


def criterion_a(included: np.ndarray, domains: np.ndarray) -> np.ndarray:
    """Included and a core domain met; NA when included and every core domain is NA."""
    core = domains[:, : len(CORE_DOMAINS)]
    all_na = np.isnan(core).all(axis=1)
    met = (core == 1.0).any(axis=1)
    return np.where(included, np.where(all_na, np.nan, met), 0.0)


def cycle_diagnosis(a: float, b: bool, pme_flag: bool) -> str:
    """PMDD if A and B, MRMD if A only, PME if not A with the PME flag, else none."""
    if a == 1.0:
        return PMDD if b else MRMD
    if a == 0.0 and pme_flag:
        return PME
    return NO_DIAGNOSIS


@dataclass(frozen=True)
class CpassCycles:
    """Every cycle-level array of one run, rows in grid order."""

    grid: CpassGrid
    items: ItemLevel
    pmdd_domains: np.ndarray  # (n_cycles, 11) tri-state
    pme_domains: np.ndarray  # (n_cycles, 11) tri-state
    included: np.ndarray  # bool
    n_domains: np.ndarray  # int: PMDD domains met
    criterion_a: np.ndarray  # tri-state
    criterion_b: np.ndarray  # bool
    pme_flag: np.ndarray  # bool
    dx: list[str]


def cpass_cycles(grid: CpassGrid) -> CpassCycles:
    """Items, domains, inclusion, criteria and diagnosis of every cycle of the grid."""
    items = item_level(grid)
    pmdd_domains = domain_level(items.meets_pmdd)
    pme_domains = domain_level(items.meets_pme)
    included = cycle_included(grid)
    a = criterion_a(included, pmdd_domains)
    n_domains = (pmdd_domains == 1.0).sum(axis=1)
    b = included & (n_domains >= MIN_DOMAINS)
    pme_flag = included & ((pme_domains == 1.0).sum(axis=1) >= MIN_DOMAINS)
    dx = [
        cycle_diagnosis(*args)
        for args in zip(a.tolist(), b.tolist(), pme_flag.tolist(), strict=True)
    ]
    return CpassCycles(
        grid, items, pmdd_domains, pme_domains, included, n_domains, a, b, pme_flag, dx
    )


def _na(value: float) -> float | None:
    return None if math.isnan(value) else value


def _label(count: float | None, n_cycles: int) -> bool | None:
    """A subject-level label: N >= 2 and N / Ncycles >= 0.5; NA when the count is NA."""
    if count is None:
        return None
    return count >= MIN_LABEL_CYCLES and count / n_cycles >= MIN_LABEL_PROPORTION


def subject_summary(
    included: np.ndarray,
    n_domains: np.ndarray,
    criterion_a: np.ndarray,
    pme_flag: np.ndarray,
    dx: list[str],
) -> dict[str, Any]:
    """Combine one subject's cycles: counts, labels, the final dx (None = NA)."""
    included = np.asarray(included, dtype=bool)
    n_included = int(included.sum())
    countable = n_included > 1
    a_sum = float(np.sum(np.asarray(criterion_a, dtype=float)))  # NaN when any cycle is NA
    n_pmdd = sum(1 for value in dx if value == PMDD) if countable else None
    n_mrmd = _na(a_sum) if countable else None
    n_pme = int(np.sum(pme_flag)) if countable else None
    labels = [(PMDD, _label(n_pmdd, n_included)), (MRMD, _label(n_mrmd, n_included))]
    labels.append((PME, _label(n_pme, n_included)))
    subject_dx: str | None = next((name for name, held in labels if held), NO_DIAGNOSIS)
    if n_included == 1:
        subject_dx = None
    included_domains = np.sum(np.asarray(n_domains) * included)
    return {
        "n_cycles_tot": len(dx),
        "n_cycles": n_included,
        "n_pmdd": n_pmdd,
        "n_mrmd": n_mrmd,
        "n_pme": n_pme,
        "dx": subject_dx,
        "avgdsm5crit": included_domains / n_included if n_included else math.nan,
    }


def cpass(frame: pd.DataFrame) -> CpassResult:
    """Run C-PASS on a long table with columns subject, cycle, day, item, score."""
    # Imported here: cpass_tables reads this module's constants at import time, and it is
    # the only part that needs pandas.
    from fembalance_ml.symptoms.cpass_tables import assemble

    return assemble(cpass_cycles(build_grid(frame)))


__all__ = [
    "N_ITEMS",
    "CpassCycles",
    "CpassResult",
    "ItemLevel",
    "cpass",
    "cpass_cycles",
    "item_level",
    "subject_summary",
]
