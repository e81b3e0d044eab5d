"""The body of POST /api/v1/outcomes, built from the served models' outcome declarations.

Each model that takes an outcome names its field and type (`ModelSpec.outcome`,
serving/ledger_spec.py); the body is the prediction id and every such field, optional,
exactly one of them set. Fields are listed by name, so the contract does not move when a
model is registered earlier or later; two models may share a field of the same type.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from fembalance_ml.i18n import Text
from fembalance_ml.serving.ledger_spec import OutcomeSpec
from fembalance_ml.serving.spec import ModelSpec

ROUTE_DESCRIPTION = (
    "Record what happened after a {subjects} prediction; scored against its version.\n\n"
    "Idempotent: the same outcome again answers 202 as the first time did."
)


def _either(words: list[str]) -> str:
    """`a`, `a or b`, `a, b or c` (the spec's English descriptions)."""
    return " or ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


NO_OUTCOME_FIELDS = Text("errors.validation.no_outcome_fields", "no served model takes an outcome")
EXACTLY_ONE = Text(
    "errors.validation.exactly_one_outcome",
    "send exactly one of {head} or {last}",
    "{head} and {last}: field names, as they are ({head} may list several, comma-separated).",
)
SEND_THE_ONE = Text(
    "errors.validation.the_one_outcome", "send exactly one of {field}", "{field}: a field name."
)


def _exactly_one(fields: list[str]) -> str:
    """`send exactly one of a, b or c`, in the request's language."""
    if len(fields) == 1:
        return SEND_THE_ONE.render(field=fields[0])
    return EXACTLY_ONE.render(head=", ".join(fields[:-1]), last=fields[-1])


def _exactly_one_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """State "exactly one outcome field, not null" in the JSON schema, in place, so that
    validators and fuzzers know the rule `_exactly_one_outcome` enforces.

    As a `not` (none set, or any two set): a `oneOf` of one branch per field would say
    the same, but generated clients turn it into one body type per branch, without
    `prediction_id`. `x-exactly-one-of` names the fields for readers.
    """
    fields = [name for name in model.model_fields if name != "prediction_id"]
    if not fields:
        return
    unset = {"type": "null"}
    none_set = {"properties": dict.fromkeys(fields, unset)}
    two_set = [
        {"required": [a, b], "properties": {a: {"not": unset}, b: {"not": unset}}}
        for i, a in enumerate(fields)
        for b in fields[i + 1 :]
    ]
    schema["not"] = {"anyOf": [none_set, *two_set]}
    schema["x-exactly-one-of"] = fields


class OutcomeBody(BaseModel):
    """The prediction an outcome is about; the built type adds the outcome fields."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one_schema)

    prediction_id: str = Field(min_length=1, max_length=64)

    @model_validator(mode="after")
    def _exactly_one_outcome(self) -> OutcomeBody:
        fields = [name for name in type(self).model_fields if name != "prediction_id"]
        if not fields:
            raise ValueError(NO_OUTCOME_FIELDS.render())
        if sum(getattr(self, name) is not None for name in fields) != 1:
            raise ValueError(_exactly_one(fields))
        return self

    def posted(self) -> tuple[str, Any]:
        """The outcome field that is set, and its value."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name != "prediction_id" and value is not None:
                return name, value
        raise AssertionError("validated with exactly one outcome")


def outcomes_by_field(specs: Iterable[ModelSpec[Any, Any, Any]]) -> list[OutcomeSpec[Any]]:
    """One declaration per outcome field, by field name; ValueError when two models
    declare one field with different types."""
    found: dict[str, OutcomeSpec[Any]] = {}
    for spec in specs:
        outcome = spec.outcome
        if outcome is None:
            continue
        known = found.setdefault(outcome.field, outcome)
        if known.value_type != outcome.value_type:
            raise ValueError(f"{spec.name}: outcome field {outcome.field} has another type")
    return [found[name] for name in sorted(found)]


def outcome_request_type(specs: Iterable[ModelSpec[Any, Any, Any]]) -> type[OutcomeBody]:
    """`OutcomeRequest`: the prediction id and every served model's outcome field."""
    outcomes = outcomes_by_field(specs)
    fields: dict[str, Any] = {
        outcome.field: (outcome.value_type | None, Field(None, description=outcome.description))
        for outcome in outcomes
    }
    whats = [f"{outcome.what} ({outcome.subject})" for outcome in outcomes]
    return create_model(
        "OutcomeRequest",
        __base__=OutcomeBody,
        __doc__=f"What happened after one prediction: {_either(whats)}.",
        __module__=__name__,
        **fields,
    )


def route_description(specs: Iterable[ModelSpec[Any, Any, Any]]) -> str:
    """The outcome route's description, naming the models that take an outcome."""
    subjects = [outcome.subject for outcome in outcomes_by_field(specs)]
    return ROUTE_DESCRIPTION.format(subjects=_either(subjects))
