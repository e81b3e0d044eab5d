"""What an answer is made of: a model's result, then the envelope, as JSON.

The envelope (`envelope`: version, disclaimer, experiment group) follows the result's
fields in every answer; a fresh prediction id is spliced in last, never cached
(`with_prediction_id`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson
from pydantic import BaseModel

from fembalance_ml.i18n import Text, current_language
from fembalance_ml.serving.plain_json import Encoder, encoder_for
from fembalance_ml.serving.spec import AnySpec


class VersionedResult(NamedTuple):
    """A domain result, and the version and experiment group that answered it."""

    result: BaseModel
    version: str
    group: str | None = None


def envelope(served: AnySpec, version: str, group: str | None) -> dict[str, Any]:
    """The fields the service adds to every result, in the response type's order.

    The one place they are decided: the single routes, the lean path and the batch write
    `answer_json`, the columnar PCOS batch merges this dict into its answers' dicts.
    """
    return _envelope(served.disclaimer, version, group)


def _envelope(disclaimer: Text, version: str, group: str | None) -> dict[str, Any]:
    """The envelope with the disclaimer in the request's language (i18n: its catalog)."""
    return {
        "model_version": version,
        "disclaimer": disclaimer.render(),
        "disclaimer_code": disclaimer_code(disclaimer),
        "experiment_group": group,
    }


def disclaimer_code(disclaimer: Text) -> str:
    """The stable code of a disclaimer: its key's last part (`common.disclaimer.pcos`)."""
    return disclaimer.key.rsplit(".", 1)[1]


# Encoded envelopes by (disclaimer key, language, version, group): a version and group per
# model and language, so few; bounded all the same.
_ENCODED: dict[tuple[str, str, str, str | None], bytes] = {}
ENCODED_ENVELOPES = 1024


def _envelope_members(disclaimer: Text, version: str, group: str | None) -> bytes:
    """The envelope's JSON members and the closing brace: `"model_version":...}`, in the
    request's language, each encoded once."""
    key = (disclaimer.key, current_language(), version, group)
    found = _ENCODED.get(key)
    if found is None:
        found = orjson.dumps(_envelope(disclaimer, version, group))[1:]
        if len(_ENCODED) < ENCODED_ENVELOPES:
            _ENCODED[key] = found
    return found


# Each result type's JSON writer (serving/plain_json.py), chosen once: a handful of types.
_ENCODERS: dict[type[BaseModel], Encoder] = {}


def answer_json(served: AnySpec, prediction: VersionedResult) -> bytes:
    """The public answer's JSON: the result's fields, then the envelope's.

    Byte for byte `response(served, prediction).model_dump_json()` (tested), without
    building a second model per answer: the result's JSON (orjson from its fields where
    that is pydantic's JSON exactly, serving/plain_json.py; else pydantic's serializer,
    as `model_dump_json` uses it) with its closing brace replaced by the envelope's
    members.
    """
    result = prediction.result
    encode = _ENCODERS.get(type(result))
    if encode is None:
        encode = _ENCODERS[type(result)] = encoder_for(type(result))
    head = memoryview(encode(result))[:-1]
    members = _envelope_members(served.disclaimer, prediction.version, prediction.group)
    return b"".join((head, b"," if len(head) > 1 else b"", members))


def response(served: AnySpec, prediction: VersionedResult) -> BaseModel:
    """The public answer as its response type (`served.response_type`), for Python callers.

    Built from fields already validated or computed, so not validated again.
    """
    fields = {**dict(prediction.result), **envelope(served, prediction.version, prediction.group)}
    answer: BaseModel = served.response_type.model_construct(**fields)
    return answer


def with_prediction_id(body: bytes, prediction_id: str) -> bytes:
    """The JSON object `body` with `prediction_id` added as its last field.

    Spliced into the bytes rather than set on the model, so that a cached body (shared by
    every identical request) never carries the id of another answer.
    """
    return body[:-1] + b',"prediction_id":"' + prediction_id.encode() + b'"}'


@dataclass(frozen=True)
class Answer:
    """A serialized prediction, whether the cache supplied it, and its prediction id.

    `after` is work that must not delay the answer (a shadow version's comparison): whoever
    sends the response awaits it once the response is out (the routes attach it as a
    Starlette background task). It never raises.
    """

    body: bytes
    cache: str | None
    prediction_id: str | None = None
    after: Callable[[], Awaitable[None]] | None = None
