"""Every query of the ledger: batch inserts, look-ups, outcomes, erasure and retention."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, Engine, Table, delete, exists, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fembalance_ml.ledger.models import Erasure, Outcome, Prediction

# Every column of a ledgered prediction, in the order of the batch insert.
COLUMNS = tuple(column.name for column in cast(Table, Prediction.__table__).columns)
_in_column_order = operator.itemgetter(*COLUMNS)
_TEMPORAL = [
    COLUMNS.index(c) for c in ("created_at", "cycle_start", "cycle_earliest", "cycle_latest")
]
# An erasure must outlive the longest a prediction can wait in a worker's queue.
ERASURE_MEMORY = timedelta(days=1)


class DuplicateOutcomeError(Exception):
    """The prediction already has an outcome."""


class PredictionGoneError(Exception):
    """The prediction was erased or expired between its look-up and its outcome."""


@dataclass(frozen=True)
class LedgerEntry:
    """A ledgered prediction, as the outcome route needs it."""

    id: str
    model: str
    version: str
    experiment_group: str | None
    created_at: datetime
    pcos_score: float | None
    cycle_start: date | None
    cycle_earliest: date | None
    cycle_latest: date | None


@dataclass(frozen=True)
class ScoredOutcome:
    """One outcome with its arm and the figures it was scored to."""

    version: str
    experiment_group: str | None
    pcos_score: float | None
    pcos_diagnosed: bool | None
    abs_error_days: int | None
    interval_hit: bool | None
    brier: float | None


@dataclass(frozen=True)
class Erased:
    """How many rows an erasure removed."""

    predictions: int
    outcomes: int


def _copy_into_predictions(connection: Connection, values: list[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY: one stream per batch, a fraction of the client CPU of INSERTs."""
    statement = f"COPY predictions ({', '.join(COLUMNS)}) FROM STDIN"
    import psycopg  # only deployments on PostgreSQL load the driver

    driver = connection.connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)


def _times_as_text(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The row with its dates in SQLAlchemy's SQLite text format, as the ORM stores them."""
    row = list(values)
    for index in _TEMPORAL:
        value = row[index]
        if isinstance(value, datetime):
            row[index] = value.isoformat(sep=" ", timespec="microseconds")
        elif isinstance(value, date):
            row[index] = value.isoformat()
    return tuple(row)


def _entry(row: Prediction) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        model=row.model,
        version=row.version,
        experiment_group=row.experiment_group,
        created_at=row.created_at,
        pcos_score=row.pcos_score,
        cycle_start=row.cycle_start,
        cycle_earliest=row.cycle_earliest,
        cycle_latest=row.cycle_latest,
    )


def _deleted(session: Session, statement: Delete) -> int:
    """Run a DELETE and say how many rows it removed."""
    result = cast(CursorResult[Any], session.execute(statement))
    return int(result.rowcount or 0)


class LedgerRepository:
    """The ledger's tables behind one engine; every method is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        marker = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        self._insert_sql = (
            f"INSERT INTO predictions ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join([marker] * len(COLUMNS))})"
        )

    def add_predictions(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert a batch (every row names every column), then drop what was erased meanwhile.

        The purge runs after the insert in the same transaction, so an erasure committed
        by another worker while this batch waited in a queue still removes it.
        """
        if not rows:
            return
        ids = [row["id"] for row in rows]
        erased = exists().where(
            Erasure.user_pseudonym == Prediction.user_pseudonym,
            Erasure.erased_at >= Prediction.created_at,
        )
        # The driver's own executemany: this runs in every worker, for every answer, so
        # it skips SQLAlchemy's per-value processing (half the writer's CPU otherwise).
        values = list(map(_in_column_order, rows))
        dialect = self.engine.dialect.name
        if dialect == "sqlite":
            values = list(map(_times_as_text, values))
        with self.engine.begin() as connection:
            if dialect == "postgresql":
                _copy_into_predictions(connection, values)
            else:
                connection.exec_driver_sql(self._insert_sql, values)
            connection.execute(delete(Prediction).where(Prediction.id.in_(ids), erased))

    def find(self, prediction_id: str, not_before: datetime) -> LedgerEntry | None:
        """The prediction with this id, unless it is older than `not_before` (expired)."""
        with Session(self.engine) as session:
            row = session.get(Prediction, prediction_id)
            # A shadow's answer was never given out: only the served one takes an outcome.
            if row is None or row.created_at < not_before or row.shadow_of is not None:
                return None
            return _entry(row)

    def shadows(self, prediction_id: str) -> list[LedgerEntry]:
        """The shadow versions' answers ledgered beside a served prediction."""
        with Session(self.engine) as session:
            query = select(Prediction).where(Prediction.shadow_of == prediction_id)
            return [_entry(row) for row in session.scalars(query)]

    def add_outcome(self, outcome: Outcome) -> None:
        """Store an outcome; DuplicateOutcomeError when the prediction already has one."""
        try:
            # The caller reads the scored figures afterwards: keep them loaded.
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                session.add(outcome)
        except IntegrityError as exc:
            # Either a second outcome, or the prediction was erased since it was looked up.
            with Session(self.engine) as session:
                if session.get(Prediction, outcome.prediction_id) is None:
                    raise PredictionGoneError(outcome.prediction_id) from exc
            raise DuplicateOutcomeError(outcome.prediction_id) from exc

    def erase(self, user_pseudonym: str, now: datetime) -> Erased:
        """Remove a person's predictions and outcomes, and remember the erasure a while."""
        theirs = select(Prediction.id).where(Prediction.user_pseudonym == user_pseudonym)
        with Session(self.engine) as session, session.begin():
            outcomes = _deleted(session, delete(Outcome).where(Outcome.prediction_id.in_(theirs)))
            predictions = _deleted(
                session, delete(Prediction).where(Prediction.user_pseudonym == user_pseudonym)
            )
            session.merge(Erasure(user_pseudonym=user_pseudonym, erased_at=now))
        return Erased(predictions=predictions, outcomes=outcomes)

    def sweep(self, not_before: datetime, now: datetime) -> int:
        """Delete predictions older than `not_before` with their outcomes; old erasures too."""
        old = select(Prediction.id).where(Prediction.created_at < not_before)
        with Session(self.engine) as session, session.begin():
            session.execute(delete(Outcome).where(Outcome.prediction_id.in_(old)))
            removed = _deleted(
                session, delete(Prediction).where(Prediction.created_at < not_before)
            )
            session.execute(delete(Erasure).where(Erasure.erased_at < now - ERASURE_MEMORY))
        return removed

    def arm_counts(self, model: str, not_before: datetime) -> list[tuple[str, str | None, int]]:
        """(version, group, predictions) of one model's live predictions."""
        query = (
            select(Prediction.version, Prediction.experiment_group, func.count())
            .where(Prediction.model == model, Prediction.created_at >= not_before)
            .group_by(Prediction.version, Prediction.experiment_group)
        )
        with Session(self.engine) as session:
            return [(v, g, int(n)) for v, g, n in session.execute(query)]

    def scored_outcomes(self, model: str, not_before: datetime) -> list[ScoredOutcome]:
        """Every live outcome of one model with the arm and the score it was judged on."""
        query = (
            select(
                Prediction.version,
                Prediction.experiment_group,
                Prediction.pcos_score,
                Outcome.pcos_diagnosed,
                Outcome.abs_error_days,
                Outcome.interval_hit,
                Outcome.brier,
            )
            .join(Outcome, Outcome.prediction_id == Prediction.id)
            .where(Prediction.model == model, Prediction.created_at >= not_before)
        )
        with Session(self.engine) as session:
            return [ScoredOutcome(*row) for row in session.execute(query)]

    def counts(self) -> dict[str, int]:
        """Rows per table (for tests and operators)."""
        with Session(self.engine) as session:
            return {
                model.__tablename__: int(
                    session.scalar(select(func.count()).select_from(model)) or 0
                )
                for model in (Prediction, Outcome, Erasure)
            }
