"""The batch contract in OpenAPI: typed items and answers, told apart by `model_name`.

At run time a batch is parsed leniently, so that an invalid item gets an error in its own
slot while the others still run; the request model therefore cannot be the typed union.
These schemas say what each item and each answer is, for generated clients: an item is a
union discriminated on `model_name` (an enum), an answer is one model's response with its
`model_name`, or that item's error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from pydantic import BaseModel

from fembalance_ml.api.errors import ErrorBody
from fembalance_ml.serving.spec import ModelSpec

REF: Final = "#/components/schemas/"
MODEL_NAME_SCHEMA: Final = "BatchModelName"


def unfilled_list() -> dict[str, Any]:
    """The schema `requests` and `predictions` carry until an app fills them in for its
    models (refresh_batch_fields): the batch's types are declared at import, its models
    are not. A new dict each time: the two fields are filled in separately."""
    return {"type": "array", "items": {}}


Specs = Iterable[ModelSpec[Any, Any, Any]]


def batch_models(specs: Specs) -> dict[str, tuple[str, type[BaseModel], type[BaseModel]]]:
    """model_name: (schema-name prefix, request type, response type), per served model."""
    return {
        spec.route: (spec.batch_prefix, spec.request_type, spec.response_type) for spec in specs
    }


def _model_name(name: str) -> dict[str, Any]:
    return {"type": "string", "enum": [name], "title": "Model Name"}


def requests_schema(specs: Specs) -> dict[str, Any]:
    """The JSON schema of `requests`: items discriminated on `model_name`."""
    models = batch_models(specs)
    mapping = {name: f"{REF}{prefix}BatchItem" for name, (prefix, _, _) in models.items()}
    return {
        "type": "array",
        "items": {
            "oneOf": [{"$ref": ref} for ref in mapping.values()],
            # Sorted by name, as pydantic writes a mapping.
            "discriminator": {
                "propertyName": "model_name",
                "mapping": dict(sorted(mapping.items())),
            },
        },
    }


def predictions_schema(specs: Specs) -> dict[str, Any]:
    """The JSON schema of `predictions`: a model's answer or the item's error, in order."""
    answers = [f"{REF}{prefix}BatchAnswer" for prefix, _, _ in batch_models(specs).values()]
    return {
        "type": "array",
        "items": {"anyOf": [{"$ref": ref} for ref in [*answers, f"{REF}BatchItemError"]]},
    }


def batch_components(specs: Specs) -> dict[str, dict[str, Any]]:
    """The component schemas the two schemas above refer to."""
    models = batch_models(specs)
    components: dict[str, dict[str, Any]] = {
        MODEL_NAME_SCHEMA: {
            "title": MODEL_NAME_SCHEMA,
            "type": "string",
            "enum": list(models),
        },
        "BatchItemError": {
            "title": "BatchItemError",
            "description": "The error of one batch item; the other items still answer.",
            "type": "object",
            "required": ["model_name", "error"],
            "properties": {
                "model_name": {
                    "anyOf": [{"$ref": f"{REF}{MODEL_NAME_SCHEMA}"}, {"type": "null"}],
                    "description": "The item's model, or null when it named no known model.",
                },
                "error": {"$ref": f"{REF}{ErrorBody.__name__}"},
            },
        },
    }
    for name, (prefix, request, response) in models.items():
        components[f"{prefix}BatchItem"] = {
            "title": f"{prefix}BatchItem",
            "type": "object",
            "additionalProperties": False,
            "required": ["model_name", "input"],
            "properties": {
                "model_name": _model_name(name),
                "input": {"$ref": f"{REF}{request.__name__}"},
            },
        }
        components[f"{prefix}BatchAnswer"] = {
            "title": f"{prefix}BatchAnswer",
            "allOf": [
                {"$ref": f"{REF}{response.__name__}"},
                {
                    "type": "object",
                    "required": ["model_name"],
                    "properties": {"model_name": _model_name(name)},
                },
            ],
        }
    return components


def refresh_batch_fields(schemas: dict[str, Any], specs: Specs) -> None:
    """Document `requests` and `predictions` for the app's served models, in place.

    The batch models' field schemas are declared when api/batch.py is imported, before
    any app names its models (UNFILLED_LIST); the app fills them in here when it builds
    its spec.
    """
    specs = tuple(specs)
    for model, field, schema in (
        ("BatchRequest", "requests", requests_schema(specs)),
        ("BatchResponse", "predictions", predictions_schema(specs)),
    ):
        properties = schemas.get(model, {}).get("properties", {})
        if field in properties:
            # A new dict: the one pydantic returned may be the annotation's own.
            properties[field] = {**properties[field], **schema}
