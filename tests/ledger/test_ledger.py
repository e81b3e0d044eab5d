"""The ledger through the app, on SQLite and PostgreSQL: ids, rows, erasure, retention, drops."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from fembalance_ml.ledger.database import make_engine, migrate
from fembalance_ml.ledger.models import Outcome, Prediction
from fembalance_ml.ledger.outcomes import Posted, build_outcome
from fembalance_ml.ledger.repository import COLUMNS, LedgerRepository, PredictionGoneError
from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings, utc_now
from fembalance_ml.main import build_app, served_registry
from fembalance_ml.security.ids import PredictionIds
from fembalance_ml.security.privacy import Pseudonymizer
from fembalance_ml.serving.registry import AnySpec
from tests.conftest import body, copy_models, make_settings

API_KEY = "ledger-test-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
# Experiment reports take an admin key.
ADMIN_KEY = "ledger-test-admin-key"
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


def ledger_app(
    database_url: str, models: Sequence[AnySpec] | None = None, **overrides: Any
) -> TestClient:
    """The app over the committed models (`models`: the served ones unless given) with its
    ledger in `database_url`.

    The writer thread waits an hour between flushes, so a test decides when rows land.
    """
    settings = make_settings(
        database_url=database_url,
        ledger_flush_seconds=3600,
        model_watch_seconds=0,
        valid_api_keys=API_KEY,
        admin_api_keys=ADMIN_KEY,
        log_level="WARNING",
        **overrides,
    )
    return TestClient(build_app(settings, models), raise_server_exceptions=False)


@pytest.fixture
def app_client(database_url: str) -> Iterator[TestClient]:
    """A started app whose ledger lives in a fresh database."""
    with ledger_app(database_url) as client:
        yield client


def ledger(client: TestClient) -> LedgerWriter:
    writer: LedgerWriter = client.app.state.ledger  # type: ignore[attr-defined]
    return writer


def rows(client: TestClient) -> dict[str, Prediction]:
    """Every ledgered prediction by id, after writing what is queued."""
    writer = ledger(client)
    writer.flush()
    with Session(writer.repository.engine) as session:
        return {row.id: row for row in session.scalars(select(Prediction))}


def test_migration_creates_the_schema_on_an_empty_database(database_url: str) -> None:
    engine = make_engine(database_url)
    assert inspect(engine).get_table_names() == []
    migrate(engine)
    migrate(engine)  # a second start-up finds the schema at head and changes nothing
    assert set(inspect(engine).get_table_names()) == {
        "alembic_version",
        "predictions",
        "outcomes",
        "erasures",
    }
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "0006"
        )
    engine.dispose()


def test_each_answer_gets_its_own_id_and_a_ledger_row_with_its_headline(
    app_client: TestClient,
) -> None:
    answers = {
        name: app_client.post(f"/api/v1/predict/{name}", json=body(name))
        for name in ("pcos", "cycle", "symptoms")
    }
    again = app_client.post("/api/v1/predict/cycle", json=body("cycle"))
    assert again.headers.get("x-cache") == "hit"
    ledgered = rows(app_client)
    ids = [a.json()["prediction_id"] for a in [*answers.values(), again]]
    assert len(set(ids)) == 4
    assert set(ledgered) == set(ids)
    for answer in [*answers.values(), again]:
        assert answer.status_code == 200
        assert answer.headers["x-prediction-id"] == answer.json()["prediction_id"]
    pcos = answers["pcos"].json()
    row = ledgered[pcos["prediction_id"]]
    assert (row.model, row.version) == ("pcos", pcos["model_version"])
    assert row.headline == {"pcos_score": pcos["risk_score"], "pcos_level": pcos["risk_level"]}
    assert row.user_pseudonym not in (None, body("pcos")["user_id"])
    # The fresh answer's headline is read off the answer, the cached one's off its JSON.
    for cycle in (answers["cycle"].json(), again.json()):
        row = ledgered[cycle["prediction_id"]]
        assert (row.model, row.headline) == (
            "cycle_prediction",
            {
                "cycle_start": cycle["predicted_start_date"],
                "cycle_earliest": cycle["prediction_interval"]["earliest"],
                "cycle_latest": cycle["prediction_interval"]["latest"],
            },
        )
    symptoms = answers["symptoms"].json()
    row = ledgered[symptoms["prediction_id"]]
    assert row.headline == {"symptoms_screen": symptoms["pmdd_screen"]["result"]}


def test_the_ledger_keeps_no_submitted_input(app_client: TestClient) -> None:
    app_client.post("/api/v1/predict/pcos", json=body("pcos"))
    engine = ledger(app_client).repository.engine
    rows(app_client)
    columns = {c["name"] for c in inspect(engine).get_columns("predictions")}
    assert columns == {
        "id",
        "model",
        "version",
        "experiment_group",
        "user_pseudonym",
        "created_at",
        "shadow_of",
        "headline",
        "pending",
    }


def test_batch_items_get_ids_and_rows(app_client: TestClient) -> None:
    items = [
        {"model_name": "pcos", "input": body("pcos")},
        {"model_name": "pcos", "input": {"features": {"acne": 2}}},
        {"model_name": "cycle", "input": body("cycle")},
    ]
    answer = app_client.post("/api/v1/predict/batch", json={"requests": items}).json()
    first, refused, third = answer["predictions"]
    assert "prediction_id" not in refused
    assert set(rows(app_client)) == {first["prediction_id"], third["prediction_id"]}


def test_erasure_leaves_no_row_of_that_person(app_client: TestClient) -> None:
    mine = app_client.post("/api/v1/predict/cycle", json=body("cycle")).json()
    other = body("pcos") | {"user_id": "someone-else"}
    theirs = app_client.post("/api/v1/predict/pcos", json=other).json()
    outcome = {"prediction_id": mine["prediction_id"], "observed_start_date": "2026-03-18"}
    assert app_client.post("/api/v1/outcomes", json=outcome, headers=AUTH).status_code == 202
    erased = app_client.delete(f"/api/v1/users/{body('cycle')['user_id']}/data", headers=AUTH)
    assert erased.status_code == 200
    assert erased.json() == {"erased": {"predictions": 1, "outcomes": 1}}
    assert set(rows(app_client)) == {theirs["prediction_id"]}
    with Session(ledger(app_client).repository.engine) as session:
        assert session.scalars(select(Outcome)).all() == []
    again = {"prediction_id": mine["prediction_id"], "pcos_diagnosed": False}
    assert app_client.post("/api/v1/outcomes", json=again, headers=AUTH).status_code == 404


def test_erasure_needs_a_key_even_when_predictions_do_not(app_client: TestClient) -> None:
    assert app_client.delete("/api/v1/users/test-user-1/data").status_code == 401
    wrong = {"Authorization": "Bearer wrong"}
    answer = app_client.delete("/api/v1/users/test-user-1/data", headers=wrong)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"


def writer_on(database_url: str, pseudonymizer: Pseudonymizer) -> LedgerWriter:
    """A second process's writer on the same database (no thread: flushed by the test)."""
    options = WriterSettings(
        queue_items=100, batch_items=10, flush_seconds=3600, retention_days=180, sweep_seconds=3600
    )
    repository = LedgerRepository(make_engine(database_url))
    writer = LedgerWriter(repository, pseudonymizer, options, served_registry().by_name)
    writer.available = True
    return writer


def test_erasure_reaches_entries_still_queued_in_another_worker(
    app_client: TestClient, database_url: str
) -> None:
    pseudonymizer = app_client.app.state.predictions.pseudonymizer  # type: ignore[attr-defined]
    other_worker = writer_on(database_url, pseudonymizer)
    answer = app_client.post("/api/v1/predict/pcos", json=body("pcos")).content
    other_worker.record(
        "queued-elsewhere", "pcos", "v2.1.0", None, "test-user-1", answer[:-1] + b"}"
    )
    other_worker.record("someone-else", "pcos", "v2.1.0", None, "another-user", answer)
    erased = app_client.delete("/api/v1/users/test-user-1/data", headers=AUTH)
    assert erased.json()["erased"]["predictions"] == 1
    other_worker.flush()
    remaining = set(rows(app_client))
    assert remaining == {"someone-else"}
    other_worker.repository.engine.dispose()


def test_retention_deletes_old_predictions_and_expired_ids_get_404(
    app_client: TestClient,
) -> None:
    writer = ledger(app_client)
    # The writer thread sweeps once soon after start-up (then every LEDGER_SWEEP_SECONDS):
    # let that sweep pass first, or it may remove the aged row before the test's sweep.
    deadline = time.monotonic() + 10
    while writer._next_sweep == 0.0 and time.monotonic() < deadline:
        time.sleep(0.01)
    answer = app_client.post("/api/v1/predict/pcos", json=body("pcos")).json()
    writer.flush()
    old = utc_now() - writer.retention - timedelta(days=1)
    with Session(writer.repository.engine) as session, session.begin():
        session.get(Prediction, answer["prediction_id"]).created_at = old  # type: ignore[union-attr]
    fresh = app_client.post("/api/v1/predict/cycle", json=body("cycle")).json()
    outcome = {"prediction_id": answer["prediction_id"], "pcos_diagnosed": True}
    assert app_client.post("/api/v1/outcomes", json=outcome, headers=AUTH).status_code == 404
    assert writer.sweep() == 1
    assert set(rows(app_client)) == {fresh["prediction_id"]}


def dropped(model: str, reason: str) -> float:
    labels = {"model": model, "reason": reason}
    return REGISTRY.get_sample_value("ml_ledger_dropped_total", labels) or 0.0


def test_a_full_queue_drops_counted_and_keeps_serving(database_url: str) -> None:
    before = dropped("pcos", "queue_full")
    with ledger_app(database_url, ledger_queue_items=2) as client:
        answers = [client.post("/api/v1/predict/pcos", json=body("pcos")) for _ in range(5)]
        assert [a.status_code for a in answers] == [200] * 5
        assert len(rows(client)) == 2
    assert dropped("pcos", "queue_full") - before == 3


def test_an_unreachable_database_leaves_predictions_served(tmp_path: Any) -> None:
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"
    before = dropped("pcos", "unwritten_at_exit")
    with ledger_app(unreachable) as client:
        answer = client.post("/api/v1/predict/pcos", json=body("pcos"))
        assert answer.status_code == 200
        assert answer.json()["prediction_id"]
        outcome = {"prediction_id": answer.json()["prediction_id"], "pcos_diagnosed": True}
        refused = client.post("/api/v1/outcomes", json=outcome, headers=AUTH)
        assert refused.status_code == 503
        error = refused.json()["error"]
        assert error["code"] == "ledger_unavailable"
        assert error["details"][0]["reason"] == "database_unreachable"
        assert int(refused.headers["retry-after"]) >= 1
        # Queued while the database is away; never reached it, so counted at exit.
        assert ledger(client).pending == 1
    assert dropped("pcos", "unwritten_at_exit") - before == 1


def test_the_migrate_command_brings_an_empty_database_to_head(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fembalance_ml import cli, config

    monkeypatch.setenv("DATABASE_URL", database_url)
    config.get_settings.cache_clear()
    try:
        assert cli.main(["migrate"]) == 0
    finally:
        config.get_settings.cache_clear()
    engine = make_engine(database_url)
    assert {"predictions", "outcomes", "erasures"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_upgrading_from_the_first_schema_keeps_the_rows(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO predictions (id, model, version, created_at, pcos_score) "
                "VALUES ('kept', 'pcos', 'v2.1.0', :now, 0.25)"
            ),
            {"now": utc_now()},
        )
    migrate(engine)
    with Session(engine) as session:
        row = session.get(Prediction, "kept")
        assert row is not None
        assert (row.headline, row.shadow_of) == ({"pcos_score": 0.25}, None)
    engine.dispose()


def test_upgrading_to_longer_ids_keeps_the_rows_and_takes_new_ids(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine, "0002")
    old_id = "6b0fcd66" + "Q" * 22  # 30 characters, as before 1.5
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO predictions (id, model, version, created_at, pcos_score) "
                "VALUES (:id, 'pcos', 'v2.1.0', :now, 0.25)"
            ),
            {"id": old_id, "now": utc_now()},
        )
    migrate(engine)
    new_id = PredictionIds(b"k" * 32).issue("a-client")[0]
    values: dict[str, Any] = dict.fromkeys(COLUMNS)
    values |= {"id": new_id, "model": "pcos", "version": "v2.3.0", "created_at": utc_now()}
    LedgerRepository(engine).add_predictions([tuple(values[c] for c in COLUMNS)])
    with Session(engine) as session:
        assert {row.id for row in session.scalars(select(Prediction))} == {old_id, new_id}
        outcome = Outcome(
            prediction_id=new_id, received_at=utc_now(), observed={"pcos_diagnosed": True}, loss=0.0
        )
        session.add(outcome)
        session.commit()
    engine.dispose()


def test_a_shadow_answer_is_ledgered_and_scored_on_the_same_outcome(
    database_url: str, tmp_path: Any
) -> None:
    models = copy_models(tmp_path / "models", ("v2.2.0",))
    (models / "experiments.json").write_text(
        json.dumps({"pcos": {"control": "v2.1.0", "shadow": "v2.2.0"}})
    )
    with ledger_app(database_url, model_path=models) as client:
        served = client.post("/api/v1/predict/pcos", json=body("pcos")).json()
        ledgered = rows(client)
        (shadow,) = [row for row in ledgered.values() if row.shadow_of is not None]
        assert set(ledgered) == {served["prediction_id"], shadow.id}
        assert (shadow.version, shadow.experiment_group) == ("v2.2.0", "shadow")
        assert shadow.shadow_of == served["prediction_id"]
        assert shadow.headline["pcos_score"] == served["risk_score"]  # same model, as v2.2.0
        hidden = {"prediction_id": shadow.id, "pcos_diagnosed": True}
        assert client.post("/api/v1/outcomes", json=hidden, headers=AUTH).status_code == 404
        outcome = {"prediction_id": served["prediction_id"], "pcos_diagnosed": True}
        assert client.post("/api/v1/outcomes", json=outcome, headers=AUTH).status_code == 202
        report = client.get("/api/v1/experiments/pcos", headers=ADMIN_AUTH).json()
        arms = {(a["version"], a["group"]): a["outcomes"] for a in report["arms"]}
        assert arms == {("v2.1.0", "control"): 1, ("v2.2.0", "shadow"): 1}
        (comparison,) = report["comparisons"]
        assert comparison["challenger"] == {"version": "v2.2.0", "group": "shadow"}
        assert comparison["verdict"] == "no_difference_yet"
        erased = client.delete("/api/v1/users/test-user-1/data", headers=AUTH).json()
        assert erased == {"erased": {"predictions": 2, "outcomes": 2}}


def test_an_outcome_racing_an_erasure_is_not_found(app_client: TestClient) -> None:
    writer = ledger(app_client)
    answer = app_client.post("/api/v1/predict/pcos", json=body("pcos")).json()
    entry = writer.lookup(answer["prediction_id"], own=True)
    assert entry is not None
    writer.erase("test-user-1")  # between the route's look-up and its insert
    with pytest.raises(PredictionGoneError):
        writer.repository.add_outcome(
            build_outcome(writer.models, entry, Posted("pcos_diagnosed", True))
        )
