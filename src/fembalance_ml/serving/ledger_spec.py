"""What the ledger keeps of a model's answers, and how an outcome scores them.

A model declares both in its spec (`ModelSpec.ledger`, `ModelSpec.outcome`); the ledger
and POST /api/v1/outcomes read the declarations and know no model:

- `LedgerHeadline`: named, typed fields of an answer, each read at a dotted path off the
  result (attributes) or off a cached answer's JSON (keys). The ledger stores the fields
  that are set as one JSON object per prediction (`predictions.headline`).
- `OutcomeSpec`: the field of POST /api/v1/outcomes that scores the model's answers, its
  type (what the route validates), the scoring function (headline + observed value ->
  `Score`), the name of the loss its experiment verdicts compare, and the figures its
  experiment report shows.

This module imports no ledger: domains declare with it, the ledger reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, TypeAdapter

HeadlineKind = Literal["float", "str", "date"]
HeadlineValue = float | str | date
# The headline fields of one answer that are set, by name (dates as `date`).
HeadlineValues = dict[str, HeadlineValue]
# What an experiment report shows of an arm: the mean loss, the share of outcomes inside
# the predicted interval (`Score.hit`), the AUC of `Score.probability` against `Score.event`.
FigureKind = Literal["mean_loss", "hit_rate", "auc"]
FIGURE_KINDS: frozenset[str] = frozenset(("mean_loss", "hit_rate", "auc"))
KINDS: frozenset[str] = frozenset(("float", "str", "date"))
ValueT = TypeVar("ValueT")


class OutcomeMismatchError(ValueError):
    """The outcome does not fit the prediction (wrong kind, or an impossible value)."""


def _step(value: Any, name: str, on_json: bool) -> Any:
    if value is None:
        return None
    return value.get(name) if on_json else getattr(value, name)


@dataclass(frozen=True)
class HeadlineField:
    """One headline field: its name in the ledger, its kind, where the answer holds it."""

    name: str
    kind: HeadlineKind
    # Dotted path into the result (attributes) and its JSON (keys): `a.b` reads a.b.
    path: str
    # The path's steps, split once (a headline is read for every answer).
    steps: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"headline field {self.name}: kind {self.kind!r} not in {KINDS}")
        object.__setattr__(self, "steps", tuple(self.path.split(".")))

    def read(self, answer: Any, *, on_json: bool) -> HeadlineValue | None:
        """The field's value in a result (or its JSON when `on_json`); None when unset."""
        value = answer
        for name in self.steps:
            value = _step(value, name, on_json)
        return self.convert(value)

    def convert(self, value: Any) -> HeadlineValue | None:
        """A value as this field's kind (a date's ISO text as a date); None stays None."""
        if value is None:
            return None
        if self.kind == "float":
            return float(value)
        if self.kind == "str":
            return str(value)
        return date.fromisoformat(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class LedgerHeadline:
    """The fields of an answer the ledger keeps (none: the ledger keeps no headline)."""

    fields: tuple[HeadlineField, ...] = ()

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"headline field names repeat: {names}")

    def of_result(self, result: BaseModel) -> HeadlineValues:
        """The set fields of a fresh answer (a few attribute reads)."""
        return _set(self.fields, result, on_json=False)

    def of_json(self, answer: Mapping[str, Any]) -> HeadlineValues:
        """The set fields of an answer's parsed JSON (a cached answer is only bytes)."""
        return _set(self.fields, answer, on_json=True)

    def decode(self, stored: Mapping[str, Any] | None) -> HeadlineValues:
        """The typed fields of a stored headline (JSON: dates are text); unknown ones dropped."""
        stored = stored or {}
        values: HeadlineValues = {}
        for headline_field in self.fields:
            value = headline_field.convert(stored.get(headline_field.name))
            if value is not None:
                values[headline_field.name] = value
        return values


def _set(fields: tuple[HeadlineField, ...], answer: Any, *, on_json: bool) -> HeadlineValues:
    values: HeadlineValues = {}
    for headline_field in fields:
        value = headline_field.read(answer, on_json=on_json)
        if value is not None:
            values[headline_field.name] = value
    return values


@dataclass(frozen=True)
class Score:
    """One outcome scored against its prediction's headline."""

    # The loss the experiment verdicts compare (lower is better).
    loss: float
    # Whether the observed value fell inside the predicted interval (a `hit_rate` figure).
    hit: bool | None = None
    # A probability forecast: the predicted probability and whether the event happened
    # (an `auc` figure).
    probability: float | None = None
    event: bool | None = None


# (headline of the prediction, observed value, today) -> Score; OutcomeMismatchError when
# the outcome does not fit the prediction.
Scorer = Callable[[HeadlineValues, ValueT, date], Score]


@dataclass(frozen=True, kw_only=True)
class OutcomeSpec(Generic[ValueT]):
    """How a model's answers take an outcome: validated, scored, compared."""

    # The field of POST /api/v1/outcomes (the route accepts every model's, exactly one).
    field: str
    # Its type, as pydantic validates it (`date`, `StrictBool`, an Annotated bound...).
    value_type: Any
    # The field's description in the contract.
    description: str
    # The contract's wording: "what (subject)" in the request's description, and the
    # subject in the route's ("a cycle or PCOS prediction").
    subject: str
    what: str
    score: Scorer[ValueT]
    # The loss's name (the experiment report's `loss`; some have a histogram metric).
    loss: str
    # The experiment report's figures of an arm, by name, in order.
    figures: tuple[tuple[str, FigureKind], ...] = ()

    def __post_init__(self) -> None:
        if not self.field.isidentifier() or self.field == "prediction_id":
            raise ValueError(f"outcome field {self.field!r} is not a usable field name")
        unknown = {kind for _, kind in self.figures} - FIGURE_KINDS
        if unknown:
            raise ValueError(f"outcome figures of unknown kinds: {sorted(unknown)}")

    @cached_property
    def _adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.value_type)

    def as_json(self, value: ValueT) -> Any:
        """The observed value as the ledger stores it (JSON: a date is its ISO text)."""
        return self._adapter.dump_python(value, mode="json")

    @property
    def figure_kinds(self) -> frozenset[str]:
        """The kinds of figure the report computes for this model."""
        return frozenset(kind for _, kind in self.figures)
