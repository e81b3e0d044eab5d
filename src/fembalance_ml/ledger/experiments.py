"""The experiment report of one model: arms, error figures with intervals, verdicts."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from fembalance_ml.ledger.repository import LedgerRepository
from fembalance_ml.ledger.verdicts import (
    BOOTSTRAP_SAMPLES,
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


def loss_of(model: str) -> str | None:
    """The loss a model's verdicts compare (lower is better; its spec's), or None."""
    spec = registry.BY_NAME.get(model)
    return spec.loss if spec is not None else None


def collect_arms(repository: LedgerRepository, model: str, retention: timedelta) -> list[Arm]:
    """The live predictions and outcomes of one model, by (version, group)."""
    not_before = utc_now() - retention
    arms = {
        (version, group): Arm(version, group, predictions=count)
        for version, group, count in repository.arm_counts(model, not_before)
    }
    for row in repository.scored_outcomes(model, not_before):
        arm = arms.setdefault(
            (row.version, row.experiment_group), Arm(row.version, row.experiment_group)
        )
        if row.abs_error_days is not None:
            arm.losses.append(float(row.abs_error_days))
            arm.hits.append(bool(row.interval_hit))
        elif row.brier is not None and row.pcos_score is not None:
            arm.losses.append(row.brier)
            arm.scores.append(row.pcos_score)
            arm.labels.append(bool(row.pcos_diagnosed))
    return sorted(arms.values(), key=lambda arm: (arm.version, arm.group or ""))


def _figure(figure: Figure) -> dict[str, Any]:
    return asdict(figure)


def figures(model: str, arm: Arm) -> dict[str, Any]:
    """The error figures of one arm with 95% bootstrap intervals, by the model's loss."""
    loss = loss_of(model)
    if loss == "abs_error_days":
        return {
            "mae_days": _figure(mean_figure(arm.losses)),
            "interval_coverage": _figure(mean_figure([float(h) for h in arm.hits])),
        }
    if loss == "brier":
        return {
            "brier": _figure(mean_figure(arm.losses)),
            "auc": _figure(auc_figure(arm.scores, arm.labels)),
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


def experiment_report(
    repository: LedgerRepository, model: str, retention: timedelta
) -> dict[str, Any]:
    """Everything GET /api/v1/experiments/{model} answers."""
    arms = collect_arms(repository, model, retention)
    loss = loss_of(model)
    return {
        "model": model,
        "loss": loss,
        "method": {
            "interval": "95% percentile bootstrap",
            "bootstrap_samples": BOOTSTRAP_SAMPLES,
            "min_outcomes_per_arm": MIN_OUTCOMES,
        },
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
