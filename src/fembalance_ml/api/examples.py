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
# The captured answer to batch_with_refused_item, beside the route's answers; the spec
# shows it as a second example answer of the batch route, described in words: the request
# example itself stays valid, as outside linters require (they validate examples).
REFUSED_BATCH: Final = "batch_with_refused_item"
REFUSED_SUMMARY: Final = (
    "The same batch with a second item, a cycle start on 2026-13-01 (a day that does not "
    "exist): that item's error is in its slot, the other items are answered."
)


def batch_example(specs: Sequence[ModelSpec[Any, Any, Any]]) -> dict[str, Any]:
    """An answered item: the first model's own example."""
    return {"requests": [{"model_name": spec.route, "input": spec.example} for spec in specs[:1]]}


def batch_with_refused_item(specs: Sequence[ModelSpec[Any, Any, Any]]) -> dict[str, Any]:
    """The batch example and a refused item after it."""
    return {"requests": [*batch_example(specs)["requests"], REFUSED_ITEM]}


def _answer_examples(answers: dict[str, Any], name: str | None) -> dict[str, Any]:
    """The `example` (or, for the batch, `examples`) of a route's 200 answer."""
    answer = answers.get(name or "")
    if answer is None:
        return {}
    refused = answers.get(REFUSED_BATCH)
    if name != "batch" or refused is None:
        return {"example": answer}
    return {
        "examples": {
            "answered": {"summary": "Every item answered.", "value": answer},
            "item_refused": {"summary": REFUSED_SUMMARY, "value": refused},
        }
    }


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
                    content.update(_answer_examples(answers, name))
                elif content.get("schema") == {"$ref": ENVELOPE_REF} and status in errors:
                    content["example"] = errors[status]
