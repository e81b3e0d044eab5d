"""PCOS batch items without per-item pydantic work: one validation pass, one JSON dump each.

`fast_features` accepts the common shape of a valid PCOS input (plain JSON numbers and
0/1 flags inside their ranges) and returns its values as a plain namespace; anything else,
valid or not, returns None and is validated by `PcosRequest` as before, so an error keeps
its exact message and an unusual valid value its exact meaning. `score` then answers the
group as `pcos.service.predict_many` does (one matrix per variant, the service's own rules,
flags and recommendations) but builds plain dicts instead of result models; the batch adds
the envelope (`served.envelope`) and dumps each answer once with orjson: byte for byte
what pydantic writes (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from types import SimpleNamespace
from typing import Any, Final

from fembalance_ml.pcos.features import PHYSIOLOGICAL_RANGES
from fembalance_ml.pcos.model import PcosModel
from fembalance_ml.pcos.schemas import PcosFeatures, PcosRequest
from fembalance_ml.pcos.service import answer_fields, scored
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
# A request with a person's context goes through `PcosRequest`: the context's own checks
# (dates, conflicts) are pydantic's, and its answer depends on it.
_REQUEST_KEYS: Final = frozenset(PcosRequest.model_fields) - {"context"}
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
    return SimpleNamespace(user_id=user_id, features=SimpleNamespace(**values), context=None)


def as_namespace(request: PcosRequest) -> SimpleNamespace:
    """A request pydantic validated, in the shape `fast_features` returns."""
    return SimpleNamespace(
        user_id=request.user_id,
        features=SimpleNamespace(**vars(request.features)),
        context=request.context,
    )


def score(model: PcosModel, requests: Sequence[Any], today: date) -> list[dict[str, Any]]:
    """The results `pcos.service.predict_many` gives, as plain dicts in the result's order.

    One matrix per variant through the model, as there; the per-person rules (criteria,
    context, flags, recommendations, the level rules, assumptions) come from
    `pcos.service.answer_fields`, as the single route's do. No result model is built.
    Byte-identity with the service's answers is tested (tests/api/test_batch_columnar.py).
    """
    answers: list[dict[str, Any] | None] = [None] * len(requests)
    for one in scored(model, requests):
        fields = answer_fields(requests[one.position], one, today)
        # The service's own fields; its models as plain dicts for orjson.
        fields["criteria"] = dict(vars(fields["criteria"]))
        fields["flags"] = [dict(vars(flag)) for flag in fields["flags"]]
        fields["assumptions"] = [dict(vars(note)) for note in fields["assumptions"]]
        answers[one.position] = fields
    return [answer for answer in answers if answer is not None]


def score_many(model: PcosModel, requests: Sequence[Any], *, today: date) -> list[dict[str, Any]]:
    """`score` with the signature of a model's `predict_many`."""
    return score(model, requests, today)
