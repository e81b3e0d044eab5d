"""A symptom-anchored logistic model: a symptoms core, shrunk adjustments, recalibration.

The screening answers fall in groups whose link to PCOS travels differently between
populations. The six symptoms are the syndrome's own features (ovulatory dysfunction,
hyperandrogenism, insulin resistance) and keep their signal in every published cohort;
body size and age depend on who a clinic sees, and lifestyle answers (fast food, exercise)
on culture and on how a questionnaire is read. The fit is therefore staged:

1. the **core**: an L2 logistic regression on the standardised symptoms alone;
2. the **adjustments**: the other answers, fitted on top of the core's log-odds (an
   offset, so they only add what the symptoms do not already say) with one L2 penalty
   per group; a heavy penalty shrinks a group towards zero, i.e. the model towards the
   core, so a population where that group means something else moves the score little;
3. **recalibration**: a logistic fit of the outcome on the combined log-odds, the log-odds
   cross-fitted inside the training rows (so the slope is honest, not learned on rows the
   model has seen), folded back into the coefficients.

The result is still one linear logistic model on standardised features, delivered as the
project's usual `impute -> scale -> LogisticRegression` pipeline: attributions stay exact
(`coef * z`) and the serving backends compile it like any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

INNER_FOLDS: Final = 5
_EPSILON: Final = 1e-12


def penalised_logistic(
    design: np.ndarray,
    target: np.ndarray,
    c: np.ndarray,
    offset: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """Coefficients and intercept minimising sum(log loss) + sum(w_j^2 / (2 c_j)).

    The same objective as sklearn's `LogisticRegression(C=c)` when every `c_j` equals `c`
    and there is no offset; here each column has its own `c_j` and the linear predictor
    may carry a fixed `offset`. The intercept is not penalised.
    """
    rows, width = design.shape
    base = np.zeros(rows) if offset is None else np.asarray(offset, dtype="float64")
    full = np.column_stack([design, np.ones(rows)])
    penalty = np.append(1.0 / np.asarray(c, dtype="float64"), 0.0)
    target = np.asarray(target, dtype="float64")
    params = np.zeros(width + 1)
    # Newton's method: the problem is small (a handful of columns) and strictly convex.
    for _ in range(100):
        fitted = _sigmoid(base + full @ params)
        gradient = full.T @ (fitted - target) + penalty * params
        hessian = full.T @ (full * (fitted * (1.0 - fitted))[:, None]) + np.diag(penalty)
        step = np.linalg.solve(hessian + 1e-10 * np.eye(width + 1), gradient)
        params = params - step
        if np.abs(step).max() < 1e-10:
            break
    return params[:width], float(params[width])


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * values)), dtype="float64")


class AnchoredLogistic(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Symptoms-core logistic regression with group-shrunk adjustments, recalibrated.

    `core` are the column indices of the symptoms; `groups` maps a group name to its
    column indices and `group_c` the name to its L2 strength (smaller: shrunk harder
    towards the core; 0 drops the group). Columns in no group are not used.
    """

    def __init__(
        self,
        core: Sequence[int] = (),
        groups: Mapping[str, Sequence[int]] | None = None,
        core_c: float = 1.0,
        group_c: Mapping[str, float] | None = None,
        recalibrate: bool = True,
        inner_folds: int = INNER_FOLDS,
        seed: int = 0,
    ) -> None:
        self.core = core
        self.groups = groups
        self.core_c = core_c
        self.group_c = group_c
        self.recalibrate = recalibrate
        self.inner_folds = inner_folds
        self.seed = seed

    def fit(self, matrix: np.ndarray, target: np.ndarray) -> AnchoredLogistic:
        """Fit core, adjustments and recalibration on `matrix` (NaN marks a missing value)."""
        target = np.asarray(target, dtype="int64")
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = matrix.shape[1]
        self.preprocess_ = Pipeline(
            [("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler())]
        ).fit(matrix)
        standardised = self.preprocess_.transform(matrix)
        coef, intercept = self._stages(standardised, target)
        self.calibration_ = (0.0, 1.0)
        if self.recalibrate:
            logit = self._cross_fitted_logit(standardised, target)
            self.calibration_ = _recalibration(logit, target)
        shift, slope = self.calibration_
        self.coef_ = (slope * coef)[None, :]
        self.intercept_ = np.array([shift + slope * intercept])
        return self

    def decision_function(self, matrix: np.ndarray) -> np.ndarray:
        """Log-odds of PCOS."""
        standardised = self.preprocess_.transform(matrix)
        return np.asarray(standardised @ self.coef_[0] + self.intercept_[0], dtype="float64")

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        """Columns P(no PCOS), P(PCOS)."""
        score = _sigmoid(self.decision_function(matrix))
        return np.column_stack([1.0 - score, score])

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        """1 where P(PCOS) >= 0.5."""
        return (self.predict_proba(matrix)[:, 1] >= 0.5).astype("int64")

    def to_pipeline(self, matrix: np.ndarray, target: np.ndarray) -> Pipeline:
        """The fitted model as a plain `impute -> scale -> LogisticRegression` pipeline.

        The logistic step is fitted once on the same rows (so it carries every attribute
        sklearn and the compilers expect) and then given this model's coefficients.
        """
        logistic = LogisticRegression(max_iter=5000).fit(self.preprocess_.transform(matrix), target)
        logistic.coef_ = np.array(self.coef_, dtype="float64")
        logistic.intercept_ = np.array(self.intercept_, dtype="float64")
        return Pipeline(
            [
                ("impute", self.preprocess_.named_steps["impute"]),
                ("scale", self.preprocess_.named_steps["scale"]),
                ("logistic", logistic),
            ]
        )

    def _stages(self, standardised: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, float]:
        """Core then offset adjustments: coefficients (all columns) and the intercept."""
        width = standardised.shape[1]
        coef = np.zeros(width)
        core = list(self.core)
        core_w, intercept = penalised_logistic(
            standardised[:, core], target, np.full(len(core), self.core_c)
        )
        coef[core] = core_w
        columns, strengths = self._adjustment_columns()
        if columns:
            offset = standardised[:, core] @ core_w + intercept
            adjust_w, adjust_b = penalised_logistic(
                standardised[:, columns], target, np.asarray(strengths), offset
            )
            coef[columns] = adjust_w
            intercept += adjust_b
        return coef, intercept

    def _adjustment_columns(self) -> tuple[list[int], list[float]]:
        columns: list[int] = []
        strengths: list[float] = []
        for name, indices in (self.groups or {}).items():
            c = float((self.group_c or {}).get(name, 0.0))
            if c > 0.0:
                columns += list(indices)
                strengths += [c] * len(indices)
        return columns, strengths

    def _cross_fitted_logit(self, standardised: np.ndarray, target: np.ndarray) -> np.ndarray:
        """Out-of-fold log-odds of the uncalibrated stages, for an honest recalibration."""
        folds = min(self.inner_folds, int(np.bincount(target).min()))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.seed)
        logit = np.empty(len(target))
        for train, test in splitter.split(standardised, target):
            coef, intercept = self._stages(standardised[train], target[train])
            logit[test] = standardised[test] @ coef + intercept
        return logit

    def summary(self) -> dict[str, Any]:
        """Hyperparameters and the recalibration found, for metadata."""
        shift, slope = self.calibration_
        return {
            "core_c": self.core_c,
            "group_c": dict(self.group_c or {}),
            "recalibration": {"intercept": round(shift, 4), "slope": round(slope, 4)},
        }


def _recalibration(logit: np.ndarray, target: np.ndarray) -> tuple[float, float]:
    """Intercept and slope of an unpenalised logistic fit of `target` on `logit`."""
    weights, intercept = penalised_logistic(logit[:, None], target, np.array([1e12]))
    return intercept, float(weights[0])


def logit_of(scores: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities, clipped away from 0 and 1."""
    clipped = np.clip(scores, _EPSILON, 1.0 - _EPSILON)
    return np.asarray(np.log(clipped / (1.0 - clipped)), dtype="float64")
