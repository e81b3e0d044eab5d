"""The experiment report of one model: arms, error figures with intervals, verdicts.

Its cost is bounded whatever the number of outcomes (ledger/arms.py reads sums and a
capped sample, ledger/bootstrap.py resamples in blocks); the route also caches it per
model for a short while and computes it in the bounded prediction pool.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine

from fembalance_ml.ledger.arms import read_arms
from fembalance_ml.ledger.bootstrap import BOOTSTRAP_SAMPLES, SAMPLE_CAP
from fembalance_ml.ledger.verdicts import (
    MIN_OUTCOMES,
    Arm,
    Comparison,
    Figure,
    auc_figure,
    comparisons,
    mean_figure,
)
from fembalance_ml.ledger.writer import utc_now
from fembalance_ml.serving.ledger_spec import OutcomeSpec

ABOVE_CAP = (
    "above bootstrap_outcomes_cap outcomes in an arm, m-out-of-n bootstrap: a uniform sample "
    "of the cap resampled, its spread scaled by sqrt(m/n); values use every outcome"
)


def _figure(figure: Figure) -> dict[str, Any]:
    return asdict(figure)


def _computed(kind: str, arm: Arm) -> Figure:
    if kind == "mean_loss":
        return mean_figure(arm.losses, arm.sample.losses)
    if kind == "hit_rate":
        return mean_figure(arm.hits, arm.sample.hits)
    return auc_figure(arm)


def figures(outcome: OutcomeSpec[Any] | None, arm: Arm) -> dict[str, Any]:
    """The figures the model's outcome declares, of one arm, with 95% bootstrap intervals."""
    if outcome is None:
        return {}
    return {name: _figure(_computed(kind, arm)) for name, kind in outcome.figures}


def _arm_id(arm: Arm) -> dict[str, Any]:
    return {"version": arm.version, "group": arm.group}


def _comparison(comparison: Comparison) -> dict[str, Any]:
    return {
        "challenger": _arm_id(comparison.challenger),
        "control": _arm_id(comparison.control),
        "loss_difference": _figure(comparison.difference),
        "verdict": comparison.verdict,
        "outcomes_still_needed": comparison.outcomes_still_needed,
    }


def method(cache_seconds: float) -> dict[str, Any]:
    """How the intervals were computed, and how long an answer is reused."""
    return {
        "interval": "95% percentile bootstrap",
        "bootstrap_samples": BOOTSTRAP_SAMPLES,
        "min_outcomes_per_arm": MIN_OUTCOMES,
        "bootstrap_outcomes_cap": SAMPLE_CAP,
        "above_cap": ABOVE_CAP,
        "cache_seconds": cache_seconds,
    }


def experiment_report(
    engine: Engine,
    model: str,
    retention: timedelta,
    cache_seconds: float = 0.0,
    *,
    outcome: OutcomeSpec[Any] | None,
) -> dict[str, Any]:
    """Everything GET /api/v1/experiments/{model} answers (blocking: call from a thread).

    `outcome` is how the model's outcomes are scored and reported (its spec's; None: the
    model takes none).
    """
    now = utc_now()
    loss = outcome.loss if outcome is not None else None
    arms = read_arms(engine, model, outcome, now - retention)
    return {
        "model": model,
        "loss": loss,
        "computed_at": now.replace(microsecond=0).isoformat() + "Z",
        "method": method(cache_seconds),
        "arms": [
            {
                **_arm_id(arm),
                "predictions": arm.predictions,
                "outcomes": arm.outcomes,
                "figures": figures(outcome, arm),
            }
            for arm in arms
        ],
        "comparisons": [_comparison(c) for c in comparisons(arms)] if loss else [],
    }
