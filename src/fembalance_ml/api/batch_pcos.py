"""PCOS batch items without per-item pydantic work: one validation pass, one JSON dump each.

`fast_features` accepts the common shape of a valid PCOS input (plain JSON numbers and
0/1 flags inside their ranges) and returns its values as a plain namespace; anything else,
valid or not, returns None and is validated by `PcosRequest` as before, so an error keeps
its exact message and an unusual valid value its exact meaning. The answers are computed by
the PCOS service itself (`predict_many`, one matrix per variant, the same rules and flags)
and serialised with orjson from the answer's fields, byte for byte what pydantic writes.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any, Final

import orjson
from pydantic import BaseModel

from fembalance_ml.pcos.features import PHYSIOLOGICAL_RANGES
from fembalance_ml.pcos.schemas import PcosFeatures, PcosRequest
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


def _flag(value: object) -> bool | None:
    """A 0/1 flag as pydantic reads it, or None when only pydantic can tell."""
    if value is True or value is False:
        return value
    if type(value) is int and (value == 0 or value == 1):
        return value == 1
    return None


def fast_features(raw: dict[str, Any]) -> SimpleNamespace | None:
    """The request as a namespace (`user_id`, `features`), or None: validate it with pydantic.

    Accepts only what `PcosRequest` surely accepts with the same values: the six flags as
    true/false/0/1; measures as JSON numbers (not booleans) inside their ranges; follicle
    counts as whole numbers; the two model checks (menarche not after age, BMI from
    height and weight within range) applied as the model applies them.
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
    for name in _REQUIRED_FLAGS:
        flag = _flag(given.get(name))
        if flag is None:
            return None
        values[name] = flag
    for name in _OPTIONAL_FLAGS:
        value = given.get(name)
        if value is not None:
            flag = _flag(value)
            if flag is None:
                return None
            values[name] = flag
    for name in _MEASURES:
        value = given.get(name)
        if value is None:
            continue
        kind = type(value)
        if kind is not float and kind is not int:
            return None
        low, high = _RANGES[name]
        if not low <= value <= high or (kind is float and not math.isfinite(value)):
            return None
        values[name] = float(value)
    for name in _COUNTS:
        value = given.get(name)
        if value is None:
            continue
        if type(value) is float and value.is_integer():
            value = int(value)
        if type(value) is not int:
            return None
        low, high = _RANGES[name]
        if not low <= value <= high:
            return None
        values[name] = value
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


def _fields_of(value: object) -> dict[str, Any]:
    # The answer's nested models (criteria, flags) as their fields, in declaration order.
    if isinstance(value, BaseModel):
        return value.__dict__
    raise TypeError(f"cannot serialise {type(value).__name__}")


def answer_json(answer: BaseModel) -> bytes:
    """The answer's JSON, as `answer.model_dump_json()` writes it, for a built answer."""
    return orjson.dumps(answer.__dict__, default=_fields_of)


def headline_json(answer: BaseModel) -> bytes:
    """The few fields the ledger keeps of a PCOS answer, as JSON."""
    fields = answer.__dict__
    return orjson.dumps({"risk_score": fields["risk_score"], "risk_level": fields["risk_level"]})
