"""Every query of the ledger: batch inserts, look-ups, outcomes, erasure and retention."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Delete,
    Engine,
    Table,
    bindparam,
    delete,
    exists,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fembalance_ml.ledger.models import Erasure, Outcome, Prediction

# Every column of a ledgered prediction, in the order of a batch row.
COLUMNS = (
    "id",
    "model",
    "version",
    "experiment_group",
    "user_pseudonym",
    "created_at",
    "headline",
    "shadow_of",
)
# Not a batch row's: SQLite's writer inserts 1 (not yet in the person index), see `seal`.
PENDING = "pending"
if {*COLUMNS, PENDING} != {column.name for column in cast(Table, Prediction.__table__).columns}:
    raise RuntimeError("the batch row's columns do not match the predictions table")
# One batch row: the values of COLUMNS. created_at is a naive UTC datetime or its text
# ("YYYY-MM-DD HH:MM:SS.ffffff", what the writer thread makes); headline is the text of
# a JSON object (ledger/headline.py) or None.
Row = tuple[Any, ...]
# Asked before a batch commits: False abandons it (ledger/process.py).
Wanted = Callable[[], bool]
_CREATED = COLUMNS.index("created_at")
# Rows per INSERT on SQLite: 8 columns x 500 = 4,000 values, under SQLite's 32,766.
SQLITE_ROWS_PER_INSERT = 500
# An erasure must outlive the longest a prediction can wait in a worker's queue.
ERASURE_MEMORY = timedelta(days=1)


class DuplicateOutcomeError(Exception):
    """The prediction already has an outcome."""


class OrphanedBatchError(Exception):
    """A batch abandoned before its commit: whoever asked for it can no longer count it."""


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
    # The stored headline: the set fields by name, as JSON holds them (dates as text).
    headline: dict[str, Any]


@dataclass(frozen=True)
class Erased:
    """How many rows an erasure removed."""

    predictions: int
    outcomes: int


def _copy_into_predictions(connection: Connection, values: Sequence[Row]) -> None:
    """PostgreSQL's COPY: one stream per batch, a fraction of the client CPU of INSERTs."""
    statement = f"COPY predictions ({', '.join(COLUMNS)}) FROM STDIN"
    import psycopg  # only deployments on PostgreSQL load the driver

    driver = connection.connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)


def _as_text(row: Row) -> Row:
    """The row with its time as text, the form SQLAlchemy's SQLite DateTime stores.

    Rows from the writer thread already carry their time as text.
    """
    created = row[_CREATED]
    if isinstance(created, str):
        return row
    values = list(row)
    values[_CREATED] = created.isoformat(sep=" ", timespec="microseconds")
    return tuple(values)


def _earliest(rows: Sequence[Row]) -> datetime:
    """The earliest creation time in a batch (every row's time in the same form)."""
    first = min(row[_CREATED] for row in rows)
    return first if isinstance(first, datetime) else datetime.fromisoformat(first)


def _entry(row: Prediction) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        model=row.model,
        version=row.version,
        experiment_group=row.experiment_group,
        created_at=row.created_at,
        headline=dict(row.headline or {}),
    )


def _sealed(session: Session) -> int:
    """Clear `pending` on every pending row (the person index then holds them)."""
    statement = update(Prediction).where(Prediction.pending.is_not(None)).values(pending=None)
    result = cast(CursorResult[Any], session.execute(statement))
    return int(result.rowcount or 0)


def _deleted(session: Session, statement: Delete) -> int:
    """Run a DELETE and say how many rows it removed."""
    result = cast(CursorResult[Any], session.execute(statement))
    return int(result.rowcount or 0)


class LedgerRepository:
    """The ledger's tables behind one engine; every method is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert_sql: dict[int, str] = {}
        # Whether anyone was erased at or after :since (only then can the purge remove rows).
        self._erased_since = (
            select(Erasure.user_pseudonym).where(Erasure.erased_at >= bindparam("since")).limit(1)
        )
        # Entries of people erased after they were made, among those made since :since.
        self._purge = delete(Prediction).where(
            Prediction.created_at >= bindparam("since"),
            exists().where(
                Erasure.user_pseudonym == Prediction.user_pseudonym,
                Erasure.erased_at >= Prediction.created_at,
            ),
        )

    def _insert(self, rows: int) -> str:
        """A multi-row INSERT of `rows` rows: one statement step (and one release of the
        GIL) for the whole chunk, where a prepared one-row INSERT steps, and hands the GIL
        back and forth with the event loop, once per row."""
        sql = self._insert_sql.get(rows)
        if sql is None:
            one = f"({', '.join(['?'] * len(COLUMNS))}, 1)"
            columns = ", ".join((*COLUMNS, PENDING))
            sql = self._insert_sql[rows] = (
                f"INSERT INTO predictions ({columns}) VALUES {', '.join([one] * rows)}"
            )
        return sql

    def add_predictions(self, rows: Sequence[Row], still_wanted: Wanted | None = None) -> None:
        """Insert a batch (values in COLUMNS order), then drop what was erased meanwhile.

        `still_wanted`, asked just before the commit, may abandon the batch (rolled back,
        OrphanedBatchError): the ledger's child asks whether its worker is still alive.

        The purge runs after the insert in the same transaction, so an erasure committed
        by another worker while this batch waited in a queue still removes it; it runs
        only when an erasure recent enough to concern the batch exists (erasures are rare;
        the purge reads every row of the batch again). This runs in every
        worker for every answer, so rows go in as plain values: PostgreSQL's COPY, or SQLite
        INSERTs of many rows each, never SQLAlchemy's per-value processing.
        """
        if not rows:
            return
        since = _earliest(rows)
        with self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                _copy_into_predictions(connection, rows)
            else:
                values = list(map(_as_text, rows))
                cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
                try:
                    for start in range(0, len(values), SQLITE_ROWS_PER_INSERT):
                        chunk = values[start : start + SQLITE_ROWS_PER_INSERT]
                        flat = [value for row in chunk for value in row]
                        cursor.execute(self._insert(len(chunk)), flat)
                finally:
                    cursor.close()
            if connection.execute(self._erased_since, {"since": since}).first() is not None:
                connection.execute(self._purge, {"since": since})
            if still_wanted is not None and not still_wanted():
                raise OrphanedBatchError  # leaving the block rolls the batch back

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

    def stored_outcome(self, prediction_id: str) -> dict[str, Any] | None:
        """What a prediction's outcome observed ({field: value}, as JSON), or None."""
        with Session(self.engine) as session:
            row = session.get(Outcome, prediction_id)
            return None if row is None else dict(row.observed or {})

    def seal(self) -> int:
        """Put SQLite's pending rows in the person index, in one UPDATE; rows sealed.

        SQLite's writer inserts rows pending (`pending` = 1) and seals them every so
        often: one by one, each row took a random place in the index and dirtied a page of
        its own; in bulk, rows share the pages they touch (migration 0005). PostgreSQL's
        rows are never pending.
        """
        with Session(self.engine) as session, session.begin():
            return _sealed(session)

    def erase(self, user_pseudonym: str, now: datetime) -> Erased:
        """Remove a person's predictions and outcomes, and remember the erasure a while."""
        # Pending rows first join the person index, which the deletes below read.
        theirs = Prediction.user_pseudonym == user_pseudonym, Prediction.pending.is_(None)
        with Session(self.engine) as session, session.begin():
            _sealed(session)
            their_ids = select(Prediction.id).where(*theirs)
            outcomes = _deleted(
                session, delete(Outcome).where(Outcome.prediction_id.in_(their_ids))
            )
            predictions = _deleted(session, delete(Prediction).where(*theirs))
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

    def ping(self) -> None:
        """One round trip to the database (raises when it does not answer)."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def counts(self) -> dict[str, int]:
        """Rows per table (for tests and operators)."""
        with Session(self.engine) as session:
            return {
                model.__tablename__: int(
                    session.scalar(select(func.count()).select_from(model)) or 0
                )
                for model in (Prediction, Outcome, Erasure)
            }
