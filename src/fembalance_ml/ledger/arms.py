"""The arms of one model's experiment, read with bounded memory whatever the outcomes.

The database does the work that grows with the outcomes: it counts predictions, sums each
arm's loss (and interval hits), ranks probability forecasts for the exact AUC (the
columns every model's outcome shares: ledger/models.py), and hands back at
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
from fembalance_ml.serving.ledger_spec import OutcomeSpec

ArmKey = tuple[str, str | None]
_ARM = (Prediction.version, Prediction.experiment_group)
# The last characters of an id: random or a keyed hash, hence a uniform sampling order.
_ID_TAIL = 12


def _scored(model: str, not_before: datetime, ranked: bool, *columns: Any) -> Select[Any]:
    """The scored outcomes of one model's live predictions, with `columns`; `ranked`:
    only those with a probability forecast (what the AUC ranks)."""
    conditions = [
        Prediction.model == model,
        Prediction.created_at >= not_before,
        Outcome.loss.is_not(None),
    ]
    if ranked:
        conditions.append(Outcome.probability.is_not(None))
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
    session: Session, model: str, not_before: datetime, ranked: bool
) -> dict[ArmKey, tuple[Moments, Moments]]:
    """Per arm: the loss's count, sum and sum of squares; the same of interval hits."""
    value = cast(Outcome.loss, Float)
    hit = case((Outcome.hit.is_(True), 1.0), else_=0.0)
    query = _scored(
        model,
        not_before,
        ranked,
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
    """Per arm, the AUC of every probability forecast against whether its event happened
    (ranks from the database)."""
    rank = func.rank().over(partition_by=_ARM, order_by=Outcome.probability)
    ties = func.count().over(partition_by=(*_ARM, Outcome.probability))
    ranked = _scored(
        model,
        not_before,
        True,
        Outcome.event.label("label"),
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


def _samples(
    session: Session, model: str, not_before: datetime, ranked: bool
) -> dict[ArmKey, Sample]:
    """Per arm, at most SAMPLE_CAP outcomes, uniformly chosen, as arrays."""
    order = func.substr(Prediction.id, func.length(Prediction.id) - (_ID_TAIL - 1))
    position = func.row_number().over(partition_by=_ARM, order_by=(order, Prediction.id))
    chosen = _scored(
        model,
        not_before,
        ranked,
        cast(Outcome.loss, Float).label("loss"),
        Outcome.hit.label("hit"),
        Outcome.probability.label("score"),
        Outcome.event.label("label"),
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
    return {key: _as_sample(values, ranked) for key, values in rows.items()}


def _as_sample(rows: Iterable[tuple[Any, ...]], ranked: bool) -> Sample:
    losses, hits, scores, labels = zip(*rows, strict=True)
    if not ranked:
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


def read_arms(
    engine: Engine, model: str, outcome: OutcomeSpec[Any] | None, not_before: datetime
) -> list[Arm]:
    """Every arm of `model` with predictions since `not_before`, sorted by version and group.

    `outcome` (the model's spec's) says which figures the report needs: the interval hits
    of a `hit_rate`, the ranked forecasts of an `auc`; None: predictions only.
    """
    kinds = outcome.figure_kinds if outcome is not None else frozenset()
    ranked = "auc" in kinds
    with Session(engine) as session:
        counts = _prediction_counts(session, model, not_before)
        moments = _moments(session, model, not_before, ranked) if outcome else {}
        aucs = _aucs(session, model, not_before) if ranked else {}
        samples = _samples(session, model, not_before, ranked) if outcome else {}
    arms = []
    for key in sorted({*counts, *moments}, key=lambda k: (k[0], k[1] or "")):
        losses, hits = moments.get(key, (Moments(), Moments()))
        arm = Arm(
            key[0],
            key[1],
            predictions=counts.get(key, 0),
            losses=losses,
            hits=hits if "hit_rate" in kinds else Moments(),
            auc=aucs.get(key),
            sample=samples.get(key, Sample()),
        )
        arms.append(arm)
    return arms
