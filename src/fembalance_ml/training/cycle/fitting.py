"""Turn cleaned cycles into forecasting examples and fit a CycleModel on them.

Each example predicts one cycle from the cycles before it in the same segment only, so
nothing from the future of a sequence leaks into its features.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import QuantileRegressor
from sklearn.model_selection import GroupKFold

from fembalance_ml.cycle.features import (
    FEATURES,
    FloatArray,
    calendar_method,
    cleaned_lengths,
    history_features,
)
from fembalance_ml.cycle.gaps import GapRule
from fembalance_ml.cycle.hierarchy import POOLED_FEATURES, fit_prior
from fembalance_ml.cycle.model import GRID_LEVELS, OVULATION_HISTORY_COLUMNS, CycleModel

INNER_FOLDS = 5
INTERVAL_LEVELS = (0.1, 0.9)
TARGET_COVERAGE = 0.80
POINT_PARAMS = {
    "loss": "absolute_error",
    "learning_rate": 0.03,
    "max_iter": 100,
    "max_leaf_nodes": 7,
    "min_samples_leaf": 100,
    "l2_regularization": 1.0,
    "early_stopping": False,
}
SCALE_PARAMS = {
    "loss": "absolute_error",
    "learning_rate": 0.05,
    "max_iter": 100,
    "max_depth": 3,
    "min_samples_leaf": 80,
    "early_stopping": False,
}


@dataclass
class Examples:
    """Forecasting examples: features of the history before each cycle, and its length."""

    features: FloatArray
    target: FloatArray
    calendar: FloatArray
    has_history: np.ndarray
    ovulation_day: FloatArray
    age: FloatArray
    woman_id: np.ndarray
    dataset: np.ndarray
    history: np.ndarray  # object array: the cycle lengths before each example, oldest first
    sequence: np.ndarray  # "woman/segment": the run of consecutive cycles it belongs to

    def subset(self, mask: np.ndarray) -> Examples:
        """The examples selected by a boolean mask or index array."""
        return Examples(*(getattr(self, name)[mask] for name in self.__dataclass_fields__))


def build_examples(cycles: pd.DataFrame, *, across_gaps: bool = False) -> Examples:
    """One example per cycle, from the loaders' common format.

    By default a history is the cycles before it in its own segment. With `across_gaps`
    it is every earlier logged cycle of the woman: the segments before a gap in her cycle
    numbers come first, oldest first, and the gap itself (not a measured cycle) is left out.
    """
    rows: list[tuple[object, ...]] = []
    keys = ["woman_id"] if across_gaps else ["woman_id", "segment"]
    for key, segment in cycles.groupby(keys, sort=True):
        woman = key[0]
        number = "all" if across_gaps else key[1]
        segment = segment.sort_values(["segment", "position"])
        lengths = segment["length"].to_numpy(dtype=float)
        ages = segment["age"].to_numpy(dtype=float)
        for index, cycle in enumerate(segment.itertuples(index=False)):
            history = lengths[:index]
            age = None if np.isnan(ages[index]) else float(ages[index])
            rows.append(
                (
                    history_features(history, age),
                    lengths[index],
                    calendar_method(history),
                    cleaned_lengths(history).size > 0,
                    cycle.ovulation_day,
                    np.nan if age is None else age,
                    cycle.woman_id,
                    cycle.dataset,
                    history,
                    f"{woman}/{number}",
                )
            )
    columns = list(zip(*rows, strict=True))
    histories = np.empty(len(rows), dtype=object)
    histories[:] = columns[8]
    return Examples(
        features=np.vstack(columns[0]),
        target=np.asarray(columns[1], dtype=float),
        calendar=np.asarray(columns[2], dtype=float),
        has_history=np.asarray(columns[3], dtype=bool),
        ovulation_day=np.asarray(columns[4], dtype=float),
        age=np.asarray(columns[5], dtype=float),
        woman_id=np.asarray(columns[6], dtype=object),
        dataset=np.asarray(columns[7], dtype=object),
        history=histories,
        sequence=np.asarray(columns[9], dtype=object),
    )


def read_by(examples: Examples, rule: GapRule | None) -> Examples:
    """The examples with each history (and its features) as a model with `rule` reads it.

    Targets, ages and the calendar method (which keeps seeing the logged history) are
    unchanged; so is which examples have a history, as the rule never empties one.
    """
    if rule is None:
        return examples
    histories = np.empty(examples.history.size, dtype=object)
    histories[:] = [rule.apply(history) for history in examples.history]
    features = examples.features.copy()
    for index, (before, after) in enumerate(zip(examples.history, histories, strict=True)):
        if not np.array_equal(before, after):
            age = examples.age[index]
            features[index] = history_features(after, None if np.isnan(age) else float(age))
    return replace(examples, features=features, history=histories)


def whole_sequences(examples: Examples) -> tuple[list[FloatArray], list[float]]:
    """Each sequence's cycles in full (its longest history plus that cycle), and an age."""
    longest: dict[str, int] = {}
    for index, key in enumerate(examples.sequence):
        if key not in longest or examples.history[index].size > examples.history[longest[key]].size:
            longest[key] = index
    sequences = [
        np.append(examples.history[index], examples.target[index]) for index in longest.values()
    ]
    return sequences, [float(examples.age[index]) for index in longest.values()]


def model_inputs(model: CycleModel, examples: Examples) -> FloatArray:
    """The model's input rows for examples: history features, plus pooled ones if any."""
    return model.inputs(examples.features, list(examples.history), examples.age)


def _regressor(params: dict[str, object], seed: int) -> HistGradientBoostingRegressor:
    """A fresh gradient-boosted regressor with fixed settings."""
    return HistGradientBoostingRegressor(**params, random_state=seed)


def _cross_fitted(examples: Examples, seed: int) -> tuple[FloatArray, FloatArray]:
    """Out-of-fold point forecasts and scales, folds grouped by woman."""
    point = np.zeros(examples.target.size)
    scale = np.zeros(examples.target.size)
    folds = GroupKFold(n_splits=INNER_FOLDS, shuffle=True, random_state=seed)
    for train, test in folds.split(examples.features, groups=examples.woman_id):
        part = _fit_point_and_scale(examples.subset(train), seed)
        inputs = model_inputs(part, examples.subset(test))
        point[test] = part.point(inputs)
        scale[test] = part.scale(inputs)
    return point, scale


def _fit_point_and_scale(examples: Examples, seed: int) -> CycleModel:
    """A CycleModel whose prior, point and scale models are fitted; the rest is placeholder."""
    prior = fit_prior(*whole_sequences(examples))
    model = CycleModel(
        point_model=_regressor(POINT_PARAMS, seed),
        scale_model=_regressor(SCALE_PARAMS, seed),
        residual_grid=np.zeros(GRID_LEVELS.size),
        population_grid=np.zeros(GRID_LEVELS.size),
        interval_levels=INTERVAL_LEVELS,
        population_levels=INTERVAL_LEVELS,
        ovulation_full=np.zeros(0),
        ovulation_simple=np.zeros(0),
        age_fill=30.0,
        ovulation_spread=(0.0, 0.0),
        features=(*FEATURES, *POOLED_FEATURES),
        prior=prior,
    )
    inputs = model_inputs(model, examples)
    baselines = model.baselines(inputs)
    model.point_model.fit(inputs, examples.target - baselines)
    in_sample = baselines + model.point_model.predict(inputs)
    model.scale_model.fit(inputs, np.abs(examples.target - in_sample))
    return model


def _median_regression(design: FloatArray, target: FloatArray) -> FloatArray:
    """Intercept and coefficients of an unpenalised median (least absolute error) fit."""
    fitted = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(design, target)
    return np.concatenate([[fitted.intercept_], fitted.coef_]).astype(float)


def _fit_ovulation(
    model: CycleModel, point: FloatArray, scale: FloatArray, examples: Examples
) -> None:
    """Ovulation-day regressions on the cross-fitted length, and the spread of their error."""
    known = ~np.isnan(examples.ovulation_day)
    part, length, ovulation = examples.subset(known), point[known], examples.ovulation_day[known]
    ages = np.where(np.isnan(part.age), model.age_fill, part.age)
    history = part.features[:, OVULATION_HISTORY_COLUMNS]
    model.ovulation_simple = _median_regression(np.column_stack([length, ages]), ovulation)
    model.ovulation_full = _median_regression(np.column_stack([length, ages, history]), ovulation)
    errors = (ovulation - model.ovulation_days(length, part.age, part.features)) / scale[known]
    low, high = np.quantile(errors, INTERVAL_LEVELS)
    model.ovulation_spread = (float(low), float(high))


def _calibrated_levels(
    model: CycleModel, point: FloatArray, scale: FloatArray, target: FloatArray
) -> tuple[float, float]:
    """Narrowest symmetric levels whose day-rounded cross-fitted coverage reaches the target."""
    for tail in np.arange(0.20, 0.02, -0.0025):
        model.interval_levels = (float(tail), float(1.0 - tail))
        low, high = model.quantile_bounds(point, scale)
        covered = (np.floor(low + 0.5) <= target) & (target <= np.floor(high + 0.5))
        if np.mean(covered) >= TARGET_COVERAGE:
            return model.interval_levels
    return model.interval_levels


def fit_cycle_model(examples: Examples, seed: int, gap_rule: GapRule | None = None) -> CycleModel:
    """Fit the full model: cross-fitted residuals calibrate the distribution and ovulation.

    With a gap rule, every history is read through it (read_by) and the model carries it.
    """
    examples = read_by(examples, gap_rule)
    with_history = examples.subset(examples.has_history)
    oof_point, oof_scale = _cross_fitted(with_history, seed)
    model = _fit_point_and_scale(with_history, seed)
    age_fill = float(np.nanmedian(examples.age))
    standardised = (with_history.target - oof_point) / oof_scale
    model.residual_grid = np.quantile(standardised, GRID_LEVELS)
    model.population_grid = np.quantile(examples.target, GRID_LEVELS)
    model.age_fill = age_fill
    model.interval_levels = _calibrated_levels(model, oof_point, oof_scale, with_history.target)
    _fit_ovulation(model, oof_point, oof_scale, with_history)
    model.gap_rule = gap_rule
    return model
