"""Verdicts: a simulated experiment where the challenger is truly better, or equal."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import numpy as np
import orjson
import pytest
from fastapi.testclient import TestClient
from sklearn.metrics import roc_auc_score

from fembalance_ml.ledger.outcomes import Posted, build_outcome
from fembalance_ml.ledger.repository import COLUMNS, LedgerRepository
from fembalance_ml.ledger.verdicts import auc
from fembalance_ml.ledger.writer import utc_now
from fembalance_ml.main import served_registry
from tests.conftest import body
from tests.ledger.test_ledger import ADMIN_AUTH, AUTH, ledger, ledger_app

# The served models by name, as the ledger reads them.
MODELS = served_registry().by_name


@pytest.fixture
def app_client(database_url: str) -> Iterator[TestClient]:
    """A started app whose ledger lives in a fresh database."""
    with ledger_app(database_url) as client:
        yield client


def simulate_cycle_arm(
    repository: LedgerRepository,
    version: str,
    group: str,
    error_sd: float,
    outcomes: int,
    seed: int,
) -> None:
    """Ledger `outcomes` cycle predictions of one arm, each off the truth by N(0, error_sd)."""
    rng = np.random.default_rng(seed)
    today = utc_now().date()
    rows: list[dict[str, Any]] = []
    truths: list[date] = []
    for errors in np.rint(rng.normal(0.0, error_sd, outcomes)).astype(int):
        truth = today - timedelta(days=int(rng.integers(5, 60)))
        predicted = truth + timedelta(days=int(errors))
        rows.append(
            {
                "id": secrets.token_urlsafe(16),
                "model": "cycle_prediction",
                "version": version,
                "experiment_group": group,
                "user_pseudonym": None,
                "created_at": utc_now(),
                "headline": orjson.dumps(
                    {
                        "cycle_start": predicted,
                        "cycle_earliest": predicted - timedelta(days=3),
                        "cycle_latest": predicted + timedelta(days=3),
                    }
                ).decode(),
                "shadow_of": None,
            }
        )
        truths.append(truth)
    repository.add_predictions([tuple(row[column] for column in COLUMNS) for row in rows])
    for row, truth in zip(rows, truths, strict=True):
        entry = repository.find(row["id"], utc_now() - timedelta(days=1))
        assert entry is not None
        repository.add_outcome(build_outcome(MODELS, entry, Posted("observed_start_date", truth)))


def report(client: TestClient, model: str = "cycle_prediction") -> Any:
    answer = client.get(f"/api/v1/experiments/{model}", headers=ADMIN_AUTH)
    assert answer.status_code == 200
    return answer.json()


def test_a_truly_better_challenger_is_called_better(app_client: TestClient) -> None:
    repository = ledger(app_client).repository
    simulate_cycle_arm(repository, "v1.0.0", "control", 4.0, 150, seed=1)
    simulate_cycle_arm(repository, "v1.1.0", "treatment", 1.5, 150, seed=2)
    answer = report(app_client)
    arms = {arm["version"]: arm for arm in answer["arms"]}
    assert {v: (a["predictions"], a["outcomes"]) for v, a in arms.items()} == {
        "v1.0.0": (150, 150),
        "v1.1.0": (150, 150),
    }
    control, challenger = arms["v1.0.0"]["figures"], arms["v1.1.0"]["figures"]
    assert challenger["mae_days"]["value"] < control["mae_days"]["value"]
    low, high = control["mae_days"]["ci95"]
    assert low <= control["mae_days"]["value"] <= high
    assert challenger["interval_coverage"]["value"] > control["interval_coverage"]["value"]
    (comparison,) = answer["comparisons"]
    assert comparison["challenger"] == {"version": "v1.1.0", "group": "treatment"}
    assert comparison["verdict"] == "better"
    assert comparison["outcomes_still_needed"] == 0
    assert comparison["loss_difference"]["ci95"][1] < 0


def test_an_equal_challenger_stays_undecided(app_client: TestClient) -> None:
    repository = ledger(app_client).repository
    simulate_cycle_arm(repository, "v1.0.0", "control", 3.0, 150, seed=3)
    simulate_cycle_arm(repository, "v1.1.0", "treatment", 3.0, 150, seed=4)
    (comparison,) = report(app_client)["comparisons"]
    assert comparison["verdict"] == "no_difference_yet"
    low, high = comparison["loss_difference"]["ci95"]
    assert low <= 0 <= high
    needed = comparison["outcomes_still_needed"]
    assert needed is None or needed > 0


def test_too_few_outcomes_decide_nothing_yet(app_client: TestClient) -> None:
    repository = ledger(app_client).repository
    simulate_cycle_arm(repository, "v1.0.0", "control", 6.0, 10, seed=5)
    simulate_cycle_arm(repository, "v1.1.0", "treatment", 0.3, 10, seed=6)
    (comparison,) = report(app_client)["comparisons"]
    assert comparison["verdict"] == "no_difference_yet"
    assert comparison["outcomes_still_needed"] >= 2 * (30 - 10)


def test_pcos_report_scores_real_predictions(app_client: TestClient) -> None:
    ids = []
    for age in range(20, 40):
        request = body("pcos") | {"user_id": f"p{age}"}
        request["features"] = request["features"] | {"age": age, "acne": age % 2}
        ids.append(app_client.post("/api/v1/predict/pcos", json=request).json())
    for index, answer in enumerate(ids):
        outcome = {"prediction_id": answer["prediction_id"], "pcos_diagnosed": index % 3 == 0}
        assert app_client.post("/api/v1/outcomes", json=outcome, headers=AUTH).status_code == 202
    (arm,) = report(app_client, "pcos")["arms"]
    assert (arm["predictions"], arm["outcomes"], arm["group"]) == (20, 20, None)
    expected_brier = np.mean([(a["risk_score"] - (i % 3 == 0)) ** 2 for i, a in enumerate(ids)])
    assert arm["figures"]["brier"]["value"] == pytest.approx(expected_brier)
    assert 0.0 <= arm["figures"]["auc"]["value"] <= 1.0
    assert report(app_client, "pcos")["comparisons"] == []


def test_unknown_model_is_not_found(app_client: TestClient) -> None:
    answer = app_client.get("/api/v1/experiments/nonsense", headers=ADMIN_AUTH)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


def test_auc_matches_scikit_learn_with_ties() -> None:
    rng = np.random.default_rng(7)
    scores = np.round(rng.random(300), 1)
    labels = rng.random(300) < scores
    assert auc(scores, labels) == pytest.approx(roc_auc_score(labels, scores))
    assert np.isnan(auc(scores, np.zeros(300, dtype=bool)))
