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
from fembalance_ml.serving import registry

ABOVE_CAP = (
    "above bootstrap_outcomes_cap outcomes in an arm, m-out-of-n bootstrap: a uniform sample "
    "of the cap resampled, its spread scaled by sqrt(m/n); values use every outcome"
)


def loss_of(model: str) -> str | None:
    """The loss a model's verdicts compare (lower is better; its spec's), or None."""
    spec = registry.BY_NAME.get(model)
    return spec.loss if spec is not None else None


def _figure(figure: Figure) -> dict[str, Any]:
    return asdict(figure)


def figures(model: str, arm: Arm) -> dict[str, Any]:
    """The error figures of one arm with 95% bootstrap intervals, by the model's loss."""
    loss = loss_of(model)
    if loss == "abs_error_days":
        return {
            "mae_days": _figure(mean_figure(arm.losses, arm.sample.losses)),
            "interval_coverage": _figure(mean_figure(arm.hits, arm.sample.hits)),
        }
    if loss == "brier":
        return {
            "brier": _figure(mean_figure(arm.losses, arm.sample.losses)),
            "auc": _figure(auc_figure(arm)),
        }
    return {}


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
    engine: Engine, model: str, retention: timedelta, cache_seconds: float = 0.0
) -> dict[str, Any]:
    """Everything GET /api/v1/experiments/{model} answers (blocking: call from a thread)."""
    now = utc_now()
    loss = loss_of(model)
    arms = read_arms(engine, model, loss, now - retention)
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
                "figures": figures(model, arm),
            }
            for arm in arms
        ],
        "comparisons": [_comparison(c) for c in comparisons(arms)] if loss else [],
    }
