"""Score an outcome against its ledgered prediction, store it, count it in the metrics."""

from __future__ import annotations

from datetime import date

from fembalance_ml.ledger.models import Outcome
from fembalance_ml.ledger.repository import DuplicateOutcomeError, LedgerEntry, LedgerRepository
from fembalance_ml.ledger.scoring import OutcomeMismatchError, brier, score_cycle
from fembalance_ml.ledger.writer import utc_now
from fembalance_ml.observability.metrics import (
    OUTCOME_ABS_ERROR_DAYS,
    OUTCOME_BRIER,
    OUTCOME_INTERVAL_HITS,
    OUTCOMES,
)
from fembalance_ml.serving import registry


def outcome_field(model: str) -> str | None:
    """The outcome field a model's answers are scored by (its spec's), or None."""
    spec = registry.BY_NAME.get(model)
    return spec.outcome_field if spec is not None else None


def build_outcome(
    entry: LedgerEntry, observed_start_date: date | None, pcos_diagnosed: bool | None
) -> Outcome:
    """The scored outcome row; OutcomeMismatchError when it does not fit the prediction."""
    now = utc_now()
    expected = outcome_field(entry.model)
    given = "observed_start_date" if observed_start_date is not None else "pcos_diagnosed"
    if expected is None:
        raise OutcomeMismatchError(f"Predictions of {entry.model} take no outcome.")
    if given != expected:
        raise OutcomeMismatchError(f"This is a {entry.model} prediction: send {expected}.")
    if observed_start_date is not None:
        if entry.cycle_start is None or entry.cycle_earliest is None or entry.cycle_latest is None:
            raise OutcomeMismatchError("The prediction holds no predicted start.")
        score = score_cycle(
            entry.cycle_start,
            entry.cycle_earliest,
            entry.cycle_latest,
            observed_start_date,
            now.date(),
        )
        return Outcome(
            prediction_id=entry.id,
            received_at=now,
            observed_start_date=observed_start_date,
            abs_error_days=score.abs_error_days,
            interval_hit=score.interval_hit,
        )
    if pcos_diagnosed is None or entry.pcos_score is None:
        raise OutcomeMismatchError("The prediction holds no PCOS risk.")
    return Outcome(
        prediction_id=entry.id,
        received_at=now,
        pcos_diagnosed=pcos_diagnosed,
        brier=brier(entry.pcos_score, pcos_diagnosed),
    )


def record_outcome(repository: LedgerRepository, entry: LedgerEntry, outcome: Outcome) -> bool:
    """Store the outcome, score shadows, count it: True. False when the very same outcome
    was stored before (a client's retry: nothing is counted twice); DuplicateOutcomeError
    when a different one was.

    A shadow version answered the same request: the same outcome scores its answer too.
    """
    try:
        repository.add_outcome(outcome)
    except DuplicateOutcomeError:
        stored = repository.stored_outcome(entry.id)
        if stored == (outcome.observed_start_date, outcome.pcos_diagnosed):
            return False
        raise
    _count(entry, outcome)
    for shadow in repository.shadows(entry.id):
        try:
            scored = build_outcome(shadow, outcome.observed_start_date, outcome.pcos_diagnosed)
            repository.add_outcome(scored)
        except (OutcomeMismatchError, DuplicateOutcomeError):
            continue  # e.g. an observed start too far from the shadow's own prediction
        _count(shadow, scored)
    return True


def _count(entry: LedgerEntry, outcome: Outcome) -> None:
    labels = (entry.model, entry.version, entry.experiment_group or "none")
    OUTCOMES.labels(*labels).inc()
    if outcome.abs_error_days is not None:
        OUTCOME_ABS_ERROR_DAYS.labels(*labels).observe(outcome.abs_error_days)
        if outcome.interval_hit:
            OUTCOME_INTERVAL_HITS.labels(*labels).inc()
    if outcome.brier is not None:
        OUTCOME_BRIER.labels(*labels).observe(outcome.brier)
