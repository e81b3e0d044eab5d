"""Repeated stratified cross-validation, calibration measures and risk cut-off choice."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.metrics import (
    accuracy_score,
    brier_score_loss,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import RepeatedStratifiedKFold

from fembalance_ml.pcos.model import Thresholds

CLASSIFICATION_CUTOFF = 0.5
_EPSILON = 1e-6


@dataclass
class CvResult:
    """Per-fold metrics, per-repeat calibration and out-of-fold scores of one estimator."""

    folds: dict[str, list[float]] = field(default_factory=dict)
    calibration: dict[str, list[float]] = field(default_factory=dict)
    oof: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))

    def summary(self) -> dict[str, dict[str, float]]:
        """Mean and standard deviation of every figure."""
        return {
            name: mean_std(values) for name, values in {**self.folds, **self.calibration}.items()
        }


def mean_std(values: list[float]) -> dict[str, float]:
    """Mean and (population) standard deviation, rounded for metadata."""
    array = np.asarray(values, dtype="float64")
    return {"mean": round(float(array.mean()), 4), "std": round(float(array.std()), 4)}


def fold_metrics(target: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """Discrimination and accuracy figures of one fold; classes cut at 0.5."""
    predicted = (scores >= CLASSIFICATION_CUTOFF).astype(int)
    return {
        "roc_auc": float(roc_auc_score(target, scores)),
        "accuracy": float(accuracy_score(target, predicted)),
        "precision": float(precision_score(target, predicted, zero_division=0)),
        "recall": float(recall_score(target, predicted)),
        "f1": float(f1_score(target, predicted)),
        "brier": float(brier_score_loss(target, scores)),
    }


def expected_calibration_error(target: np.ndarray, scores: np.ndarray, bins: int = 10) -> float:
    """Weighted mean |observed rate - mean score| over equal-width score bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            error += members.mean() * abs(target[members].mean() - scores[members].mean())
    return float(error)


def calibration_slope_intercept(target: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of logit(P(y=1)) on logit(score), by Newton's method (1, 0 = ideal)."""
    clipped = np.clip(scores, _EPSILON, 1.0 - _EPSILON)
    design = np.column_stack([np.ones_like(clipped), np.log(clipped / (1.0 - clipped))])
    beta = np.array([0.0, 1.0])
    for _ in range(50):
        fitted = 1.0 / (1.0 + np.exp(-design @ beta))
        hessian = design.T @ (design * (fitted * (1.0 - fitted))[:, None])
        step = np.linalg.solve(hessian + 1e-9 * np.eye(2), design.T @ (target - fitted))
        beta = beta + step
        if np.abs(step).max() < 1e-10:
            break
    return float(beta[1]), float(beta[0])


def cross_validate(
    estimator: Any, matrix: np.ndarray, target: np.ndarray, *, folds: int, repeats: int, seed: int
) -> CvResult:
    """Repeated stratified k-fold: metrics per fold, calibration per repeat's OOF scores."""
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    result = CvResult(oof=np.full((repeats, len(target)), np.nan))
    for index, (train, test) in enumerate(splitter.split(matrix, target)):
        fitted = clone(estimator).fit(matrix[train], target[train])
        scores = fitted.predict_proba(matrix[test])[:, 1]
        result.oof[index // folds, test] = scores
        for name, value in fold_metrics(target[test], scores).items():
            result.folds.setdefault(name, []).append(value)
    for scores in result.oof:
        slope, intercept = calibration_slope_intercept(target, scores)
        result.calibration.setdefault("ece", []).append(expected_calibration_error(target, scores))
        result.calibration.setdefault("calibration_slope", []).append(slope)
        result.calibration.setdefault("calibration_intercept", []).append(intercept)
    return result


def sensitivity_specificity(
    target: np.ndarray, scores: np.ndarray, cutoff: float
) -> tuple[float, float]:
    """Sensitivity and specificity of calling `score >= cutoff` positive."""
    positive = scores >= cutoff
    return float(positive[target == 1].mean()), float((~positive[target == 0]).mean())


def choose_thresholds(
    target: np.ndarray, scores: np.ndarray, *, sensitivity: float = 0.95, specificity: float = 0.95
) -> tuple[Thresholds, dict[str, Any]]:
    """Low: highest cut-off keeping sensitivity >= target; High: lowest keeping specificity.

    Cut-offs are rounded outwards to 3 decimals (low down, high up) so the rounding never
    costs sensitivity or specificity; the rates they give on `scores` are returned.
    """
    positives = np.sort(scores[target == 1])
    negatives = np.sort(scores[target == 0])
    low = positives[math.floor((1.0 - sensitivity) * len(positives))]
    high = np.nextafter(negatives[math.ceil(specificity * len(negatives)) - 1], 1.0)
    low = max(math.floor(low * 1000) / 1000, 0.001)
    high = min(math.ceil(high * 1000) / 1000, 0.999)
    high = max(high, low)
    low_sens, low_spec = sensitivity_specificity(target, scores, low)
    high_sens, high_spec = sensitivity_specificity(target, scores, high)
    justification = {
        "rule": (
            f"Low if score < low, High if score >= high, else Medium; low is the highest "
            f"cut-off with out-of-fold sensitivity >= {sensitivity}, high the lowest with "
            f"specificity >= {specificity}"
        ),
        "low": {
            "cutoff": low,
            "sensitivity": round(low_sens, 4),
            "specificity": round(low_spec, 4),
        },
        "high": {
            "cutoff": high,
            "sensitivity": round(high_sens, 4),
            "specificity": round(high_spec, 4),
        },
        "share_of_patients": {
            "low": round(float((scores < low).mean()), 4),
            "medium": round(float(((scores >= low) & (scores < high)).mean()), 4),
            "high": round(float((scores >= high).mean()), 4),
        },
    }
    return Thresholds(low=low, high=high), justification
