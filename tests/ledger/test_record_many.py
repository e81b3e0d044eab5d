"""`LedgerWriter.record_many`: a batch's answers queued in one call, as `record` queues them.

The columnar batch hands the ledger one call per served version (issue 24). What it
queues, drops and counts must be what the same answers recorded one by one would give.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fembalance_ml.ledger.database import make_engine, migrate
from fembalance_ml.ledger.headline import headline
from fembalance_ml.ledger.models import Prediction
from fembalance_ml.ledger.repository import LedgerRepository
from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings
from fembalance_ml.main import served_registry
from fembalance_ml.observability.metrics import LEDGER_DROPPED
from fembalance_ml.security.ids import PredictionIds
from fembalance_ml.security.privacy import Pseudonymizer

ANSWER = b'{"risk_score":0.25,"risk_level":"Low"}'
# What the batch hands `record_many`: the answer's headline text, already read.
HEADLINE = headline(served_registry().by_name, "pcos", ANSWER)


def writer(path: Path, queue_items: int) -> LedgerWriter:
    path.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{path}/ledger.sqlite3")
    migrate(engine)
    options = WriterSettings(
        queue_items=queue_items,
        batch_items=500,
        flush_seconds=3600,
        retention_days=180,
        sweep_seconds=3600,
    )
    models = served_registry().by_name
    made = LedgerWriter(LedgerRepository(engine), Pseudonymizer(b"k"), options, models)
    made.available = True
    return made


def answers(count: int) -> list[tuple[str, str | None, str | None]]:
    ids = PredictionIds(b"k" * 32).issue("a-client", count)
    return [
        (prediction_id, f"user-{i % 5}" if i % 3 else None, HEADLINE)
        for i, prediction_id in enumerate(ids)
    ]


def dropped(model: str, reason: str) -> float:
    value: float = LEDGER_DROPPED.labels(model, reason)._value.get()
    return value


def test_queued_as_record_queues_them_and_written(tmp_path: Path) -> None:
    one_by_one, at_once = writer(tmp_path / "a", 5000), writer(tmp_path / "b", 5000)
    batch = answers(1200)
    for prediction_id, user_id, body in batch:
        one_by_one.record(prediction_id, "pcos", "v2.4.0", "control", user_id, body)
    at_once.record_many("pcos", "v2.4.0", "control", batch)

    def without_time(entries: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
        return [entry[:5] + entry[6:] for entry in entries]

    assert without_time(list(at_once._queue)) == without_time(list(one_by_one._queue))
    # The queue crossed a full insert: the thread was woken, as `record` wakes it.
    assert at_once._wake.is_set()
    assert one_by_one._wake.is_set()
    assert at_once.flush() == 1200
    with Session(at_once.repository.engine) as session:
        assert session.scalar(select(func.count()).select_from(Prediction)) == 1200
        row = session.get(Prediction, batch[1][0])
        assert row is not None
        assert (row.headline, row.experiment_group) == (
            {"pcos_score": 0.25, "pcos_level": "Low"},
            "control",
        )
    for made in (one_by_one, at_once):
        made.repository.engine.dispose()


def test_what_the_queue_has_no_room_for_is_dropped_and_counted(tmp_path: Path) -> None:
    made = writer(tmp_path, 1000)
    made._contact()  # the database answered: a full queue drops as `queue_full`
    made.record_many("pcos", "v1", None, answers(700))
    before = dropped("pcos", "queue_full")
    made.record_many("pcos", "v1", None, answers(700))
    assert made.pending == 1000
    assert dropped("pcos", "queue_full") - before == 400
    made.available = False
    before = dropped("pcos", "unavailable")
    made.record_many("pcos", "v1", None, answers(3))
    assert dropped("pcos", "unavailable") - before == 3
    assert made.pending == 1000
    made.record_many("pcos", "v1", None, [])
    made.repository.engine.dispose()
