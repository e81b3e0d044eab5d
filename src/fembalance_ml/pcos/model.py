"""The pickled PCOS model: two additive, calibrated logistic models and their cut-offs.

Each variant is `mean imputation -> standardisation -> L2 logistic regression`. The
score's log-odds are `intercept + sum(coef_j * z_j)` with `z_j = 0` at the training mean,
so `coef_j * z_j` is an exact additive attribution against the average patient, and a
feature left out of a request (imputed to the mean) contributes exactly nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, NamedTuple

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from fembalance_ml.pcos.features import (
    CLINICAL_FEATURES,
    CLINICAL_FEATURES_V2_1,
    SCREENING_FEATURES,
)
from fembalance_ml.serving.backends.specs import linear_pipeline_spec

Variant = Literal["screening", "clinical"]
VARIANTS: Final[tuple[Variant, ...]] = ("screening", "clinical")
DEFAULT_C: Final = 0.1
C_GRID: Final = (0.1, 0.3, 1.0)
STANDARDISE_SUFFIX: Final = "_standardise"
# Feature orders a loadable model may have: the current one first, then v2.1.0's.
KNOWN_FEATURES: Final[dict[Variant, tuple[tuple[str, ...], ...]]] = {
    "screening": (SCREENING_FEATURES,),
    "clinical": (CLINICAL_FEATURES, CLINICAL_FEATURES_V2_1),
}
# A compiled kernel: float64 rows in, the same quantity as the sklearn estimator out.
Kernel = Callable[[np.ndarray], np.ndarray]


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
    """One fitted variant: its feature order, pipeline, risk-level cut-offs and input clips.

    `clips` are `(feature, low, high)`: a given value is clipped into [low, high] before
    the pipeline sees it (an absent one stays absent and is imputed). They are part of the
    model, fitted with it (v2.4.0's clinical variant reads each follicle count as 19 below
    20 and as 20 from 20: whether the ovary meets the 2023 threshold, no more); a version
    pickled without them has none.
    """

    features: tuple[str, ...]
    pipeline: Pipeline
    thresholds: Thresholds
    clips: tuple[tuple[str, float, float], ...] = ()

    def clipped(self, matrix: np.ndarray) -> np.ndarray:
        """`matrix` (float64, this variant's columns) with every clip applied; NaN kept."""
        return apply_clips(matrix, self.features, self.clips)

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated probability of PCOS for each row of `matrix`."""
        checked = self._checked(matrix)
        compiled = _installed(self).get("score")
        if compiled is not None:
            return np.asarray(compiled(checked), dtype="float64")
        return np.asarray(self.pipeline.predict_proba(checked)[:, 1])

    def contributions(self, matrix: np.ndarray) -> np.ndarray:
        """Per-feature log-odds contributions; each row sums to logit(score) - intercept."""
        checked = self._checked(matrix)
        compiled = _installed(self).get("standardise")
        if compiled is not None:
            standardised = compiled(checked)
        else:
            standardised = self.pipeline[:-1].transform(checked)
        coefficients = self.pipeline[-1].coef_[0]
        return np.asarray(standardised * coefficients, dtype="float64")

    def explain(
        self, rows: Sequence[Sequence[float | None]]
    ) -> tuple[list[float], list[list[float]]]:
        """Scores and contributions of each row; None marks an absent feature.

        score = sigmoid(intercept + sum(parts)), the logistic regression's own formula,
        from the standardised values the contributions need anyway. Several rows take the
        backend's standardisation kernel; a single row is a few dozen float operations,
        cheaper in plain Python than one call into numpy or ONNX Runtime, and gives the
        same bits: every backend computes `(x - mean) / scale` in float64 with one
        correctly rounded subtraction and division, as Python does. The sum (`fsum`) and
        the sigmoid are Python's in both cases, so an answer never depends on how many
        rows it was scored with.
        """
        if len(rows) == 1:
            score, one = self.explain_one(rows[0])
            return [score], [one]
        matrix = np.array(
            [[math.nan if v is None else v for v in row] for row in rows], dtype="float64"
        ).reshape(len(rows), len(self.features))
        parts = self.contributions(matrix).tolist()
        intercept = self.intercept
        return [sigmoid(intercept + math.fsum(row)) for row in parts], parts

    def explain_one(self, row: Sequence[float | None]) -> tuple[float, list[float]]:
        """`explain` of one row: its score and contributions, in plain Python."""
        linear = _linear(self)
        parts = self._parts_of(row, linear.terms)
        return sigmoid(linear.intercept + math.fsum(parts)), parts

    def _parts_of(self, row: Sequence[float | None], terms: tuple[_Term, ...]) -> list[float]:
        """One row's contributions in plain Python: clip, impute, standardise, weigh."""
        if len(row) != len(terms):
            raise ValueError(f"expected {len(terms)} values, got {len(row)}")
        if self.clips:
            row = _clipped_row(self, row)
        return [
            ((fill if value is None else value) - mean) / scale * coef
            for value, (fill, mean, scale, coef) in zip(row, terms, strict=True)
        ]

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the fitted data only: compiled kernels are attached after loading."""
        return _without_kernels(self)

    @property
    def intercept(self) -> float:
        """Log-odds of the average training patient (every feature at its mean)."""
        return float(self.pipeline[-1].intercept_[0])

    def _checked(self, matrix: np.ndarray) -> np.ndarray:
        array = np.asarray(matrix, dtype="float64")
        if array.ndim != 2 or array.shape[1] != len(self.features):
            raise ValueError(f"expected shape (n, {len(self.features)}), got {array.shape}")
        return self.clipped(array)


def fit_variant(
    features: tuple[str, ...],
    matrix: np.ndarray,
    target: np.ndarray,
    thresholds: Thresholds,
    c: float = DEFAULT_C,
) -> VariantModel:
    """Fit one variant's pipeline on all rows given (already clipped, if it has clips)."""
    pipeline = build_pipeline(c)
    pipeline.fit(matrix, target)
    return VariantModel(features, pipeline, thresholds)


def apply_clips(
    matrix: np.ndarray, features: Sequence[str], clips: Sequence[tuple[str, float, float]]
) -> np.ndarray:
    """`matrix` with each named column clipped into its [low, high] (NaN kept): training
    fits on the clipped matrix, serving clips each request the same way."""
    if not clips:
        return matrix
    clipped = np.array(matrix, dtype="float64", copy=True)
    for name, low, high in clips:
        index = list(features).index(name)
        clipped[:, index] = np.clip(clipped[:, index], low, high)
    return clipped


def _clipped_row(variant: VariantModel, row: Sequence[float | None]) -> list[float | None]:
    """One row with the variant's clips applied, in plain Python (None stays None)."""
    bounds = {variant.features.index(name): (low, high) for name, low, high in variant.clips}
    return [
        value if value is None or i not in bounds else min(max(value, bounds[i][0]), bounds[i][1])
        for i, value in enumerate(row)
    ]


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

    def kernels(self) -> dict[str, Any]:
        """The sklearn estimators this model computes with, by part name.

        `<variant>` is the whole pipeline (kernel: P(PCOS), shape (n,));
        `<variant>_standardise` its imputer and scaler (kernel: transform, shape (n, d)).
        """
        parts: dict[str, Any] = {}
        for name in VARIANTS:
            pipeline = self.variant(name).pipeline
            parts[name] = pipeline
            parts[name + STANDARDISE_SUFFIX] = pipeline[:-1]
        return parts

    def install_kernels(self, compiled: Mapping[str, Kernel]) -> None:
        """Run the named parts through compiled callables; parts not given stay on sklearn."""
        unknown = set(compiled) - set(self.kernels())
        if unknown:
            raise ValueError(f"no such PCOS model parts: {sorted(unknown)}")
        for name in VARIANTS:
            roles = {"score": name, "standardise": name + STANDARDISE_SUFFIX}
            chosen = {role: compiled[part] for role, part in roles.items() if part in compiled}
            # Frozen dataclass: the kernels live beside its fields, never in the pickle.
            object.__setattr__(self.variant(name), "_kernels", chosen)

    def warmup(self) -> None:
        """Score a fixed example with both variants; raise if anything is off."""
        for name in VARIANTS:
            fitted = self.variant(name)
            features = fitted.features
            if features not in KNOWN_FEATURES[name]:
                raise RuntimeError(f"{name} variant has unexpected features {features}")
            example = np.full((1, len(features)), np.nan)
            example[0, 0] = 1.0  # irregular periods, everything else average
            score = fitted.predict_proba(example)
            parts = fitted.contributions(example)
            logit = np.log(score / (1.0 - score))
            if not (np.all(np.isfinite(score)) and 0.0 <= score[0] <= 1.0):
                raise RuntimeError(f"{name} variant produced a non-probability {score}")
            if not np.allclose(parts.sum(axis=1) + fitted.intercept, logit, atol=1e-6):
                raise RuntimeError(f"{name} variant attributions do not add up")
            # The plain-Python path for one row must be the kernels' arithmetic.
            row = [None if math.isnan(v) else v for v in example[0].tolist()]
            (one,), (one_parts,) = fitted.explain([row])
            (pair, _), (pair_parts, _) = fitted.explain([row, row])
            if one != pair or one_parts != pair_parts or not math.isclose(one, score[0]):
                raise RuntimeError(f"{name} variant scores one row unlike many")


def sigmoid(logit: float) -> float:
    """The logistic function, without overflow at either end."""
    if logit >= 0.0:
        return 1.0 / (1.0 + math.exp(-logit))
    tail = math.exp(logit)
    return tail / (1.0 + tail)


_Term = tuple[float, float, float, float]


class _Linear(NamedTuple):
    """A variant's linear model as Python floats: (fill, mean, scale, coef) per feature,
    and the intercept."""

    terms: tuple[_Term, ...]
    intercept: float


def _linear(variant: VariantModel) -> _Linear:
    """The variant's linear model as Python floats, read once per loaded model."""
    linear: _Linear | None = getattr(variant, "_linear", None)
    if linear is None:
        spec = linear_pipeline_spec(variant.pipeline)
        assert spec.coef is not None
        columns = (spec.fill, spec.mean, spec.scale, spec.coef)
        terms = tuple(zip(*(column.tolist() for column in columns), strict=True))
        linear = _Linear(terms, variant.intercept)
        # Frozen dataclass: a cache beside its fields, like the kernels, never pickled.
        object.__setattr__(variant, "_linear", linear)
    return linear


def _installed(variant: VariantModel) -> dict[str, Kernel]:
    """The compiled kernels installed on a variant (none on a freshly unpickled one)."""
    kernels: dict[str, Kernel] = getattr(variant, "_kernels", {})
    return kernels


def _without_kernels(variant: VariantModel) -> dict[str, Any]:
    state = dict(variant.__dict__)
    state.pop("_kernels", None)
    state.pop("_linear", None)
    return state
