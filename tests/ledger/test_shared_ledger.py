"""The ledger shared by processes: two Gunicorn workers on PostgreSQL, and erasure to the end."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from fembalance_ml.ledger.models import Erasure, Outcome, Prediction
from fembalance_ml.ledger.repository import ERASURE_MEMORY
from fembalance_ml.ledger.writer import utc_now
from tests.api.test_outcomes import API_KEY, AUTH, post_json, until_found
from tests.conftest import body
from tests.ledger.conftest import fresh_postgres_database
from tests.ledger.test_ledger import AUTH as LEDGER_AUTH
from tests.ledger.test_ledger import ledger, ledger_app
from tests.support.servers import run_gunicorn


@pytest.mark.integration
def test_outcomes_through_two_gunicorn_workers_on_postgresql(postgres_server: str) -> None:
    database_url = fresh_postgres_database(postgres_server)
    env = {
        "DATABASE_URL": database_url,
        "LEDGER_FLUSH_SECONDS": "0.05",
        "VALID_API_KEYS": API_KEY,
        "MODEL_WATCH_SECONDS": "0",
        "RATE_LIMIT_ENABLED": "false",
    }
    with run_gunicorn(env=env, workers=2) as base:
        ids = []
        for index in range(12):
            request = body("cycle") | {"user_id": f"person-{index}"}
            status, answer = post_json(f"{base}/api/v1/predict/cycle", request, {})
            assert status == 200
            ids.append(answer["prediction_id"])
        for prediction_id in ids:
            payload = {"prediction_id": prediction_id, "observed_start_date": "2026-03-18"}
            status, answer = until_found(f"{base}/api/v1/outcomes", payload)
            assert (status, answer["model"]) == (202, "cycle_prediction")
        # Whichever worker answers, the second outcome of each prediction is refused.
        for prediction_id in ids:
            payload = {"prediction_id": prediction_id, "observed_start_date": "2026-03-19"}
            assert post_json(f"{base}/api/v1/outcomes", payload, AUTH)[0] == 409
        erasure = urllib.request.Request(
            f"{base}/api/v1/users/person-0/data", headers=AUTH, method="DELETE"
        )
        with urllib.request.urlopen(erasure, timeout=30) as answer:
            assert json.loads(answer.read()) == {"erased": {"predictions": 1, "outcomes": 1}}


def test_an_erasure_leaves_nothing_of_the_person_once_its_memory_expires(
    database_url: str,
) -> None:
    with ledger_app(database_url) as client:
        erase_and_check(client)


def erase_and_check(app_client: TestClient) -> None:
    user = body("cycle")["user_id"]
    mine = app_client.post("/api/v1/predict/cycle", json=body("cycle")).json()
    outcome = {"prediction_id": mine["prediction_id"], "observed_start_date": "2026-03-18"}
    posted = app_client.post("/api/v1/outcomes", json=outcome, headers=LEDGER_AUTH)
    assert posted.status_code == 202
    assert app_client.delete(f"/api/v1/users/{user}/data", headers=LEDGER_AUTH).status_code == 200
    writer = ledger(app_client)
    pseudonym = writer._pseudonymizer.user(user)
    engine = writer.repository.engine

    def rows_naming_her() -> int:
        with Session(engine) as session:
            predictions = session.scalar(
                select(func.count())
                .select_from(Prediction)
                .where(
                    or_(
                        Prediction.user_pseudonym == pseudonym,
                        Prediction.id == mine["prediction_id"],
                    )
                )
            )
            outcomes = session.scalar(select(func.count()).select_from(Outcome))
            erasures = session.scalar(
                select(func.count()).select_from(Erasure).where(Erasure.user_pseudonym == pseudonym)
            )
            return int(predictions or 0) + int(outcomes or 0) + int(erasures or 0)

    # Only the erasure record (her keyed pseudonym and a time) is left, for queued entries.
    assert rows_naming_her() == 1
    with Session(engine) as session, session.begin():
        record = session.get(Erasure, pseudonym)
        assert record is not None
        record.erased_at = utc_now() - ERASURE_MEMORY - timedelta(minutes=1)
    writer.sweep()
    assert rows_naming_her() == 0
