"""The pickled PCOS model: two additive, calibrated logistic models and their cut-offs.

Each variant is `mean imputation -> standardisation -> L2 logistic regression`. The
score's log-odds are `intercept + sum(coef_j * z_j)` with `z_j = 0` at the training mean,
so `coef_j * z_j` is an exact additive attribution against the average patient, and a
feature left out of a request (imputed to the mean) contributes exactly nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from src.pcos.features import CLINICAL_FEATURES, SCREENING_FEATURES

Variant = Literal["screening", "clinical"]
VARIANTS: Final[tuple[Variant, ...]] = ("screening", "clinical")
DEFAULT_C: Final = 0.1
C_GRID: Final = (0.1, 0.3, 1.0)


def build_pipeline(c: float = DEFAULT_C) -> Pipeline:
    """An untrained variant pipeline; NaN marks an absent feature."""
    return Pipeline(
        [
            ("impute", SimpleImputer(strategy="mean")),
            ("scale", StandardScaler()),
            ("logistic", LogisticRegression(C=c, max_iter=5000)),
        ]
    )


@dataclass(frozen=True)
class Thresholds:
    """Risk-level cut-offs on the calibrated score: Low below `low`, High from `high`."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not 0.0 < self.low <= self.high < 1.0:
            raise ValueError(f"need 0 < low <= high < 1, got {self.low}, {self.high}")


@dataclass(frozen=True)
class VariantModel:
    """One fitted variant: its feature order, pipeline and risk-level cut-offs."""

    features: tuple[str, ...]
    pipeline: Pipeline
    thresholds: Thresholds

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated probability of PCOS for each row of `matrix`."""
        return np.asarray(self.pipeline.predict_proba(self._checked(matrix))[:, 1])

    def contributions(self, matrix: np.ndarray) -> np.ndarray:
        """Per-feature log-odds contributions; each row sums to logit(score) - intercept."""
        standardised = self.pipeline[:-1].transform(self._checked(matrix))
        coefficients = self.pipeline[-1].coef_[0]
        return np.asarray(standardised * coefficients, dtype="float64")

    @property
    def intercept(self) -> float:
        """Log-odds of the average training patient (every feature at its mean)."""
        return float(self.pipeline[-1].intercept_[0])

    def _checked(self, matrix: np.ndarray) -> np.ndarray:
        array = np.asarray(matrix, dtype="float64")
        if array.ndim != 2 or array.shape[1] != len(self.features):
            raise ValueError(f"expected shape (n, {len(self.features)}), got {array.shape}")
        return array


def fit_variant(
    features: tuple[str, ...],
    matrix: np.ndarray,
    target: np.ndarray,
    thresholds: Thresholds,
    c: float = DEFAULT_C,
) -> VariantModel:
    """Fit one variant's pipeline on all rows given."""
    pipeline = build_pipeline(c)
    pipeline.fit(matrix, target)
    return VariantModel(features, pipeline, thresholds)


@dataclass(frozen=True)
class PcosModel:
    """The object in model.pkl: the screening and clinical variants."""

    screening: VariantModel
    clinical: VariantModel

    def variant(self, name: Variant) -> VariantModel:
        """The fitted variant called `name`."""
        return self.screening if name == "screening" else self.clinical

    def predict_proba(self, variant: Variant, matrix: np.ndarray) -> np.ndarray:
        """Vectorised calibrated scores of one variant."""
        return self.variant(variant).predict_proba(matrix)

    def contributions(self, variant: Variant, matrix: np.ndarray) -> np.ndarray:
        """Vectorised additive log-odds attributions of one variant."""
        return self.variant(variant).contributions(matrix)

    def warmup(self) -> None:
        """Score a fixed example with both variants; raise if anything is off."""
        expected = {"screening": SCREENING_FEATURES, "clinical": CLINICAL_FEATURES}
        for name in VARIANTS:
            features = expected[name]
            fitted = self.variant(name)
            if fitted.features != features:
                raise RuntimeError(f"{name} variant has unexpected features {fitted.features}")
            example = np.full((1, len(features)), np.nan)
            example[0, 0] = 1.0  # irregular periods, everything else average
            score = fitted.predict_proba(example)
            parts = fitted.contributions(example)
            logit = np.log(score / (1.0 - score))
            if not (np.all(np.isfinite(score)) and 0.0 <= score[0] <= 1.0):
                raise RuntimeError(f"{name} variant produced a non-probability {score}")
            if not np.allclose(parts.sum(axis=1) + fitted.intercept, logit, atol=1e-6):
                raise RuntimeError(f"{name} variant attributions do not add up")
