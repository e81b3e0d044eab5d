"""PCOS risk service: request -> features -> calibrated score -> explanation -> result.

The result is what the model says about the person; the serving layer adds the model
version, disclaimer and experiment group (api/answers.py). The model's part of an answer
(score, contributions, key factors, missing features) is computed per request
(pcos/inputs.py); the rules' part (level, criteria, flags, recommendations, assumptions)
comes from the table of pcos/rules.py. The batch (api/batch_pcos.py) reads the same
table, and computes the model's part for all its rows at once (pcos/columnar.py, tested
equal to this module's).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from fembalance_ml.pcos.criteria import is_adolescent
from fembalance_ml.pcos.inputs import (
    Stage,
    contributions_of,
    ignored_inputs,
    inputs_of,
    key_factors,
    layout,
    missing_features,
    model_inputs,
    variant_for,
)
from fembalance_ml.pcos.levels import (
    RiskLevel,
    confidence_for,
    floored_for_criteria,
    risk_level_for,
)
from fembalance_ml.pcos.model import VARIANTS, PcosModel, Variant, VariantModel
from fembalance_ml.pcos.rules import rule_part, situation_of
from fembalance_ml.pcos.schemas import PcosRequest, PcosResult

__all__ = [
    "RiskLevel",
    "answer_fields",
    "confidence_for",
    "floored_for_criteria",
    "ignored_inputs",
    "model_inputs",
    "predict",
    "predict_many",
    "risk_level_for",
    "scored",
    "situation_of",
    "variant_for",
]


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
    # What this person's stage (adult or adolescent) reads of the variant's features.
    stage: Stage


def scored(model: PcosModel, requests: Sequence[Any]) -> Iterator[Scored]:
    """Each request's variant, inputs, score, level and contributions, variant by variant.

    One call per variant (`VariantModel.explain`): a matrix through the backend for
    several requests, plain Python for one. `requests` need `.features` only.
    """
    if len(requests) == 1:
        # The single route's case: the same steps without a list for each.
        yield _scored_one(model, requests[0].features)
        return
    stages = [is_adolescent(r.features) for r in requests]
    variants = [
        variant_for(r.features, adolescent) for r, adolescent in zip(requests, stages, strict=True)
    ]
    for variant in VARIANTS:
        indices = [i for i, v in enumerate(variants) if v == variant]
        if not indices:
            continue
        fitted = model.variant(variant)
        found = layout(fitted.features)
        chosen = [found.adolescent if stages[i] else found.adult for i in indices]
        rows = [
            inputs_of(requests[i].features, stage, found.read)
            for i, stage in zip(indices, chosen, strict=True)
        ]
        scores, parts = fitted.explain(rows)
        for index, values, score, row_parts, stage in zip(
            indices, rows, scores, parts, chosen, strict=True
        ):
            yield _scored(index, variant, found.names, values, score, fitted, row_parts, stage)


def _scored_one(model: PcosModel, features: Any) -> Scored:
    adolescent = is_adolescent(features)
    variant = variant_for(features, adolescent)
    fitted = model.variant(variant)
    found = layout(fitted.features)
    stage = found.adolescent if adolescent else found.adult
    values = inputs_of(features, stage, found.read)
    score, parts = fitted.explain_one(values)
    return _scored(0, variant, found.names, values, score, fitted, parts, stage)


def _scored(
    index: int,
    variant: Variant,
    names: tuple[str, ...],
    values: list[float | None],
    score: float,
    fitted: VariantModel,
    parts: list[float],
    stage: Stage,
) -> Scored:
    """One row's `Scored`, its level and confidence read off `fitted`'s thresholds."""
    thresholds = fitted.thresholds
    return Scored(
        index,
        variant,
        names,
        values,
        score,
        risk_level_for(score, thresholds),
        confidence_for(score, thresholds),
        parts,
        stage,
    )


def answer_fields(request: Any, one: Scored, today: datetime.date) -> dict[str, Any]:
    """Every field of one PCOS result, from the model's own numbers for one person.

    `predict_many` builds its result models from these fields; the rules' models in them
    are the table's (shared by every answer with the same key), never modified.
    """
    rules = rule_part(request, one.level, one.variant, today)
    names, values, parts, stage = one.names, one.values, one.parts, one.stage
    return {
        "risk_score": one.score,
        "risk_level": rules.level,
        # Moved by the criteria against the score: a coin toss between two levels.
        "confidence": 0.5 if rules.moved else one.confidence,
        "key_factors": key_factors(names, parts, stage),
        "contributions": contributions_of(names, values, parts),
        "criteria": rules.criteria,
        "criteria_met": rules.criteria_met,
        "flags": list(rules.flags),
        "variant": one.variant,
        "missing_features": missing_features(names, values, stage),
        "recommendations": list(rules.recommendations),
        "recommendation_codes": list(rules.recommendation_codes),
        "assumptions": list(rules.assumptions),
    }


def predict_many(
    model: PcosModel, requests: Sequence[PcosRequest], *, today: datetime.date
) -> list[PcosResult]:
    """Score many requests with one vectorised call per variant, in request order.

    `today` dates the context (a birth in the last 12 months); the score does not use it.
    """
    results: list[PcosResult | None] = [None] * len(requests)
    for one in scored(model, requests):
        # Every field is computed from the model's own numbers: no second validation.
        results[one.position] = built(answer_fields(requests[one.position], one, today))
    return [result for result in results if result is not None]


_set = object.__setattr__


def built(fields: dict[str, Any]) -> PcosResult:
    """`PcosResult.model_construct(**fields)` for every field given, of its type.

    What model_construct does without its per-field defaults, aliases and extras, which
    cost a quarter of a single answer (7 of 24 us); tests/pcos/test_result_built.py holds
    the two equal in every attribute pydantic keeps.
    """
    result = PcosResult.__new__(PcosResult)
    _set(result, "__dict__", fields)
    _set(result, "__pydantic_fields_set__", set(fields))
    _set(result, "__pydantic_extra__", None)
    _set(result, "__pydantic_private__", None)
    return result


def predict(model: PcosModel, request: PcosRequest, *, today: datetime.date) -> PcosResult:
    """Score one request: the same steps as `predict_many` with a batch of one."""
    return built(answer_fields(request, _scored_one(model, request.features), today))
