"""The writer's cheap row building: time text, remembered headlines, multi-row inserts."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fembalance_ml.ledger.database import make_engine, migrate
from fembalance_ml.ledger.headline import HeadlineReader, headline
from fembalance_ml.ledger.models import Prediction
from fembalance_ml.ledger.repository import LedgerRepository
from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings
from fembalance_ml.main import served_registry
from fembalance_ml.observability.clock import SecondText
from fembalance_ml.security.ids import PredictionIds
from fembalance_ml.security.privacy import Pseudonymizer
from tests.conftest import body, make_settings


def test_time_text_matches_the_stored_datetime_format() -> None:
    text = SecondText(" ")
    rng = random.Random(0)
    moments = sorted(rng.uniform(1.7e9, 1.9e9) for _ in range(200))
    moments += [m + rng.random() / 10 for m in moments[:50]]  # several in one second
    for moment in moments:
        expected = datetime.fromtimestamp(moment, UTC).replace(tzinfo=None)
        assert datetime.fromisoformat(text(moment)) == expected
        assert len(text(moment)) == len("2026-11-29 08:00:00.000000")


def test_cached_bodies_and_fresh_answers_give_the_same_headline() -> None:
    from fembalance_ml.main import build_app

    with TestClient(build_app(make_settings(ledger_enabled=False))) as client:
        answers = {
            model: client.post(f"/api/v1/predict/{route}", json=body(route)).content
            for model, route in (
                ("pcos", "pcos"),
                ("cycle_prediction", "cycle"),
                ("symptom_analysis", "symptoms"),
            )
        }
    models = served_registry().by_name
    reader = HeadlineReader(models, memory=2)
    for model, answer in answers.items():
        first = reader(model, answer)
        assert first == headline(models, model, answer)
        assert reader(model, bytes(answer)) == first  # an equal body, another object
        assert first is not None
        assert len(orjson.loads(first)) in (1, 2, 3)
    assert set(orjson.loads(headline(models, "pcos", answers["pcos"]) or "{}")) == {
        "pcos_score",
        "pcos_level",
    }


def test_batches_larger_than_one_insert_are_written_whole(tmp_path: object) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/ledger.sqlite3")
    migrate(engine)
    options = WriterSettings(
        queue_items=5000, batch_items=1300, flush_seconds=3600, retention_days=180, sweep_seconds=1
    )
    models = served_registry().by_name
    writer = LedgerWriter(LedgerRepository(engine), Pseudonymizer(b"k"), options, models)
    writer.available = True
    answer = b'{"risk_score":0.25,"risk_level":"Low"}'
    ids = PredictionIds(b"k" * 32).issue("a-client", 2700)
    for index, prediction_id in enumerate(ids):
        writer.record(prediction_id, "pcos", "v1", None, f"user-{index % 7}", answer)
    assert writer.flush() == 2700
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Prediction)) == 2700
        row = session.get(Prediction, ids[-1])
        assert row is not None
        assert row.headline == {"pcos_score": 0.25, "pcos_level": "Low"}
        assert row.user_pseudonym == Pseudonymizer(b"k").user(f"user-{(len(ids) - 1) % 7}")
    # Ids lead with the second they were made in: issued in order, they sort by time.
    seconds = [int(prediction_id[:8], 16) for prediction_id in ids]
    assert seconds == sorted(seconds)
    assert abs(seconds[-1] - time.time()) < 60
    assert all(len(prediction_id) == 40 for prediction_id in ids)
    engine.dispose()
