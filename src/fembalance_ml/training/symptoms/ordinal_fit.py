"""Fit and evaluate the v1.3 forecast (ordinal.py) on the DRSP data, leave one cycle out.

Population tables are counts of the training people's ratings. The four hyperparameters
are chosen from a small grid by leave-one-cycle-out log likelihood of the full six-rating
distribution over the training people only. The evaluation repeats that whole fit for
each held-out person (tables and hyperparameters from the other people), with the
person's other cycles as history, so neither the held-out cycle nor its person informs
anything but the history the service would also see.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from fembalance_ml.symptoms.ordinal import (
    HIGH_RATING,
    N_ITEMS,
    N_POSITIONS,
    N_RATINGS,
    WINDOW_OF,
    WINDOW_POSITIONS,
    Hyperparameters,
    OrdinalForecastModel,
    OrdinalTables,
    predict_distributions,
    summaries,
)

if TYPE_CHECKING:
    import pandas as pd

GRID = {
    "alpha": (8.0, 16.0, 32.0),
    "lam": (0.2, 0.4, 0.6, 0.8),
    "beta": (20.0, 50.0, 200.0),
    "tau": (1.0, 3.0, 9.0),
}
DAY_SMOOTHING = 2.0  # pseudo-ratings of the item's window distribution in each day's
PROBABILITY_CLIP = 1e-6
_DAY_POSITION = {day: index for index, day in enumerate([*range(-7, 0), *range(4, 11)])}


@dataclass(frozen=True)
class Ratings:
    """The present DRSP ratings as arrays: person, cycle, 0-based item, position, rating."""

    subject: np.ndarray
    cycle: np.ndarray
    item: np.ndarray
    position: np.ndarray
    score: np.ndarray

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Ratings:
        """From the long table of dataset.load_cpass_data (NaN scores dropped)."""
        rated = frame[frame["score"].notna()]
        return cls(
            rated["subject"].to_numpy(int),
            rated["cycle"].to_numpy(int),
            rated["item"].to_numpy(int) - 1,
            np.array([_DAY_POSITION[int(day)] for day in rated["day"]]),
            rated["score"].to_numpy(int),
        )

    def subset(self, mask: np.ndarray) -> Ratings:
        """The ratings where `mask` holds."""
        return Ratings(*(values[mask] for values in vars(self).values()))


def fit_tables(ratings: Ratings) -> OrdinalTables:
    """Population distributions of each item by window day and window, and over all items."""
    counts = np.zeros((N_ITEMS, WINDOW_POSITIONS, N_RATINGS))
    np.add.at(counts, (ratings.item, ratings.position, ratings.score - 1), 1.0)
    window = np.stack([counts[:, :7].sum(axis=1), counts[:, 7:].sum(axis=1)], axis=1)
    item_window = window + 1.0 / N_RATINGS  # one pseudo-rating, spread evenly
    item_window /= item_window.sum(axis=2, keepdims=True)
    item_day = counts + DAY_SMOOTHING * item_window[:, WINDOW_OF[:WINDOW_POSITIONS]]
    item_day /= item_day.sum(axis=2, keepdims=True)
    all_items = window.sum(axis=0) + 1.0 / N_RATINGS
    return OrdinalTables(item_day, item_window, all_items / all_items.sum(axis=1, keepdims=True))


@dataclass(frozen=True)
class Fold:
    """One held-out cycle: its ratings to predict and the person's other cycles as counts."""

    subject: int
    cycle: int
    target: Ratings
    own: np.ndarray  # (24, 17, 6) counts of the history by item and position
    drsp_by_window: np.ndarray  # (2, 6)


def folds(ratings: Ratings) -> Iterator[Fold]:
    """Every cycle of every person with 2+ cycles, history = the person's other cycles."""
    for subject in np.unique(ratings.subject):
        mine = ratings.subset(ratings.subject == subject)
        cycles = np.unique(mine.cycle)
        if len(cycles) < 2:
            continue
        for cycle in cycles:
            history = mine.subset(mine.cycle != cycle)
            own = np.zeros((N_ITEMS, N_POSITIONS, N_RATINGS))
            np.add.at(own, (history.item, history.position, history.score - 1), 1.0)
            drsp = np.zeros((2, N_RATINGS))
            np.add.at(drsp, (WINDOW_OF[history.position], history.score - 1), 1.0)
            target = mine.subset(mine.cycle == cycle)
            yield Fold(int(subject), int(cycle), target, own, drsp)


def fold_distributions(tables: OrdinalTables, hyper: Hyperparameters, fold: Fold) -> np.ndarray:
    """(n, 6) predictive distributions of every rating of the held-out cycle."""
    target = fold.target
    return predict_distributions(
        tables,
        hyper,
        fold.own[target.item],
        target.item,
        target.position,
        fold.drsp_by_window,
    )


def select_hyperparameters(ratings: Ratings) -> tuple[Hyperparameters, float]:
    """The grid point with the best mean held-out-cycle log likelihood, and that value.

    Each inner fold's tables leave its person out, as the outer evaluation does.
    """
    inner = list(folds(ratings))
    tables = {
        subject: fit_tables(ratings.subset(ratings.subject != subject))
        for subject in {fold.subject for fold in inner}
    }
    best: tuple[float, Hyperparameters] | None = None
    for values in itertools.product(*GRID.values()):
        hyper = Hyperparameters(*values)
        scores = []
        for fold in inner:
            p = fold_distributions(tables[fold.subject], hyper, fold)
            chosen = p[np.arange(len(p)), fold.target.score - 1]
            scores.append(float(np.mean(np.log(chosen))))
        mean = float(np.mean(scores))
        if best is None or mean > best[0]:
            best = (mean, hyper)
    assert best is not None
    return best[1], best[0]


def fit_model(ratings: Ratings) -> tuple[OrdinalForecastModel, float]:
    """Tables from every rating and hyperparameters by inner leave-one-cycle-out."""
    hyper, log_likelihood = select_hyperparameters(ratings)
    return OrdinalForecastModel(fit_tables(ratings), hyper), log_likelihood


def _log_loss(probability: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    p = np.clip(probability, PROBABILITY_CLIP, 1 - PROBABILITY_CLIP)
    return np.asarray(-(outcome * np.log(p) + (1 - outcome) * np.log(1 - p)))


def baselines(train: Ratings, fold: Fold) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(point, P(rating >= 4)) of the population mean and the person's own mean.

    As in v1.2.0 (forecast_eval.py): the item's mean and high share in the window over the
    training people; the person's own item-in-window mean (the population's when the
    history has none) and own high share with a Jeffreys +0.5/+1 correction.
    """
    target = fold.target
    train_window = WINDOW_OF[train.position]
    key = train.item * 2 + train_window
    n = np.bincount(key, minlength=N_ITEMS * 2).astype(float)
    population_mean = np.bincount(key, train.score, minlength=N_ITEMS * 2) / n
    population_high = np.bincount(key, train.score >= HIGH_RATING, minlength=N_ITEMS * 2) / n
    target_key = target.item * 2 + WINDOW_OF[target.position]
    own = fold.own
    own_window = np.stack(
        [own[:, :7].sum(axis=1), own[:, 7:WINDOW_POSITIONS].sum(axis=1)], axis=1
    ).reshape(N_ITEMS * 2, N_RATINGS)[target_key]
    own_n = own_window.sum(axis=1)
    own_total = own_window @ np.arange(1, N_RATINGS + 1)
    own_high = own_window[:, HIGH_RATING - 1 :].sum(axis=1)
    own_mean = np.where(own_n > 0, own_total / np.maximum(own_n, 1), population_mean[target_key])
    cumulative = np.cumsum(own_window, axis=1)
    own_median = 1.0 + (cumulative < own_n[:, None] / 2).sum(axis=1)
    return {
        "population_mean": (population_mean[target_key], population_high[target_key]),
        "own_mean": (own_mean, (own_high + 0.5) / (own_n + 1)),
        "own_median": (np.where(own_n > 0, own_median, population_mean[target_key]), own_high),
    }


def held_out_cycle_errors(ratings: Ratings) -> tuple[list[dict[str, Any]], dict[int, Any]]:
    """One row per held-out cycle (MAE, log loss, Brier per method), and the per-person fits.

    For each person with 2+ cycles: tables and hyperparameters from the other people only.
    """
    rows: list[dict[str, Any]] = []
    chosen: dict[int, Any] = {}
    for subject in np.unique(ratings.subject):
        mine = ratings.subject == subject
        if len(np.unique(ratings.cycle[mine])) < 2:
            continue
        train = ratings.subset(~mine)
        hyper, _ = select_hyperparameters(train)
        tables = fit_tables(train)
        chosen[int(subject)] = vars(hyper)
        for fold in folds(ratings.subset(mine)):
            rows.append(_fold_row(tables, hyper, train, fold))
    return rows, chosen


def _fold_row(
    tables: OrdinalTables, hyper: Hyperparameters, train: Ratings, fold: Fold
) -> dict[str, Any]:
    distribution = fold_distributions(tables, hyper, fold)
    median, mean, high = summaries(distribution)
    score = fold.target.score.astype(float)
    outcome = (score >= HIGH_RATING).astype(float)
    row: dict[str, Any] = {"subject": fold.subject, "cycle": fold.cycle, "n": len(score)}
    methods = {"model": (median, high), **baselines(train, fold)}
    for method, (point, probability) in methods.items():
        row[f"mae_{method}"] = float(np.mean(np.abs(point - score)))
        if method != "own_median":  # a point forecast only: no probability of its own
            row[f"log_loss_{method}"] = float(np.mean(_log_loss(probability, outcome)))
            row[f"brier_{method}"] = float(np.mean((probability - outcome) ** 2))
    row["mae_model_mean"] = float(np.mean(np.abs(mean - score)))
    chosen = distribution[np.arange(len(score)), fold.target.score - 1]
    row["rating_log_loss_model"] = float(-np.mean(np.log(chosen)))
    return row
