"""PCOS batch items without per-item pydantic work: one validation pass, one JSON dump each.

`fast_features` accepts the common shape of a valid PCOS input (plain JSON numbers and
0/1 flags inside their ranges) and returns its values as a plain namespace; anything else,
valid or not, returns None and is validated by `PcosRequest` as before, so an error keeps
its exact message and an unusual valid value its exact meaning. `score` then answers the
group as `pcos.service.predict_many` does (one matrix per variant, the service's own rules,
flags and recommendations) but builds plain dicts instead of response models, for one
orjson dump per answer: byte for byte what pydantic writes (tested).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from types import SimpleNamespace
from typing import Any, Final, cast

from fembalance_ml import disclaimers
from fembalance_ml.pcos.criteria import (
    hyperandrogenism,
    ovulatory_dysfunction,
    polycystic_ovarian_morphology,
)
from fembalance_ml.pcos.features import PHYSIOLOGICAL_RANGES, SYMPTOMS
from fembalance_ml.pcos.flags import flags_for
from fembalance_ml.pcos.model import VARIANTS, PcosModel, Variant
from fembalance_ml.pcos.recommendations import recommendations_for
from fembalance_ml.pcos.schemas import Criteria, PcosFeatures, PcosRequest
from fembalance_ml.pcos.service import (
    RiskLevel,
    confidence_for,
    floored_for_criteria,
    ignored_inputs,
    request_matrix,
    risk_levels_for,
    variant_for,
)
from fembalance_ml.schema_types import USER_ID_MAX_LENGTH

_FIELDS: Final = tuple(PcosFeatures.model_fields)
_DEFAULTS: Final = dict.fromkeys(_FIELDS)
_REQUIRED_FLAGS: Final = tuple(
    name for name, field in PcosFeatures.model_fields.items() if field.is_required()
)
_OPTIONAL_FLAGS: Final = ("fast_food", "regular_exercise")
_COUNTS: Final = ("follicle_count_left", "follicle_count_right")
_MEASURES: Final = tuple(
    name for name in PHYSIOLOGICAL_RANGES if name in _DEFAULTS and name not in _COUNTS
)
_RANGES: Final = PHYSIOLOGICAL_RANGES
_REQUEST_KEYS: Final = frozenset(PcosRequest.model_fields)
_FIELD_SET: Final = frozenset(_FIELDS)
_BMI_RANGE: Final = PHYSIOLOGICAL_RANGES["bmi"]


_FLAG, _MEASURE, _COUNT = 0, 1, 2
_KINDS: Final = {
    **dict.fromkeys(_REQUIRED_FLAGS, _FLAG),
    **dict.fromkeys(_OPTIONAL_FLAGS, _FLAG),
    **dict.fromkeys(_MEASURES, _MEASURE),
    **dict.fromkeys(_COUNTS, _COUNT),
}
_REQUIRED_SET: Final = frozenset(_REQUIRED_FLAGS)


def fast_features(raw: dict[str, Any]) -> SimpleNamespace | None:
    """The request as a namespace (`user_id`, `features`), or None: validate it with pydantic.

    Accepts only what `PcosRequest` surely accepts with the same values: the six flags as
    true/false/0/1; measures as JSON numbers (not booleans) inside their ranges; follicle
    counts as whole numbers; the two model checks (menarche not after age, BMI from
    height and weight within range) applied as the model applies them. A NaN or an
    infinity fails the range test.
    """
    if not raw.keys() <= _REQUEST_KEYS:
        return None
    user_id = raw.get("user_id")
    if user_id is not None and not (
        type(user_id) is str and 0 < len(user_id) <= USER_ID_MAX_LENGTH and user_id.isprintable()
    ):
        return None
    given = raw.get("features")
    if type(given) is not dict or not given.keys() <= _FIELD_SET:
        return None
    values = dict(_DEFAULTS)
    for name, value in given.items():
        if value is None:
            if name in _REQUIRED_SET:
                return None
            continue
        kind = _KINDS[name]
        if kind == _FLAG:
            if value is True or value is False:
                values[name] = value
            elif type(value) is int and (value == 0 or value == 1):
                values[name] = value == 1
            else:
                return None
            continue
        if kind == _COUNT and type(value) is float and value.is_integer():
            value = int(value)
        kind_of_value = type(value)
        if kind_of_value is not int and (kind == _COUNT or kind_of_value is not float):
            return None
        low, high = _RANGES[name]
        if not low <= value <= high:
            return None
        values[name] = value if kind == _COUNT else float(value)
    for name in _REQUIRED_FLAGS:
        if values[name] is None:
            return None
    menarche, age = values["years_since_menarche"], values["age"]
    if menarche is not None and age is not None and menarche > age:
        return None
    height, weight = values["height_cm"], values["weight_kg"]
    if values["bmi"] is None and height is not None and weight is not None:
        bmi = weight / (height / 100.0) ** 2
        if not _BMI_RANGE[0] <= bmi <= _BMI_RANGE[1]:
            return None
        values["bmi"] = bmi
    return SimpleNamespace(user_id=user_id, features=SimpleNamespace(**values))


def as_namespace(request: PcosRequest) -> SimpleNamespace:
    """A request pydantic validated, in the shape `fast_features` returns."""
    return SimpleNamespace(
        user_id=request.user_id, features=SimpleNamespace(**vars(request.features))
    )


def score(model: PcosModel, requests: Sequence[Any], model_version: str) -> list[dict[str, Any]]:
    """The answers `pcos.service.predict_many` gives, as plain dicts in the answer's order.

    One matrix per variant through the model, as there; the per-person rules (criteria,
    flags, recommendations, the criteria floor) are the PCOS service's own functions. No
    pydantic object is built, except a flag's when one is raised. Byte-identity with the
    service's answers is tested (tests/api/test_batch_columnar.py).
    """
    answers: list[dict[str, Any] | None] = [None] * len(requests)
    variants = [variant_for(r.features) for r in requests]
    for variant in VARIANTS:
        indices = [i for i, v in enumerate(variants) if v == variant]
        if not indices:
            continue
        fitted = model.variant(variant)
        names = fitted.features
        matrix = request_matrix([requests[i] for i in indices], names)
        scores, parts = fitted.explain(matrix)
        levels = risk_levels_for(scores, fitted.thresholds)
        values = [[None if math.isnan(v) else v for v in row] for row in matrix.tolist()]
        score_list = scores.tolist()
        for row, index in enumerate(indices):
            answers[index] = _answer(
                requests[index].features,
                variant,
                names,
                values[row],
                score_list[row],
                levels[row],
                confidence_for(score_list[row], fitted.thresholds),
                parts[row].tolist(),
                model_version,
            )
    return [answer for answer in answers if answer is not None]


def _answer(
    features: Any,
    variant: Variant,
    names: Sequence[str],
    values: list[float | None],
    risk_score: float,
    level: RiskLevel,
    confidence: float,
    parts: list[float],
    model_version: str,
) -> dict[str, Any]:
    # pcos.service._response, field for field.
    ignored = ignored_inputs(features)
    contributions = [
        {"feature": name, "value": value, "contribution": part}
        for name, value, part in zip(names, values, parts, strict=True)
    ]
    pushing_up = sorted(
        (c for c in contributions if c["contribution"] > 0 and c["feature"] not in ignored),  # type: ignore[operator]
        key=_strength,
    )
    criteria = {
        "ovulatory_dysfunction": ovulatory_dysfunction(features),
        "hyperandrogenism": hyperandrogenism(features),
        "polycystic_ovarian_morphology": polycystic_ovarian_morphology(features),
    }
    met = sum(value is True for value in criteria.values())
    floored = floored_for_criteria(level, met)
    flags = flags_for(features, met)
    # Read by attribute only: a namespace stands in for the Criteria model.
    as_criteria = cast(Criteria, SimpleNamespace(**criteria))
    recommendations = recommendations_for(floored, variant, as_criteria, met, flags)
    return {
        "risk_score": risk_score,
        "risk_level": floored,
        "confidence": confidence if floored == level else 0.5,
        "key_factors": [c["feature"] for c in pushing_up],
        "contributions": contributions,
        "criteria": criteria,
        "criteria_met": met,
        "flags": [flag.__dict__ for flag in flags],
        "variant": variant,
        "missing_features": [
            name
            for name, value in zip(names, values, strict=True)
            if value is None and name not in SYMPTOMS and name not in ignored
        ],
        "recommendations": recommendations,
        "model_version": model_version,
        "disclaimer": disclaimers.PCOS,
        "experiment_group": None,
    }


def _strength(contribution: dict[str, Any]) -> float:
    return -float(contribution["contribution"])


def score_many(
    model: PcosModel, requests: Sequence[Any], *, model_version: str, today: date
) -> list[dict[str, Any]]:
    """`score` with the signature of a model's `predict_many` (PCOS ignores `today`)."""
    del today
    return score(model, requests, model_version)
