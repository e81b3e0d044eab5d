"""Request, answer and error examples for the OpenAPI spec, the ones generated docs show.

The requests are the contract's own bodies, each model's declared by its spec. The answers,
and one error of each status, are what the service answered, captured into `examples.json`
beside this file (`make spec` runs `python -m scripts.capture_examples` first) and compared
with live answers by a test, so the spec never shows an answer the service would not give.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final

from fembalance_ml.serving.spec import ModelSpec

EXAMPLES_FILE: Final = Path(__file__).with_name("examples.json")
# Fields that differ on every call: the captured examples hold these stand-ins instead.
VOLATILE_FIELDS: Final[dict[str, str]] = {"prediction_id": "q1w2e3r4t5y6u7i8o9p0aA"}
Specs = Iterable[ModelSpec[Any, Any, Any]]


def answers_with_ids(specs: Specs) -> list[str]:
    """The answer schemas that carry a prediction id (spliced in after the model answers,
    so FastAPI cannot see it in the response models): every served model's."""
    return [spec.response_type.__name__ for spec in specs]


def requests(specs: Specs) -> dict[str, dict[str, Any]]:
    """The request example of each prediction route: each model's own, then the batch's."""
    listed = list(specs)
    found = {spec.route: dict(spec.example) for spec in listed}
    found["batch"] = batch_example(listed)
    return found


# A refused batch item: a cycle start on a day that does not exist (an unknown model in an
# app without the cycle model: refused all the same).
REFUSED_ITEM: Final[dict[str, Any]] = {
    "model_name": "cycle",
    "input": {"cycles": [{"start_date": "2026-13-01"}]},
}


def batch_example(specs: Sequence[ModelSpec[Any, Any, Any]]) -> dict[str, Any]:
    """An answered item (the first model's own example) and a refused one."""
    answered = [{"model_name": spec.route, "input": spec.example} for spec in specs[:1]]
    return {"requests": [*answered, REFUSED_ITEM]}


@cache
def captured() -> dict[str, Any]:
    """`{"answers": {route: answer}, "errors": {status: envelope}}` ({} before a capture)."""
    if not EXAMPLES_FILE.exists():
        return {}
    loaded: dict[str, Any] = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return loaded


PREDICTION_PATH: Final = "/api/v1/predict/"
ENVELOPE_REF: Final = "#/components/schemas/ErrorEnvelope"


def declare_prediction_ids(spec: dict[str, Any], specs: Specs) -> None:
    """Add the `prediction_id` every prediction answer carries to its schema, in place."""
    schemas = spec.get("components", {}).get("schemas", {})
    for name in answers_with_ids(specs):
        if name in schemas:
            schemas[name]["properties"]["prediction_id"] = {
                "type": "string",
                "title": "Prediction Id",
                "description": "Opaque id of this answer: send it with POST /api/v1/outcomes.",
            }
            schemas[name].setdefault("required", []).append("prediction_id")


def add_examples(spec: dict[str, Any], specs: Specs) -> None:
    """Put the example bodies, answers and errors into a built spec, in place.

    After FastAPI has built the document: it drops every null while building, and an
    example answer with its nulls removed would not be a true answer.
    """
    found = captured()
    examples = requests(specs)
    answers, errors = found.get("answers", {}), found.get("errors", {})
    for path, operations in spec["paths"].items():
        name = path.removeprefix(PREDICTION_PATH) if path.startswith(PREDICTION_PATH) else None
        for operation in operations.values():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if name in examples and body is not None:
                body["example"] = examples[name]
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json")
                if content is None:
                    continue
                if status == "200":
                    example = answers.get(name)
                elif content.get("schema") == {"$ref": ENVELOPE_REF}:
                    example = errors.get(status)
                else:
                    example = None
                if example is not None:
                    content["example"] = example
