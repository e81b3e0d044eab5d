"""C-PASS (Eisenlohr-Moul et al. 2017) exactly as the `cpass` R package v0.1.0 computes it.

Pure functions over a long table (subject, cycle, day, item, score); see shared/docs/CPASS.md.
Missing ratings are NaN and tri-state flags (TRUE/FALSE/NA in R) are floats 1.0/0.0/NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fembalance_ml.symptoms.cpass_grid import (
    N_ITEMS,
    N_PRE_DAYS,
    CpassGrid,
    build_grid,
    subject_ranges,
)

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


def _count(values: np.ndarray) -> np.ndarray:
    return np.asarray(np.sum(~np.isnan(values), axis=1))


def _mean(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Mean of the present ratings (sum / n, as R's mean gives for small integers)."""
    total = np.nansum(values, axis=1)
    safe = np.where(counts > 0, counts, 1)
    return np.where(counts > 0, total / safe, np.nan)


def _tri_state(condition: np.ndarray, known: np.ndarray) -> np.ndarray:
    return np.where(known, condition.astype(float), np.nan)


def item_level(grid: CpassGrid) -> ItemLevel:
    """Item criteria per cycle: observations, severity, 30% change and clearance."""
    pre, post = grid.scores[:, :N_PRE_DAYS, :], grid.scores[:, N_PRE_DAYS:, :]
    n_pre, n_post = _count(pre), _count(post)
    enough = (n_pre >= MIN_OBS_DAYS) & (n_post >= MIN_OBS_DAYS)
    max_pre = np.fmax.reduce(pre, axis=1)
    n_high = np.sum(pre >= HIGH_SCORE, axis=1)
    mean_pre, mean_post = _mean(pre, n_pre), _mean(post, n_post)
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


def domain_level(item_flags: np.ndarray) -> np.ndarray:
    """(n_cycles, 11) domain flags: any item met, NA items ignored, NA when all are NA."""
    columns = []
    for items in DOMAIN_ITEMS.values():
        flags = item_flags[:, [item - 1 for item in items]]
        known = ~np.all(np.isnan(flags), axis=1)
        columns.append(_tri_state(np.any(flags == 1.0, axis=1), known))
    return np.column_stack(columns)


def cycle_included(grid: CpassGrid) -> np.ndarray:
    """Each window has MIN_INCLUDED_DAYS days on which at least one item is rated."""
    rated_day = np.any(~np.isnan(grid.scores), axis=2)
    pre_days = rated_day[:, :N_PRE_DAYS].sum(axis=1)
    post_days = rated_day[:, N_PRE_DAYS:].sum(axis=1)
    return np.asarray((pre_days >= MIN_INCLUDED_DAYS) & (post_days >= MIN_INCLUDED_DAYS))


def criterion_a(included: np.ndarray, domains: np.ndarray) -> np.ndarray:
    """Included and a core domain met; NA when included and every core domain is NA."""
    core = domains[:, : len(CORE_DOMAINS)]
    all_na = np.all(np.isnan(core), axis=1)
    met = np.any(core == 1.0, axis=1)
    return np.where(~included, 0.0, np.where(all_na, np.nan, met.astype(float)))


def cycle_diagnosis(a: float, b: bool, pme_flag: bool) -> str:
    """PMDD if A and B, MRMD if A only, PME if not A with the PME flag, else none."""
    if a == 1.0:
        return PMDD if b else MRMD
    if a == 0.0 and pme_flag:
        return PME
    return NO_DIAGNOSIS


def cpass(frame: pd.DataFrame) -> CpassResult:
    """Run C-PASS on a long table with columns subject, cycle, day, item, score."""
    # Imported here: cpass_tables reads this module's constants at import time.
    from fembalance_ml.symptoms.cpass_tables import assemble

    grid = build_grid(frame)
    items = item_level(grid)
    pmdd_domains = domain_level(items.meets_pmdd)
    pme_domains = domain_level(items.meets_pme)
    included = cycle_included(grid)
    a = criterion_a(included, pmdd_domains)
    n_domains = np.sum(pmdd_domains == 1.0, axis=1)
    b = included & (n_domains >= MIN_DOMAINS)
    pme_flag = included & (np.sum(pme_domains == 1.0, axis=1) >= MIN_DOMAINS)
    dx = [cycle_diagnosis(*args) for args in zip(a, b, pme_flag, strict=True)]
    return assemble(grid, items, pmdd_domains, pme_domains, included, a, b, pme_flag, dx)


__all__ = ["N_ITEMS", "CpassResult", "ItemLevel", "cpass", "item_level"]
