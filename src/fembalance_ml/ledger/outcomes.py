"""Score an outcome against its ledgered prediction, store it, count it in the metrics.

The ledger knows no model: the prediction's spec says which field its outcome comes in
and how it scores the stored headline (`ModelSpec.outcome`, serving/ledger_spec.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from prometheus_client import Histogram

from fembalance_ml.i18n import Text
from fembalance_ml.ledger.headline import ModelsByName
from fembalance_ml.ledger.models import Outcome
from fembalance_ml.ledger.repository import DuplicateOutcomeError, LedgerEntry, LedgerRepository
from fembalance_ml.ledger.writer import utc_now
from fembalance_ml.observability.metrics import (
    DAY_SECONDS,
    OUTCOME_ABS_ERROR_SECONDS,
    OUTCOME_BRIER,
    OUTCOME_INTERVAL_HITS,
    OUTCOMES,
)
from fembalance_ml.serving.ledger_spec import OutcomeMismatchError, OutcomeSpec

__all__ = ["OutcomeMismatchError", "Posted", "build_outcome", "record_outcome"]
# The losses observed in a histogram of their own (by loss name), with the factor from the
# loss's unit to the histogram's (days to seconds); every outcome is counted.
LOSS_HISTOGRAMS: dict[str, tuple[Histogram, float]] = {
    "abs_error_days": (OUTCOME_ABS_ERROR_SECONDS, DAY_SECONDS),
    "brier": (OUTCOME_BRIER, 1.0),
}

# The 422s of an outcome that does not fit its prediction (rendered in the request's language).
OUTCOME_NOT_TAKEN = Text(
    "errors.invalid_input.no_outcome", "Predictions of {model} take no outcome."
)
OUTCOME_OTHER_FIELD = Text(
    "errors.invalid_input.outcome_field",
    "This is a {model} prediction: send {field}.",
    "{field} is a field name, as it is.",
)


@dataclass(frozen=True)
class Posted:
    """The outcome a client posted: its field and the validated value."""

    field: str
    value: Any


def outcome_spec(models: ModelsByName, model: str) -> OutcomeSpec[Any] | None:
    """How a model's answers take an outcome (its spec's in `models`), or None."""
    spec = models.get(model)
    return spec.outcome if spec is not None else None


def build_outcome(models: ModelsByName, entry: LedgerEntry, posted: Posted) -> Outcome:
    """The scored outcome row; OutcomeMismatchError when it does not fit the prediction."""
    now = utc_now()
    expected = outcome_spec(models, entry.model)
    if expected is None:
        raise OutcomeMismatchError(OUTCOME_NOT_TAKEN.render(model=entry.model))
    if posted.field != expected.field:
        raise OutcomeMismatchError(
            OUTCOME_OTHER_FIELD.render(model=entry.model, field=expected.field)
        )
    headline = models[entry.model].ledger.decode(entry.headline)
    score = expected.score(headline, posted.value, now.date())
    return Outcome(
        prediction_id=entry.id,
        received_at=now,
        observed={posted.field: expected.as_json(posted.value)},
        loss=score.loss,
        hit=score.hit,
        probability=score.probability,
        event=score.event,
    )


def record_outcome(
    models: ModelsByName,
    repository: LedgerRepository,
    entry: LedgerEntry,
    outcome: Outcome,
    posted: Posted,
) -> bool:
    """Store the outcome, score shadows, count it: True. False when the very same outcome
    was stored before (a client's retry: nothing is counted twice); DuplicateOutcomeError
    when a different one was.

    A shadow version answered the same request: the same outcome scores its answer too.
    """
    try:
        repository.add_outcome(outcome)
    except DuplicateOutcomeError:
        if repository.stored_outcome(entry.id) == outcome.observed:
            return False
        raise
    _count(models, entry, outcome)
    for shadow in repository.shadows(entry.id):
        try:
            scored = build_outcome(models, shadow, posted)
            repository.add_outcome(scored)
        except (OutcomeMismatchError, DuplicateOutcomeError):
            continue  # e.g. an observed start too far from the shadow's own prediction
        _count(models, shadow, scored)
    return True


def _count(models: ModelsByName, entry: LedgerEntry, outcome: Outcome) -> None:
    labels = (entry.model, entry.version, entry.experiment_group or "none")
    OUTCOMES.labels(*labels).inc()
    spec = outcome_spec(models, entry.model)
    observed = LOSS_HISTOGRAMS.get(spec.loss) if spec is not None else None
    if observed is not None and outcome.loss is not None:
        histogram, scale = observed
        histogram.labels(*labels).observe(outcome.loss * scale)
    if outcome.hit:
        OUTCOME_INTERVAL_HITS.labels(*labels).inc()


def precreate_outcome_series(
    models: ModelsByName, model: str, versions: Iterable[str], groups: Iterable[str]
) -> None:
    """Zero outcome series of a model that takes outcomes, for each loaded version and group:
    the count, its loss histogram and, when its report has a hit rate, the hits. In
    multiprocess mode an untouched series is absent, and `increase()` misses the first."""
    expected = outcome_spec(models, model)
    if expected is None:
        return
    observed = LOSS_HISTOGRAMS.get(expected.loss)
    hits = any(kind == "hit_rate" for _, kind in expected.figures)
    for version in versions:
        for group in groups:
            OUTCOMES.labels(model, version, group)
            if observed is not None:
                observed[0].labels(model, version, group)
            if hits:
                OUTCOME_INTERVAL_HITS.labels(model, version, group)
