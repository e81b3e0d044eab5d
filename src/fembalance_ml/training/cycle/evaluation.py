"""Grouped cross-validation of the cycle model against the calendar method.

Folds are split by woman, so every figure is measured on women the model never saw;
each cycle is predicted from the cycles before it only (see fitting.build_examples).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

from fembalance_ml.cycle.features import FloatArray
from fembalance_ml.cycle.gaps import GapRule
from fembalance_ml.cycle.model import GRID_LEVELS, CycleModel
from fembalance_ml.training.cycle.fitting import Examples, fit_cycle_model, model_inputs, read_by

DATASETS = ("fedcycle", "menstrual")
LUTEAL_RULE_DAYS = 14.0


def grouped_folds(
    woman_ids: np.ndarray, n_folds: int, seed: int
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Train/test index pairs with no woman on both sides (checked, not assumed)."""
    splitter = GroupKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(woman_ids, groups=woman_ids):
        if set(woman_ids[train]) & set(woman_ids[test]):
            raise AssertionError("a woman appears in both the training and evaluation folds")
        yield train, test


def _rounded(values: FloatArray) -> FloatArray:
    """Whole days, rounded half up as served."""
    return np.floor(values + 0.5)


def _errors(predicted: FloatArray, actual: FloatArray) -> dict[str, float]:
    """MAE, median absolute error and share within 2 days of day-rounded forecasts."""
    error = np.abs(_rounded(predicted) - actual)
    return {
        "mae": float(np.mean(error)),
        "median_ae": float(np.median(error)),
        "within_2_days": float(np.mean(error <= 2)),
    }


def predict_rows(model: CycleModel, examples: Examples) -> dict[str, FloatArray]:
    """Point forecasts, interval bounds, scales and ovulation days for examples with history."""
    inputs = model_inputs(model, examples)
    point = model.point(inputs)
    scale = model.scale(inputs)
    low, high = model.quantile_bounds(point, scale)
    return {
        "point": point,
        "scale": scale,
        "low": _rounded(low),
        "high": _rounded(high),
        "ovulation": model.ovulation_days(point, examples.age, examples.features),
    }


def fold_figures(model: CycleModel, test: Examples) -> dict[str, float]:
    """Every figure of one fold, per data set, for examples with at least one past cycle.

    The model reads each history through its gap rule; the calendar method keeps the logged one.
    """
    test = read_by(test, model.gap_rule)
    figures: dict[str, float] = {}
    for name in DATASETS:
        part = test.subset(test.has_history & (test.dataset == name))
        rows = predict_rows(model, part)
        y = part.target
        for method, predicted in (("model", rows["point"]), ("calendar", part.calendar)):
            for key, value in _errors(predicted, y).items():
                figures[f"{name}.{method}.{key}"] = value
        figures[f"{name}.model_minus_calendar.mae"] = (
            figures[f"{name}.model.mae"] - figures[f"{name}.calendar.mae"]
        )
        covered = (rows["low"] <= y) & (y <= rows["high"])
        figures[f"{name}.interval.coverage"] = float(np.mean(covered))
        figures[f"{name}.interval.mean_width_days"] = float(np.mean(rows["high"] - rows["low"]))
    figures.update(_population_figures(model, test))
    figures.update(_ovulation_figures(model, test))
    return figures


def _population_figures(model: CycleModel, test: Examples) -> dict[str, float]:
    """Coverage of the population prior on first cycles (no usable history)."""
    y = test.target[~test.has_history]
    low, high = _rounded(np.interp(model.population_levels, GRID_LEVELS, model.population_grid))
    return {"no_history.interval.coverage": float(np.mean((low <= y) & (y <= high)))}


def _ovulation_figures(model: CycleModel, test: Examples) -> dict[str, float]:
    """Ovulation-day MAE of the learned luteal model and of 'predicted length minus 14'."""
    part = test.subset(test.has_history & ~np.isnan(test.ovulation_day))
    rows = predict_rows(model, part)
    actual = part.ovulation_day
    early, late = model.ovulation_spread
    low = _rounded(rows["ovulation"] + rows["scale"] * early)
    high = _rounded(rows["ovulation"] + rows["scale"] * late)
    return {
        "ovulation.model.mae": float(np.mean(np.abs(_rounded(rows["ovulation"]) - actual))),
        "ovulation.minus_14.mae": float(
            np.mean(np.abs(_rounded(rows["point"] - LUTEAL_RULE_DAYS) - actual))
        ),
        "ovulation.interval.coverage": float(np.mean((low <= actual) & (actual <= high))),
    }


def cross_validate(
    examples: Examples,
    *,
    n_folds: int,
    repeats: int,
    seed: int,
    progress: bool = False,
    gap_rule: GapRule | None = None,
) -> dict[str, Any]:
    """Repeated grouped K-fold: mean and std of each figure over all folds, and fold ids."""
    per_fold: list[dict[str, float]] = []
    for repeat in range(repeats):
        for fold, (train, test) in enumerate(
            grouped_folds(examples.woman_id, n_folds, seed + repeat)
        ):
            model = fit_cycle_model(examples.subset(train), seed, gap_rule)
            per_fold.append(fold_figures(model, examples.subset(test)))
            if progress:
                print(f"  repeat {repeat + 1}/{repeats} fold {fold + 1}/{n_folds} done")
    summary = {
        key: {
            "mean": float(np.mean([f[key] for f in per_fold])),
            "std": float(np.std([f[key] for f in per_fold], ddof=1)) if len(per_fold) > 1 else 0.0,
        }
        for key in per_fold[0]
    }
    return {"figures": summary, "folds": len(per_fold)}
