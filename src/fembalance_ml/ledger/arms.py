"""The arms of one model's experiment, read with bounded memory whatever the outcomes.

The database does the work that grows with the outcomes: it counts predictions, sums each
arm's loss (and interval hits), ranks PCOS scores for the exact AUC, and hands back at
most SAMPLE_CAP outcomes per arm for the bootstrap. That sample is uniform: the outcomes
whose prediction ids end lowest, since an id ends in random (legacy ids) or keyed-hash
(ids with a MAC) characters, and the same outcomes always give the same sample.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine, Float, Select, and_, case, cast, func, select
from sqlalchemy.orm import Session

from fembalance_ml.ledger.bootstrap import SAMPLE_CAP
from fembalance_ml.ledger.models import Outcome, Prediction
from fembalance_ml.ledger.verdicts import Arm, Moments, Sample

ArmKey = tuple[str, str | None]
_ARM = (Prediction.version, Prediction.experiment_group)
# The last characters of an id: random or a keyed hash, hence a uniform sampling order.
_ID_TAIL = 12


def _loss_column(loss: str) -> Any:
    return Outcome.abs_error_days if loss == "abs_error_days" else Outcome.brier


def _scored(model: str, not_before: datetime, loss: str, *columns: Any) -> Select[Any]:
    """The outcomes of one model's live predictions that carry `loss`, with `columns`."""
    conditions = [
        Prediction.model == model,
        Prediction.created_at >= not_before,
        _loss_column(loss).is_not(None),
    ]
    if loss == "brier":
        conditions.append(Prediction.pcos_score.is_not(None))
    return (
        select(*_ARM, *columns)
        .join(Outcome, Outcome.prediction_id == Prediction.id)
        .where(and_(*conditions))
    )


def _prediction_counts(session: Session, model: str, not_before: datetime) -> dict[ArmKey, int]:
    query = (
        select(*_ARM, func.count())
        .where(Prediction.model == model, Prediction.created_at >= not_before)
        .group_by(*_ARM)
    )
    return {(version, group): int(n) for version, group, n in session.execute(query)}


def _moments(
    session: Session, model: str, not_before: datetime, loss: str
) -> dict[ArmKey, tuple[Moments, Moments]]:
    """Per arm: the loss's count, sum and sum of squares; the same of interval hits."""
    value = cast(_loss_column(loss), Float)
    hit = case((Outcome.interval_hit.is_(True), 1.0), else_=0.0)
    query = _scored(
        model,
        not_before,
        loss,
        func.count(),
        func.sum(value),
        func.sum(value * value),
        func.sum(hit),
    ).group_by(*_ARM)
    found = {}
    for version, group, n, total, squares, hits in session.execute(query):
        count = int(n)
        found[(version, group)] = (
            Moments(count, float(total or 0.0), float(squares or 0.0)),
            Moments(count, float(hits or 0.0), float(hits or 0.0)),
        )
    return found


def _aucs(session: Session, model: str, not_before: datetime) -> dict[ArmKey, float | None]:
    """Per arm, the AUC of every PCOS score against its diagnosis (ranks from the database)."""
    rank = func.rank().over(partition_by=_ARM, order_by=Prediction.pcos_score)
    ties = func.count().over(partition_by=(*_ARM, Prediction.pcos_score))
    ranked = _scored(
        model,
        not_before,
        "brier",
        Outcome.pcos_diagnosed.label("label"),
        (rank + (ties - 1) / 2.0).label("rank"),
    ).subquery()
    positive = ranked.c.label.is_(True)
    query = select(
        ranked.c.version,
        ranked.c.experiment_group,
        func.sum(case((positive, ranked.c.rank), else_=0.0)),
        func.sum(case((positive, 1), else_=0)),
        func.count(),
    ).group_by(ranked.c.version, ranked.c.experiment_group)
    found: dict[ArmKey, float | None] = {}
    for version, group, rank_sum, positives, n in session.execute(query):
        p, q = int(positives or 0), int(n) - int(positives or 0)
        found[(version, group)] = (float(rank_sum) - p * (p + 1) / 2) / (p * q) if p and q else None
    return found


def _samples(session: Session, model: str, not_before: datetime, loss: str) -> dict[ArmKey, Sample]:
    """Per arm, at most SAMPLE_CAP outcomes, uniformly chosen, as arrays."""
    order = func.substr(Prediction.id, func.length(Prediction.id) - (_ID_TAIL - 1))
    position = func.row_number().over(partition_by=_ARM, order_by=(order, Prediction.id))
    chosen = _scored(
        model,
        not_before,
        loss,
        cast(_loss_column(loss), Float).label("loss"),
        Outcome.interval_hit.label("hit"),
        Prediction.pcos_score.label("score"),
        Outcome.pcos_diagnosed.label("label"),
        position.label("position"),
    ).subquery()
    query = select(
        chosen.c.version,
        chosen.c.experiment_group,
        chosen.c.loss,
        chosen.c.hit,
        chosen.c.score,
        chosen.c.label,
    ).where(chosen.c.position <= SAMPLE_CAP)
    rows: dict[ArmKey, list[tuple[Any, ...]]] = {}
    for version, group, *values in session.execute(query):
        rows.setdefault((version, group), []).append(tuple(values))
    return {key: _as_sample(values, loss) for key, values in rows.items()}


def _as_sample(rows: Iterable[tuple[Any, ...]], loss: str) -> Sample:
    losses, hits, scores, labels = zip(*rows, strict=True)
    if loss != "brier":
        return Sample(
            losses=np.asarray(losses, dtype=np.float64),
            hits=np.asarray([bool(h) for h in hits], dtype=np.float64),
        )
    score = np.asarray(scores, dtype=np.float64)
    order = np.argsort(score, kind="stable")
    return Sample(
        losses=np.asarray(losses, dtype=np.float64),
        scores=score[order],
        labels=np.asarray([bool(label) for label in labels], dtype=np.bool_)[order],
    )


def read_arms(engine: Engine, model: str, loss: str | None, not_before: datetime) -> list[Arm]:
    """Every arm of `model` with predictions since `not_before`, sorted by version and group."""
    with Session(engine) as session:
        counts = _prediction_counts(session, model, not_before)
        moments = _moments(session, model, not_before, loss) if loss else {}
        aucs = _aucs(session, model, not_before) if loss == "brier" else {}
        samples = _samples(session, model, not_before, loss) if loss else {}
    arms = []
    for key in sorted({*counts, *moments}, key=lambda k: (k[0], k[1] or "")):
        losses, hits = moments.get(key, (Moments(), Moments()))
        arm = Arm(
            key[0],
            key[1],
            predictions=counts.get(key, 0),
            losses=losses,
            hits=hits if loss == "abs_error_days" else Moments(),
            auc=aucs.get(key),
            sample=samples.get(key, Sample()),
        )
        arms.append(arm)
    return arms
