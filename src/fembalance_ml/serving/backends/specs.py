"""Plain-array descriptions of the fitted sklearn estimators the compilers understand.

A kernel computes one quantity per estimator kind: a binary classifier's P(class 1)
(shape (n,)), a regressor's `predict` (shape (n,)), a transformer's `transform` (shape
(n, d)). Anything outside these shapes raises NotCompilableError, and its part stays on
the reference path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

Output = Literal["probability", "transform"]


class NotCompilableError(Exception):
    """This estimator (or a setting of it) has no compiled form; keep it on sklearn."""


class NotAnEstimatorError(NotCompilableError):
    """A part made of plain numbers (tables), which no backend compiles."""


@dataclass(frozen=True)
class LinearPipelineSpec:
    """`fill NaN -> (x - mean) / scale -> [sigmoid(z @ coef + intercept)]`, all float64."""

    fill: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray | None
    intercept: float
    output: Output


@dataclass(frozen=True)
class TreeEnsembleSpec:
    """Every tree's nodes in one flat array; leaves point at themselves.

    Walking `depth` steps from each tree's root (`roots`) lands on its leaf whatever the
    path length, so all rows and trees advance together. Prediction: `baseline +
    sum(value[leaf])` (identity link only).
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    missing_left: np.ndarray
    is_leaf: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int
    baseline: float
    n_features: int


def spec_for(estimator: Any) -> LinearPipelineSpec | TreeEnsembleSpec:
    """The spec of a supported estimator, or NotCompilableError saying why not."""
    if isinstance(estimator, HistGradientBoostingRegressor):
        return tree_ensemble_spec(estimator)
    if isinstance(estimator, Pipeline):
        return linear_pipeline_spec(estimator)
    if not isinstance(estimator, BaseEstimator):
        raise NotAnEstimatorError(f"{type(estimator).__name__} is numpy, not an estimator")
    raise NotCompilableError(f"no compiler for {type(estimator).__name__}")


def linear_pipeline_spec(pipeline: Pipeline) -> LinearPipelineSpec:
    """[SimpleImputer] -> [StandardScaler] -> [binary LogisticRegression]."""
    steps = [step for _, step in pipeline.steps]
    width = int(pipeline.n_features_in_)
    fill = np.full(width, np.nan)
    mean, scale = np.zeros(width), np.ones(width)
    if steps and isinstance(steps[0], SimpleImputer):
        fill = _imputer_fill(steps.pop(0), width)
    if steps and isinstance(steps[0], StandardScaler):
        scaler = steps.pop(0)
        mean = np.asarray(scaler.mean_, dtype=float) if scaler.with_mean else mean
        scale = np.asarray(scaler.scale_, dtype=float) if scaler.with_std else scale
    if not steps:
        return LinearPipelineSpec(fill, mean, scale, None, 0.0, "transform")
    model = steps.pop(0)
    if steps or not isinstance(model, LogisticRegression) or len(model.classes_) != 2:
        raise NotCompilableError(f"unsupported pipeline steps: {pipeline.steps}")
    coef = np.asarray(model.coef_[0], dtype=float)
    return LinearPipelineSpec(fill, mean, scale, coef, float(model.intercept_[0]), "probability")


def _imputer_fill(imputer: SimpleImputer, width: int) -> np.ndarray:
    statistics = np.asarray(imputer.statistics_, dtype=float)
    missing = imputer.missing_values
    is_nan_marker = isinstance(missing, float) and np.isnan(missing)
    if imputer.add_indicator or not is_nan_marker or statistics.shape != (width,):
        raise NotCompilableError("only a NaN imputer without indicator that keeps every column")
    if np.isnan(statistics).any():
        raise NotCompilableError("an imputer statistic is NaN (an all-missing column)")
    return statistics


def tree_ensemble_spec(model: HistGradientBoostingRegressor) -> TreeEnsembleSpec:
    """Flatten a single-output, numeric-only, identity-link gradient-boosted regressor."""
    if model.n_trees_per_iteration_ != 1 or getattr(model, "_preprocessor", None) is not None:
        raise NotCompilableError("only single-output regressors on numeric arrays")
    if type(model._loss.link).__name__ != "IdentityLink":
        raise NotCompilableError(f"link {type(model._loss.link).__name__} is not the identity")
    trees = [predictors[0].nodes for predictors in model._predictors]
    if any(nodes["is_categorical"].any() for nodes in trees):
        raise NotCompilableError("categorical splits are not compiled")
    offsets = np.cumsum([0, *(len(nodes) for nodes in trees)])
    nodes = np.concatenate(trees)
    own = np.arange(len(nodes))
    tree_of = np.repeat(np.arange(len(trees)), [len(n) for n in trees])
    leaf = nodes["is_leaf"].astype(bool)
    left = np.where(leaf, own, nodes["left"].astype(np.int64) + offsets[tree_of])
    right = np.where(leaf, own, nodes["right"].astype(np.int64) + offsets[tree_of])
    return TreeEnsembleSpec(
        feature=np.where(leaf, 0, nodes["feature_idx"]).astype(np.int64),
        threshold=nodes["num_threshold"].astype(float),
        left=left,
        right=right,
        missing_left=nodes["missing_go_to_left"].astype(bool),
        is_leaf=leaf,
        value=np.where(leaf, nodes["value"], 0.0).astype(float),
        roots=offsets[:-1].astype(np.int64),
        depth=int(max(nodes["depth"].max() for nodes in trees)),
        baseline=float(np.asarray(model._baseline_prediction).ravel()[0]),
        n_features=int(model.n_features_in_),
    )
