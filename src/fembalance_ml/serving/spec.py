"""What the service must know about one model, declared once by its domain package.

Each domain package exports a `ModelSpec` (`fembalance_ml.pcos.spec.SPEC`, ...), the
composition root (fembalance_ml/main.py) lists them, and each app indexes its list in a
`serving.registry.ModelRegistry`. Everything that used to keep its own table of the three
models reads the spec instead: the prediction routes and their OpenAPI operations, the
batch (its `model_name`s, cost estimate and schema components), the cache, rate limits,
per-model settings, metrics, drift, the ledger's headline and the model's outcome
(serving/ledger_spec.py: the ledger and the outcome route know no model), and the
spec's examples.

Domain code answers with its result (`result_type`: what the model says about the
person); the serving layer (api/answers.py) adds the envelope every answer ends with
(`model_version`, the spec's `disclaimer` and its code, `experiment_group`) and the
prediction id. The public `response_type` is the result type plus those fields, in that
order.

One name per model: `name` is the models-tree folder (`cycle_prediction`), which is also
the label in metrics, the ledger and the settings. `route` is the declared alias the
public contract uses: the URL segment under `/api/v1/predict/` and a batch item's
`model_name` (`cycle`). Settings accept either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, Field

from fembalance_ml.i18n import Text
from fembalance_ml.serving.ledger_spec import LedgerHeadline, OutcomeSpec

RequestT = TypeVar("RequestT", bound=BaseModel)
ResultT = TypeVar("ResultT", bound=BaseModel)
ResponseT = TypeVar("ResponseT", bound=BaseModel)
RequestT_contra = TypeVar("RequestT_contra", bound=BaseModel, contravariant=True)
ResultT_co = TypeVar("ResultT_co", bound=BaseModel, covariant=True)


class Envelope(BaseModel):
    """The fields the serving layer appends to every result (api/answers.envelope), in this
    order; then the prediction id, spliced into the bytes.

    A response type is `class XResponse(Envelope, XResult)`: with Envelope first among the
    bases, pydantic lays out the result's fields first and these after them.
    """

    model_version: str
    disclaimer: str = Field(
        description="Plain-language disclaimer, in the answer's language (Content-Language)."
    )
    disclaimer_code: str = Field(
        description="Stable code of the disclaimer (`pcos`, `cycle`, `symptoms`; more may "
        "come): its text is `common.disclaimer.<code>` in the catalogs."
    )
    experiment_group: str | None = None


ENVELOPE_FIELDS = tuple(Envelope.model_fields)
NO_HEADLINE = LedgerHeadline()

# The request's numeric inputs by the names of its drift reference (monitoring/drift_monitor).
DriftInputs = Callable[[Any], Mapping[str, float]]


class Predict(Protocol[RequestT_contra, ResultT_co]):
    """One answer: `(model, request, *, today) -> result`, without version or disclaimer.

    Raises domain_errors.InvalidQuestion for a question it cannot answer (a 422); any
    other exception is a 500.
    """

    def __call__(self, model: Any, request: RequestT_contra, /, *, today: date) -> ResultT_co: ...


class PredictMany(Protocol[RequestT_contra, ResultT_co]):
    """Many results in request order, one vectorised call (the same errors as Predict)."""

    def __call__(
        self, model: Any, requests: Sequence[RequestT_contra], /, *, today: date
    ) -> Sequence[ResultT_co]: ...


@dataclass(frozen=True)
class ItemCost:
    """Estimated cost of one batch item: `base` plus so much per listed cycle and log.

    The unit is one PCOS item (api/batch_cost.py); only the lengths of the `cycles` and
    `logs` lists of the raw input are read, so the estimate costs next to nothing.
    """

    base: float
    per_cycle: float = 0.0
    per_log: float = 0.0

    def of(self, item_input: Mapping[str, Any]) -> float:
        """The estimated cost of one item's `input`."""
        if not (self.per_cycle or self.per_log):
            return self.base  # a flat cost (PCOS): no list to look at
        return (
            self.base
            + self.per_cycle * _length(item_input.get("cycles"))
            + self.per_log * _length(item_input.get("logs"))
        )


def _length(value: object) -> int:
    return len(value) if isinstance(value, list) else 0


@dataclass(frozen=True, kw_only=True)
class ModelSpec(Generic[RequestT, ResultT, ResponseT]):
    """One served model, as every part of the service sees it."""

    # The models-tree folder; also the model's label in metrics, ledger and settings.
    name: str
    # The public alias: URL segment under /api/v1/predict/ and the batch `model_name`.
    route: str
    request_type: type[RequestT]
    # What `predict` returns: the model's answer about the person, nothing else.
    result_type: type[ResultT]
    # The public answer: `result_type`'s fields, then Envelope's (OpenAPI, clients).
    response_type: type[ResponseT]
    predict: Predict[RequestT, ResultT]
    # The plain-language disclaimer every answer carries (fembalance_ml.disclaimers),
    # rendered in each request's language; its code is the key's last part.
    disclaimer: Text
    # The part of a result a shadow version must agree on.
    headline: Callable[[ResultT], object]
    # What the ledger keeps of each answer (serving/ledger_spec.py); none by default.
    ledger: LedgerHeadline = NO_HEADLINE
    # The route's OpenAPI operation: its id and description (the summary is derived from
    # the route, `Predict <Route>`, as FastAPI names a `predict_<route>` endpoint).
    operation_id: str
    description: str
    # The request example the spec shows (api/examples.py adds the captured answer).
    example: Mapping[str, Any]
    # The prefix of the batch's schema components (`<Prefix>BatchItem`, `...BatchAnswer`).
    batch_prefix: str
    predict_many: PredictMany[RequestT, ResultT] | None = None
    # Whether CACHE_MODELS names the model unless configured otherwise.
    cacheable: bool = False
    # A batch item's estimated cost, in PCOS items (api/batch_cost.py).
    cost: ItemCost = field(default_factory=lambda: ItemCost(1.0))
    # The request's drift inputs; None: the model's inputs are not watched.
    drift_inputs: DriftInputs | None = None
    # Answered on the event loop: cheaper than the hop to a pool thread.
    inline: bool = False
    # How POST /api/v1/outcomes validates and scores an outcome of this model's answers,
    # and the loss its experiment verdicts compare; None: it takes no outcome.
    outcome: OutcomeSpec[Any] | None = None

    def __post_init__(self) -> None:
        """Refuse a response type that is not the result type followed by the envelope:
        the serving layer writes an answer as the result's JSON plus the envelope's."""
        result_fields = tuple(self.result_type.model_fields)
        response_fields = tuple(self.response_type.model_fields)
        if not issubclass(self.response_type, self.result_type) or response_fields != (
            *result_fields,
            *ENVELOPE_FIELDS,
        ):
            raise TypeError(
                f"{self.name}: {self.response_type.__name__} must subclass "
                f"{self.result_type.__name__} and add exactly {', '.join(ENVELOPE_FIELDS)}"
            )

    @property
    def names(self) -> tuple[str, ...]:
        """Every name settings may use for the model: its name, then its route alias."""
        return (self.name,) if self.route == self.name else (self.name, self.route)


# Any model's spec, whatever its request, result and response types: what the registry
# lists and the serving layer takes.
AnySpec = ModelSpec[Any, Any, Any]
