"""PCOS risk service: request -> features -> calibrated score -> explanation -> result.

The result is what the model says about the person; the serving layer adds the model
version, disclaimer and experiment group (api/served.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from fembalance_ml.clinical.situation import Situation
from fembalance_ml.pcos.context import assumptions_for, context_flags
from fembalance_ml.pcos.criteria import assess, criteria_met, is_adolescent
from fembalance_ml.pcos.features import (
    CLINICAL_TRIGGERS,
    EXCLUSION_LABS,
    OVARIAN_MORPHOLOGY,
    SYMPTOMS,
)
from fembalance_ml.pcos.flags import flags_for
from fembalance_ml.pcos.levels import (
    RiskLevel,
    confidence_for,
    floored_for_criteria,
    level_for,
    risk_level_for,
)
from fembalance_ml.pcos.model import VARIANTS, PcosModel, Variant
from fembalance_ml.pcos.recommendations import recommendations_for
from fembalance_ml.pcos.schemas import Contribution, PcosFeatures, PcosRequest, PcosResult

__all__ = [
    "RiskLevel",
    "answer_fields",
    "confidence_for",
    "floored_for_criteria",
    "predict",
    "predict_many",
    "risk_level_for",
    "scored",
    "situation_of",
]


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


def situation_of(request: Any, today: datetime.date) -> Situation:
    """The person as the criteria see her: age, years since menarche, context, `today`.

    `request` needs `.features` and `.context` (a PcosRequest, or the batch's namespace).
    """
    features = request.features
    return Situation.of(
        as_of=today,
        age=features.age,
        context=request.context,
        years_since_menarche=features.years_since_menarche,
    )


def answer_fields(request: Any, one: Scored, today: datetime.date) -> dict[str, Any]:
    """Every field of one PCOS result, from the model's own numbers for one person.

    `predict_many` builds its result models from these fields; the columnar batch
    (api/batch_pcos.py) dumps them as they are, so both apply the same rules.
    """
    features = request.features
    situation = situation_of(request, today)
    names, values, variant = one.names, one.values, one.variant
    contributions: list[Contribution] = [
        {"feature": name, "value": value, "contribution": part}
        for name, value, part in zip(names, values, one.parts, strict=True)
    ]
    ignored = ignored_inputs(features)
    pushing_up = sorted(
        (c for c in contributions if c["contribution"] > 0 and c["feature"] not in ignored),
        key=_strength,
    )
    criteria = assess(features, situation)
    met = criteria_met(criteria)
    adolescent = is_adolescent(features)
    level = level_for(one.level, features, criteria, met, adolescent)
    flags = [*context_flags(situation), *flags_for(features, met, adolescent)]
    return {
        "risk_score": one.score,
        "risk_level": level,
        # Moved by the criteria against the score: a coin toss between two levels.
        "confidence": one.confidence if level == one.level else 0.5,
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
        "recommendations": recommendations_for(level, variant, criteria, met, flags),
        "assumptions": assumptions_for(situation),
    }


def _strength(contribution: Contribution) -> float:
    return -contribution["contribution"]


def predict_many(
    model: PcosModel, requests: Sequence[PcosRequest], *, today: datetime.date
) -> list[PcosResult]:
    """Score many requests with one vectorised call per variant, in request order.

    `today` dates the context (a birth in the last 12 months); the score does not use it.
    """
    results: list[PcosResult | None] = [None] * len(requests)
    for one in scored(model, requests):
        fields = answer_fields(requests[one.position], one, today)
        # Every field is computed from the model's own numbers: no second validation.
        results[one.position] = PcosResult.model_construct(**fields)
    return [result for result in results if result is not None]


def predict(model: PcosModel, request: PcosRequest, *, today: datetime.date) -> PcosResult:
    """Score one request: the same path as `predict_many` with a batch of one."""
    return predict_many(model, [request], today=today)[0]
