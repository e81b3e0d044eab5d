"""PCOS risk service: request -> features -> calibrated score -> explanation -> response."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from typing import Literal

import numpy as np

from fembalance_ml import disclaimers
from fembalance_ml.pcos.criteria import assess
from fembalance_ml.pcos.features import CLINICAL_TRIGGERS, SYMPTOMS
from fembalance_ml.pcos.model import VARIANTS, PcosModel, Thresholds, Variant
from fembalance_ml.pcos.recommendations import recommendations_for
from fembalance_ml.pcos.schemas import Contribution, PcosFeatures, PcosRequest, PcosResponse

RiskLevel = Literal["Low", "Medium", "High"]


def variant_for(features: PcosFeatures) -> Variant:
    """`clinical` as soon as any lab or ultrasound value is given, else `screening`."""
    given = any(getattr(features, name) is not None for name in CLINICAL_TRIGGERS)
    return "clinical" if given else "screening"


def feature_value(features: PcosFeatures, name: str) -> float | None:
    """A feature as the model sees it: a float, or None when absent."""
    value = getattr(features, name)
    return None if value is None else float(value)


def request_matrix(requests: Sequence[PcosRequest], names: Sequence[str]) -> np.ndarray:
    """Rows of model inputs for `requests`, NaN where a feature is absent."""
    rows = [[feature_value(r.features, n) for n in names] for r in requests]
    return np.array(rows, dtype="float64").reshape(len(requests), len(names))


def risk_level_for(score: float, thresholds: Thresholds) -> RiskLevel:
    """Low below `thresholds.low`, High from `thresholds.high`, Medium between."""
    if score < thresholds.low:
        return "Low"
    if score >= thresholds.high:
        return "High"
    return "Medium"


def confidence_for(score: float, thresholds: Thresholds) -> float:
    """How deep the score lies inside its risk band: 0.5 on a cut-off, 1.0 at its centre.

    For Low the band is [0, low) and its "centre" is 0; for High, [high, 1] and 1; for
    Medium, the midpoint of [low, high). Confidence is 0.5 + 0.5 * (distance to the
    nearest cut-off) / (that distance at the band's far end or centre), so a score on a
    cut-off is a coin toss between two levels and one far from any cut-off is sure.
    """
    low, high = thresholds.low, thresholds.high
    if score < low:
        depth = (low - score) / low
    elif score >= high:
        depth = (score - high) / (1.0 - high)
    else:
        half_width = (high - low) / 2.0
        depth = min(score - low, high - score) / half_width if half_width > 0 else 0.0
    return min(1.0, max(0.5, 0.5 + 0.5 * float(depth)))


def risk_levels_for(scores: np.ndarray, thresholds: Thresholds) -> list[RiskLevel]:
    """`risk_level_for` over an array of scores."""
    codes = np.searchsorted([thresholds.low, thresholds.high], scores, side="right")
    return [_LEVELS[code] for code in codes.tolist()]


_LEVELS: tuple[RiskLevel, RiskLevel, RiskLevel] = ("Low", "Medium", "High")


def _response(
    request: PcosRequest,
    variant: Variant,
    features: Sequence[str],
    values: list[float | None],
    score: float,
    level: RiskLevel,
    confidence: float,
    parts: list[float],
    model_version: str,
) -> PcosResponse:
    contributions = [
        Contribution(feature=name, value=value, contribution=part)
        for name, value, part in zip(features, values, parts, strict=True)
    ]
    pushing_up = sorted((c for c in contributions if c["contribution"] > 0), key=_strength)
    criteria = assess(request.features)
    # Every field is computed here from the model's own numbers: no second validation.
    return PcosResponse.model_construct(
        risk_score=score,
        risk_level=level,
        confidence=confidence,
        key_factors=[c["feature"] for c in pushing_up],
        contributions=contributions,
        criteria=criteria,
        variant=variant,
        missing_features=[
            name
            for name, value in zip(features, values, strict=True)
            if value is None and name not in SYMPTOMS
        ],
        recommendations=recommendations_for(level, variant, criteria),
        model_version=model_version,
        disclaimer=disclaimers.PCOS,
        experiment_group=None,
    )


def _strength(contribution: Contribution) -> float:
    return -contribution["contribution"]


def predict_many(
    model: PcosModel,
    requests: Sequence[PcosRequest],
    *,
    model_version: str,
    today: datetime.date,
) -> list[PcosResponse]:
    """Score many requests with one vectorised call per variant, in request order.

    `today` is accepted for the common service signature; PCOS risk does not depend on it.
    """
    del today
    responses: list[PcosResponse | None] = [None] * len(requests)
    for variant in VARIANTS:
        indices = [i for i, r in enumerate(requests) if variant_for(r.features) == variant]
        if not indices:
            continue
        fitted = model.variant(variant)
        matrix = request_matrix([requests[i] for i in indices], fitted.features)
        scores, parts = fitted.explain(matrix)
        levels = risk_levels_for(scores, fitted.thresholds)
        # Plain Python numbers once, rather than numpy scalars field by field.
        values = [[None if math.isnan(v) else v for v in row] for row in matrix.tolist()]
        confidences = [confidence_for(score, fitted.thresholds) for score in scores.tolist()]
        for row, index in enumerate(indices):
            responses[index] = _response(
                requests[index],
                variant,
                fitted.features,
                values[row],
                float(scores[row]),
                levels[row],
                confidences[row],
                parts[row].tolist(),
                model_version,
            )
    return [response for response in responses if response is not None]


def predict(
    model: PcosModel, request: PcosRequest, *, model_version: str, today: datetime.date
) -> PcosResponse:
    """Score one request: the same path as `predict_many` with a batch of one."""
    return predict_many(model, [request], model_version=model_version, today=today)[0]
