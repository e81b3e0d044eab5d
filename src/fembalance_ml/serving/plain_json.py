"""A result's JSON written by orjson from its fields, where that is pydantic's JSON exactly.

pydantic's serializer walks a model through its schema: for a symptoms answer of 15 KB
that is about 55 µs, against 20 µs for `orjson.dumps(result.__dict__, default=vars)` (5.7
against 1.2 for a cycle answer, 8.2 against 2.2 for PCOS; issue 24). The two write the
same bytes when the models are plain: fields under their own names, in declaration order
(pydantic keeps `__dict__` in that order), no alias, no custom or computed serializer, no
excluded or extra field, and values that orjson writes as pydantic does (strings,
numbers, booleans, None, dates, string enums, lists, and dicts with string keys).

`encoder_for` checks a result type once and gives the fast writer only when every model
it holds is plain; otherwise pydantic's own. A TypedDict is written in its dict's own key
order, which pydantic writes in declaration order: the code that builds one writes its
keys in that order, and tests/api/test_plain_json.py holds the two writers to the same
bytes over every model's golden corpus, in English and German.
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from collections.abc import Callable
from typing import Any, Final

import orjson
import typing_extensions
from pydantic import BaseModel, RootModel

Encoder = Callable[[BaseModel], bytes]
# Leaf types orjson writes as pydantic's JSON mode does (a date as its ISO text).
_LEAVES: Final = (str, int, float, bool, type(None), datetime.date)
_CONTAINERS: Final = (list, tuple, dict)


def plain_json(result: BaseModel) -> bytes:
    """The result's JSON from its fields (only for a type `encoder_for` found plain)."""
    return orjson.dumps(result.__dict__, default=vars)


def pydantic_json(result: BaseModel) -> bytes:
    """The result's JSON by pydantic's serializer, as `model_dump_json` writes it."""
    return bytes(result.__pydantic_serializer__.to_json(result))


def encoder_for(model_type: type[BaseModel]) -> Encoder:
    """`plain_json` when every model in `model_type` is plain, else `pydantic_json`."""
    return plain_json if is_plain(model_type) else pydantic_json


def is_plain(annotation: Any, seen: set[type] | None = None) -> bool:
    """Whether values of `annotation` are written by orjson exactly as by pydantic."""
    seen = set() if seen is None else seen
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _plain_model(annotation, seen)
    if typing_extensions.is_typeddict(annotation):
        if annotation in seen:
            return True
        seen.add(annotation)
        hints = typing.get_type_hints(annotation)
        return all(is_plain(hint, seen) for hint in hints.values())
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is None:
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return all(isinstance(member.value, str) for member in annotation)
        # Not a datetime (a date subclass): pydantic writes UTC as "Z", orjson "+00:00".
        return annotation in _LEAVES
    if origin is typing.Literal:
        return all(isinstance(value, _LEAVES) for value in arguments)
    if origin is typing.Annotated:
        return is_plain(arguments[0], seen)
    if origin in (typing.Union, types.UnionType):
        return all(is_plain(argument, seen) for argument in arguments)
    if origin is dict:
        return arguments[0] is str and is_plain(arguments[1], seen)
    if origin in _CONTAINERS:
        return all(is_plain(a, seen) for a in arguments if a is not Ellipsis)
    return False


def _plain_model(model: type[BaseModel], seen: set[type]) -> bool:
    if model in seen:
        return True
    seen.add(model)
    decorators = model.__pydantic_decorators__
    config = model.model_config
    if (
        issubclass(model, RootModel)
        or config.get("extra") == "allow"
        or config.get("ser_json_inf_nan", "null") != "null"
        or model.model_computed_fields
        or decorators.field_serializers
        or decorators.model_serializers
    ):
        return False
    for name, field in model.model_fields.items():
        renamed = field.serialization_alias not in (None, name) or field.alias not in (None, name)
        excluded = field.exclude or getattr(field, "exclude_if", None) is not None
        if renamed or excluded or not is_plain(field.annotation, seen):
            return False
    return True
