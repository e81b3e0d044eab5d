"""Fit the forecast's population prior on DRSP data: level means and shrinkage strength.

Each DRSP item has a population level in the premenstrual window (days -7..-1) and in the
postmenstrual window (days 4..10). How far a person's own mean may pull away from it is an
empirical-Bayes prior strength k = sigma2_within / tau2_between (one-way random-effects
ANOVA by person, method of moments), pooled over the 24 items per window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the fit works on pandas tables; the served model never imports pandas
    import pandas as pd

from fembalance_ml.symptoms.cpass_grid import N_ITEMS

LEVELS = ("pre", "post")
HIGH_SEVERITY = 4  # "moderate" or worse, the C-PASS high-score level
STRENGTH_BOUNDS = (0.5, 200.0)


@dataclass(frozen=True)
class PopulationPrior:
    """Population level per item x window, and the prior strength per window."""

    mean: np.ndarray  # (24, 2): mean severity, columns in LEVELS order
    high: np.ndarray  # (24, 2): share of ratings >= HIGH_SEVERITY
    strength_mean: np.ndarray  # (2,): k for the severity mean
    strength_high: np.ndarray  # (2,): k for the probability of a high rating


def rated(frame: pd.DataFrame) -> pd.DataFrame:
    """The present ratings with their window ('pre' before onset, 'post' after it)."""
    present = frame[frame["score"].notna()].copy()
    present["level"] = np.where(present["day"] < 0, "pre", "post")
    present["high"] = (present["score"] >= HIGH_SEVERITY).astype(float)
    return present


def variance_components(values: pd.Series, groups: pd.Series) -> tuple[float, float]:
    """(within, between) variances of `values` grouped by person, method of moments."""
    stats = values.groupby(groups).agg(["count", "mean", "var"])
    stats = stats[stats["count"] > 0]
    n, total = stats["count"].to_numpy(float), float(stats["count"].sum())
    n_groups = len(stats)
    if n_groups < 2 or total <= n_groups:
        return float("nan"), float("nan")
    within = float(np.nansum((n - 1) * stats["var"].to_numpy(float)) / (total - n_groups))
    grand = float(values.mean())
    between_ms = float(np.sum(n * (stats["mean"].to_numpy(float) - grand) ** 2) / (n_groups - 1))
    n0 = (total - float(np.sum(n**2)) / total) / (n_groups - 1)
    return within, max((between_ms - within) / n0, 0.0)


def prior_strength(ratings: pd.DataFrame, column: str, level: str) -> float:
    """k = mean within-person variance / mean between-person variance over the 24 items."""
    subset = ratings[ratings["level"] == level]
    parts = [
        variance_components(group[column], group["subject"]) for _, group in subset.groupby("item")
    ]
    within = np.nanmean([part[0] for part in parts])
    between = np.nanmean([part[1] for part in parts])
    low, high = STRENGTH_BOUNDS
    if not between > 0:
        return high
    return float(np.clip(within / between, low, high))


def fit_prior(frame: pd.DataFrame) -> PopulationPrior:
    """Population means, high-rating shares and prior strengths from a long DRSP table."""
    ratings = rated(frame)
    mean = np.full((N_ITEMS, len(LEVELS)), np.nan)
    high = np.full((N_ITEMS, len(LEVELS)), np.nan)
    for column, level in enumerate(LEVELS):
        by_item = ratings[ratings["level"] == level].groupby("item")
        mean[by_item["score"].mean().index - 1, column] = by_item["score"].mean().to_numpy()
        high[by_item["high"].mean().index - 1, column] = by_item["high"].mean().to_numpy()
    return PopulationPrior(
        mean=mean,
        high=high,
        strength_mean=np.array([prior_strength(ratings, "score", lv) for lv in LEVELS]),
        strength_high=np.array([prior_strength(ratings, "high", lv) for lv in LEVELS]),
    )


def shrink(own_total: float, own_n: int, prior: float, strength: float) -> float:
    """Posterior mean: the person's mean pulled toward the prior by k pseudo-observations."""
    return (own_total + strength * prior) / (own_n + strength)
