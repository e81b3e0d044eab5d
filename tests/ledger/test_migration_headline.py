"""Migration 0004 keeps today's rows: fixed headline and outcome columns become generic ones.

A database is made at 0003 with rows of every model (and a cycle answer with no forecast),
migrated to head, read through the ledger's own code (outcome look-up, retry, experiment
report), then taken back down to 0003, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from fembalance_ml.ledger.database import MIGRATIONS, make_engine, migrate
from fembalance_ml.ledger.experiment_report import experiment_report
from fembalance_ml.ledger.models import Outcome, Prediction
from fembalance_ml.ledger.outcomes import Posted, build_outcome, record_outcome
from fembalance_ml.ledger.repository import LedgerRepository
from fembalance_ml.ledger.writer import utc_now
from fembalance_ml.main import served_registry

# A risk of 17 significant digits: the migration must not round it (SQLite prints 15).
RISK = 0.66596554885445213
START = date(2026, 3, 16)
PREDICTIONS: list[dict[str, Any]] = [
    {"id": "p-pcos", "model": "pcos", "pcos_score": RISK, "pcos_level": "Medium"},
    {
        "id": "p-cycle",
        "model": "cycle_prediction",
        "cycle_start": START,
        "cycle_earliest": START - timedelta(days=3),
        "cycle_latest": START + timedelta(days=3),
    },
    {"id": "p-no-forecast", "model": "cycle_prediction"},
    {"id": "p-symptoms", "model": "symptom_analysis", "symptoms_screen": "no_pmdd"},
]
OUTCOMES: list[dict[str, Any]] = [
    {"prediction_id": "p-pcos", "pcos_diagnosed": False, "brier": RISK**2},
    {
        "prediction_id": "p-cycle",
        "observed_start_date": START + timedelta(days=2),
        "abs_error_days": 2,
        "interval_hit": True,
    },
]
HEADLINES = {
    "p-pcos": {"pcos_score": RISK, "pcos_level": "Medium"},
    "p-cycle": {
        "cycle_start": "2026-03-16",
        "cycle_earliest": "2026-03-13",
        "cycle_latest": "2026-03-19",
    },
    "p-no-forecast": None,
    "p-symptoms": {"symptoms_screen": "no_pmdd"},
}

# The served models by name, as the ledger reads them.
MODELS = served_registry().by_name


def _insert(engine: Engine, table: str, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as connection:
        for row in rows:
            names = ", ".join(row)
            values = ", ".join(f":{name}" for name in row)
            connection.execute(text(f"INSERT INTO {table} ({names}) VALUES ({values})"), row)


def _at_0003(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine, "0003")
    now = utc_now()
    _insert(engine, "predictions", [{"version": "v1", "created_at": now, **p} for p in PREDICTIONS])
    _insert(engine, "outcomes", [{"received_at": now, **o} for o in OUTCOMES])
    return engine


def _old_rows(engine: Engine) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    headline = "pcos_score, pcos_level, cycle_start, cycle_earliest, cycle_latest, symptoms_screen"
    scored = "observed_start_date, pcos_diagnosed, abs_error_days, interval_hit, brier"
    with engine.connect() as connection:
        predictions = connection.execute(
            text(f"SELECT id, {headline} FROM predictions ORDER BY id")
        ).all()
        outcomes = connection.execute(
            text(f"SELECT prediction_id, {scored} FROM outcomes ORDER BY prediction_id")
        ).all()
    return [tuple(r) for r in predictions], [tuple(r) for r in outcomes]


def test_upgrading_to_generic_columns_keeps_every_row(database_url: str) -> None:
    engine = _at_0003(database_url)
    before = _old_rows(engine)
    migrate(engine)
    with Session(engine) as session:
        headlines = {row.id: row.headline for row in session.query(Prediction)}
        scored = {
            row.prediction_id: (row.observed, row.loss, row.hit, row.probability, row.event)
            for row in session.query(Outcome)
        }
    assert headlines == HEADLINES
    assert headlines["p-pcos"]["pcos_score"] == RISK  # type: ignore[index]  # every digit
    assert scored == {
        "p-pcos": ({"pcos_diagnosed": False}, RISK**2, None, RISK, False),
        "p-cycle": ({"observed_start_date": "2026-03-18"}, 2.0, True, None, None),
    }

    # The ledger's code reads the migrated rows as it reads its own.
    repository = LedgerRepository(engine)
    entry = repository.find("p-cycle", utc_now() - timedelta(days=1))
    assert entry is not None
    posted = Posted("observed_start_date", START + timedelta(days=2))
    again = build_outcome(MODELS, entry, posted)
    assert (again.observed, again.loss, again.hit) == scored["p-cycle"][:3]
    assert record_outcome(MODELS, repository, entry, again, posted) is False  # a retry, as before
    pcos = experiment_report(engine, "pcos", timedelta(days=1), outcome=MODELS["pcos"].outcome)
    (arm,) = pcos["arms"]
    assert (arm["outcomes"], arm["figures"]["brier"]["value"]) == (1, RISK**2)
    cycle = experiment_report(
        engine, "cycle_prediction", timedelta(days=1), outcome=MODELS["cycle_prediction"].outcome
    )
    (arm,) = cycle["arms"]
    assert (arm["predictions"], arm["outcomes"]) == (2, 1)
    assert arm["figures"]["mae_days"]["value"] == 2.0
    assert arm["figures"]["interval_coverage"]["value"] == 1.0

    # And back down: the fixed columns hold what they held.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert _old_rows(engine) == before
    migrate(engine)
    with Session(engine) as session:
        assert {row.id: row.headline for row in session.query(Prediction)} == HEADLINES
    engine.dispose()
