"""PCOS risk service: request -> features -> calibrated score -> explanation -> result.

The result is what the model says about the person; the serving layer adds the model
version, disclaimer and experiment group (api/served.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any, Literal, NamedTuple

from fembalance_ml.pcos.criteria import assess, criteria_met, is_adolescent
from fembalance_ml.pcos.features import (
    CLINICAL_TRIGGERS,
    EXCLUSION_LABS,
    OVARIAN_MORPHOLOGY,
    SYMPTOMS,
)
from fembalance_ml.pcos.flags import CRITERIA_FOR_ASSESSMENT, flags_for
from fembalance_ml.pcos.model import VARIANTS, PcosModel, Thresholds, Variant
from fembalance_ml.pcos.recommendations import recommendations_for
from fembalance_ml.pcos.schemas import Contribution, PcosFeatures, PcosRequest, PcosResult

RiskLevel = Literal["Low", "Medium", "High"]


def ignored_inputs(features: PcosFeatures) -> tuple[str, ...]:
    """Given values the score must not use for this person (PCOS 2023).

    TSH and prolactin always: they exclude conditions that mimic PCOS, they are not
    evidence for it (v2.1.0 still has them as inputs; imputed to the mean, they add
    nothing). Ultrasound and AMH within 8 years of menarche, where they are not used.
    """
    if is_adolescent(features):
        return (*EXCLUSION_LABS, *OVARIAN_MORPHOLOGY)
    return EXCLUSION_LABS


def variant_for(features: PcosFeatures) -> Variant:
    """`clinical` as soon as a lab or ultrasound value the score uses is given."""
    ignored = ignored_inputs(features)
    given = any(
        getattr(features, name) is not None for name in CLINICAL_TRIGGERS if name not in ignored
    )
    return "clinical" if given else "screening"


def feature_value(features: PcosFeatures, name: str) -> float | None:
    """A feature as given: a float, or None when absent."""
    value = getattr(features, name)
    return None if value is None else float(value)


def model_inputs(features: PcosFeatures, names: Sequence[str]) -> list[float | None]:
    """The values the score uses, None where absent or ignored for this person."""
    ignored = ignored_inputs(features)
    return [None if name in ignored else feature_value(features, name) for name in names]


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


def floored_for_criteria(level: RiskLevel, met: int) -> RiskLevel:
    """At least Medium when 2 or more criteria are met (PCOS 2023: 2 of 3 diagnose)."""
    if met >= CRITERIA_FOR_ASSESSMENT and level == "Low":
        return "Medium"
    return level


_LEVELS: tuple[RiskLevel, RiskLevel, RiskLevel] = ("Low", "Medium", "High")


class Scored(NamedTuple):
    """The model's own numbers for one request: what `answer_fields` turns into an answer."""

    position: int
    variant: Variant
    names: tuple[str, ...]
    values: list[float | None]
    score: float
    level: RiskLevel
    confidence: float
    parts: list[float]


def scored(model: PcosModel, requests: Sequence[Any]) -> Iterator[Scored]:
    """Each request's variant, inputs, score, level and contributions, variant by variant.

    One call per variant (`VariantModel.explain`): a matrix through the backend for
    several requests, plain Python for one. `requests` need `.features` only, so the
    columnar batch passes its own plain namespaces.
    """
    variants = [variant_for(r.features) for r in requests]
    for variant in VARIANTS:
        indices = [i for i, v in enumerate(variants) if v == variant]
        if not indices:
            continue
        fitted = model.variant(variant)
        names = fitted.features
        rows = [model_inputs(requests[i].features, names) for i in indices]
        scores, parts = fitted.explain(rows)
        thresholds = fitted.thresholds
        for index, values, score, row_parts in zip(indices, rows, scores, parts, strict=True):
            yield Scored(
                index,
                variant,
                names,
                values,
                score,
                risk_level_for(score, thresholds),
                confidence_for(score, thresholds),
                row_parts,
            )


def answer_fields(features: PcosFeatures, one: Scored) -> dict[str, Any]:
    """Every field of one PCOS result, from the model's own numbers for one person.

    `predict_many` builds its result models from these fields; the columnar batch
    (api/batch_pcos.py) dumps them as they are, so both apply the same rules.
    """
    names, values, variant, level = one.names, one.values, one.variant, one.level
    contributions: list[Contribution] = [
        {"feature": name, "value": value, "contribution": part}
        for name, value, part in zip(names, values, one.parts, strict=True)
    ]
    ignored = ignored_inputs(features)
    pushing_up = sorted(
        (c for c in contributions if c["contribution"] > 0 and c["feature"] not in ignored),
        key=_strength,
    )
    criteria = assess(features)
    met = criteria_met(criteria)
    floored = floored_for_criteria(level, met)
    flags = flags_for(features, met)
    return {
        "risk_score": one.score,
        "risk_level": floored,
        # Raised by the criteria against the score: a coin toss between two levels.
        "confidence": one.confidence if floored == level else 0.5,
        "key_factors": [c["feature"] for c in pushing_up],
        "contributions": contributions,
        "criteria": criteria,
        "criteria_met": met,
        "flags": flags,
        "variant": variant,
        "missing_features": [
            name
            for name, value in zip(names, values, strict=True)
            if value is None and name not in SYMPTOMS and name not in ignored
        ],
        "recommendations": recommendations_for(floored, variant, criteria, met, flags),
    }


def _strength(contribution: Contribution) -> float:
    return -contribution["contribution"]


def predict_many(
    model: PcosModel, requests: Sequence[PcosRequest], *, today: datetime.date
) -> list[PcosResult]:
    """Score many requests with one vectorised call per variant, in request order.

    `today` is accepted for the common service signature; PCOS risk does not depend on it.
    """
    del today
    results: list[PcosResult | None] = [None] * len(requests)
    for one in scored(model, requests):
        fields = answer_fields(requests[one.position].features, one)
        # Every field is computed from the model's own numbers: no second validation.
        results[one.position] = PcosResult.model_construct(**fields)
    return [result for result in results if result is not None]


def predict(model: PcosModel, request: PcosRequest, *, today: datetime.date) -> PcosResult:
    """Score one request: the same path as `predict_many` with a batch of one."""
    return predict_many(model, [request], today=today)[0]
