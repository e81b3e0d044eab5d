"""The person index deferred (migration 0005): pending rows are erased, sealed in bulk."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from fembalance_ml.ledger import writer as writer_module
from fembalance_ml.ledger.database import make_engine, migrate
from fembalance_ml.ledger.models import Outcome, Prediction
from fembalance_ml.ledger.repository import LedgerRepository
from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings, utc_now
from fembalance_ml.main import served_registry
from fembalance_ml.security.ids import PredictionIds
from fembalance_ml.security.privacy import Pseudonymizer

KEYS = Pseudonymizer(b"pending-index")
ANSWER = b'{"risk_score":0.25,"risk_level":"Low"}'


def writer_on(database_url: str) -> LedgerWriter:
    """A migrated ledger's writer with no thread: the test decides when it writes."""
    engine = make_engine(database_url)
    migrate(engine)
    options = WriterSettings(
        queue_items=5000, batch_items=500, flush_seconds=3600, retention_days=180, sweep_seconds=1
    )
    writer = LedgerWriter(LedgerRepository(engine), KEYS, options, served_registry().by_name)
    writer.available = True
    writer._contact()  # the database answered (migrated above)
    return writer


def write(writer: LedgerWriter, users: list[str]) -> list[str]:
    """One PCOS answer per user id, written; their prediction ids."""
    ids = PredictionIds(b"k" * 32).issue(None, len(users))
    for prediction_id, user in zip(ids, users, strict=True):
        writer.record(prediction_id, "pcos", "v1", None, user, ANSWER)
    assert writer.flush() == len(users)
    return ids


def pending(writer: LedgerWriter) -> int:
    with Session(writer.repository.engine) as session:
        query = select(func.count()).select_from(Prediction).where(Prediction.pending.isnot(None))
        return int(session.scalar(query) or 0)


def test_erasure_removes_rows_whether_pending_or_sealed(database_url: str) -> None:
    writer = writer_on(database_url)
    sqlite = writer.repository.engine.dialect.name == "sqlite"
    sealed = write(writer, ["ann", "bea", "ann"])
    assert pending(writer) == (3 if sqlite else 0)  # PostgreSQL's rows are never pending
    assert writer.repository.seal() == (3 if sqlite else 0)
    assert pending(writer) == 0
    fresh = write(writer, ["ann", "bea", "cid"])
    assert pending(writer) == (3 if sqlite else 0)
    entry = writer.lookup(sealed[0])
    assert entry is not None
    with Session(writer.repository.engine) as session, session.begin():
        session.add(Outcome(prediction_id=sealed[0], received_at=utc_now(), loss=0.1))
    erased = writer.erase("ann")
    assert (erased.predictions, erased.outcomes) == (3, 1)
    with Session(writer.repository.engine) as session:
        left = set(session.scalars(select(Prediction.id)))
    assert left == {sealed[1], fresh[1], fresh[2]}
    assert pending(writer) == 0  # the erasure sealed the rest first
    writer.repository.engine.dispose()


def test_the_thread_seals_after_seal_rows_or_seal_seconds(database_url: str) -> None:
    writer = writer_on(database_url)
    sqlite = writer.repository.engine.dialect.name == "sqlite"
    writer._next_seal = 1e18  # as if just sealed: only the row count can trigger one
    write(writer, ["ann", "bea"])
    writer._seal_when_due(2)
    assert pending(writer) == (2 if sqlite else 0)
    writer._seal_when_due(writer_module.SEAL_ROWS - 2)
    assert pending(writer) == 0
    write(writer, ["cid"])
    writer._next_seal = 0.0  # SEAL_SECONDS have passed
    writer._seal_when_due(0)
    assert pending(writer) == 0
    writer.repository.engine.dispose()


def test_sealed_rows_are_found_through_the_person_index(tmp_path: object) -> None:
    writer = writer_on(f"sqlite:///{tmp_path}/ledger.sqlite3")
    write(writer, [f"user-{n}" for n in range(50)])
    writer.repository.seal()
    pseudonym = KEYS.user("user-7")
    with writer.repository.engine.connect() as connection:
        plan = connection.execute(
            text(
                "EXPLAIN QUERY PLAN DELETE FROM predictions"
                " WHERE user_pseudonym = :p AND pending IS NULL"
            ),
            {"p": pseudonym},
        ).all()
    assert any("ix_predictions_user_pseudonym" in str(row) for row in plan), plan
    assert writer.erase("user-7").predictions == 1
    writer.repository.engine.dispose()
