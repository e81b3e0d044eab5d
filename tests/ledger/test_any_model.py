"""The ledger knows no model: a fourth one's headline, outcome and loss need only its spec.

`tests/support/tiny_model` declares a headline (its score) and an outcome (an observed
score, scored by the squared error, with a hit within 1.0) in its own package; one
registration serves it. Its answers are ledgered, its outcomes validated, scored and
stored, and its experiment report compares its loss, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.orm import Session

from fembalance_ml.ledger.models import Outcome
from fembalance_ml.main import SERVED_MODELS
from fembalance_ml.serving.artifacts import write_version
from fembalance_ml.serving.spec import ModelSpec
from tests.conftest import body, copy_models
from tests.ledger.test_ledger import ADMIN_AUTH, AUTH, ledger, ledger_app, rows
from tests.support.tiny_model.model import TinyModel
from tests.support.tiny_model.spec import NAME, ROUTE, SPEC

TINY = f"/api/v1/predict/{ROUTE}"


# The served models and the tiny one: what an app serving it is built with.
WITH_TINY: list[ModelSpec[Any, Any, Any]] = [*SERVED_MODELS, SPEC]


@pytest.fixture
def client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """The app with the tiny model (weight 2) served beside the others, ledger on."""
    models = copy_models(tmp_path / "models")
    write_version(models, NAME, "v1.0.0", TinyModel(2.0), {"model_type": "tiny"})
    with ledger_app(database_url, WITH_TINY, model_path=models) as started:
        yield started


def outcomes(client: TestClient) -> dict[str, Outcome]:
    with Session(ledger(client).repository.engine) as session:
        return {row.prediction_id: row for row in session.scalars(select(Outcome))}


def test_a_fourth_model_is_ledgered_scored_and_compared(client: TestClient) -> None:
    labels = {"model": NAME, "version": "v1.0.0", "group": "none"}
    counted = REGISTRY.get_sample_value("ml_outcomes_total", labels) or 0.0
    fresh = client.post(TINY, json={"user_id": "person-1", "x": 2}).json()
    cached = client.post(TINY, json={"user_id": "person-1", "x": 2})
    assert cached.headers["x-cache"] == "hit"
    assert fresh["score"] == 4.0
    ledgered = rows(client)
    # Read off the fresh answer and off the cached answer's JSON alike.
    for answer in (fresh, cached.json()):
        row = ledgered[answer["prediction_id"]]
        assert (row.model, row.version, row.headline) == (NAME, "v1.0.0", {"tiny_score": 4.0})

    posted = {"prediction_id": fresh["prediction_id"], "observed_score": 4.5}
    accepted = client.post("/api/v1/outcomes", json=posted, headers=AUTH)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json() == {
        "prediction_id": fresh["prediction_id"],
        "model": NAME,
        "version": "v1.0.0",
        "experiment_group": None,
    }
    # The same outcome again is a retry (202, counted once); another one is a conflict.
    assert client.post("/api/v1/outcomes", json=posted, headers=AUTH).status_code == 202
    other = posted | {"observed_score": 9.0}
    assert client.post("/api/v1/outcomes", json=other, headers=AUTH).status_code == 409
    stored = outcomes(client)[fresh["prediction_id"]]
    assert stored.observed == {"observed_score": 4.5}
    assert (stored.loss, stored.hit, stored.probability, stored.event) == (0.25, True, None, None)
    assert REGISTRY.get_sample_value("ml_outcomes_total", labels) == counted + 1

    report = client.get(f"/api/v1/experiments/{NAME}", headers=ADMIN_AUTH).json()
    assert report["loss"] == "squared_error"
    (arm,) = report["arms"]
    assert (arm["version"], arm["predictions"], arm["outcomes"]) == ("v1.0.0", 2, 1)
    assert list(arm["figures"]) == ["mse", "within_one"]
    assert arm["figures"]["mse"]["value"] == 0.25
    assert arm["figures"]["within_one"]["value"] == 1.0


def test_a_fourth_models_outcome_is_validated_through_its_spec(client: TestClient) -> None:
    tiny = client.post(TINY, json={"x": 2}).json()
    pcos = client.post("/api/v1/predict/pcos", json=body("pcos")).json()

    def post(payload: dict[str, Any]) -> Any:
        return client.post("/api/v1/outcomes", json=payload, headers=AUTH)

    # Its field is bounded by the type it declares; the field points at the fault.
    too_big = post({"prediction_id": tiny["prediction_id"], "observed_score": 1e6})
    assert too_big.status_code == 422
    assert too_big.json()["error"]["details"][0]["field"] == "observed_score"
    # Another model's field does not score it, nor does its field score another model.
    wrong = post({"prediction_id": tiny["prediction_id"], "pcos_diagnosed": True})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["message"] == f"This is a {NAME} prediction: send observed_score."
    crossed = post({"prediction_id": pcos["prediction_id"], "observed_score": 1.0})
    assert crossed.status_code == 422
    assert crossed.json()["error"]["message"] == "This is a pcos prediction: send pcos_diagnosed."
    both = post(
        {"prediction_id": tiny["prediction_id"], "observed_score": 1, "pcos_diagnosed": True}
    )
    assert both.status_code == 422
    assert "send exactly one of observed_score, observed_start_date or pcos_diagnosed" in (
        json.dumps(both.json())
    )
    assert outcomes(client) == {}
    # The contract names its field beside the others.
    schema = client.get("/openapi.json").json()["components"]["schemas"]["OutcomeRequest"]
    assert list(schema["properties"]) == [
        "prediction_id",
        "observed_score",
        "observed_start_date",
        "pcos_diagnosed",
    ]
    assert schema["description"] == (
        "What happened after one prediction: an observed score (tiny), a period start "
        "(cycle) or a diagnosis (PCOS)."
    )
