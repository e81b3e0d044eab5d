"""POST /api/v1/outcomes: scored against the ledgered version; 404, 409, 422; two workers."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from fembalance_ml.main import build_app
from tests.conftest import body, make_settings
from tests.support.servers import run_gunicorn

API_KEY = "outcome-test-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with its ledger in a private SQLite file; flushes only when asked to."""
    settings = make_settings(
        state_dir=tmp_path_factory.mktemp("state"),
        ledger_flush_seconds=3600,
        model_watch_seconds=0,
        valid_api_keys=API_KEY,
        log_level="WARNING",
    )
    with TestClient(build_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def predict(client: TestClient, name: str, **changes: Any) -> dict[str, Any]:
    answer = client.post(f"/api/v1/predict/{name}", json=body(name) | changes)
    assert answer.status_code == 200
    result: dict[str, Any] = answer.json()
    return result


def outcome(client: TestClient, payload: dict[str, Any]) -> Any:
    return client.post("/api/v1/outcomes", json=payload, headers=AUTH)


def sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_cycle_outcome_is_scored_against_its_version(client: TestClient) -> None:
    # Still in the writer's queue: the outcome path must find it anyway.
    answer = predict(client, "cycle")
    labels = {"model": "cycle_prediction", "version": answer["model_version"], "group": "none"}
    before = (
        sample("ml_outcomes_total", labels),
        sample("ml_outcome_interval_hits_total", labels),
        sample("ml_outcome_abs_error_seconds_sum", labels),
    )
    predicted = date.fromisoformat(answer["predicted_start_date"])
    observed = predicted + timedelta(days=2)
    accepted = outcome(
        client, {"prediction_id": answer["prediction_id"], "observed_start_date": str(observed)}
    )
    assert accepted.status_code == 202
    assert accepted.json() == {
        "prediction_id": answer["prediction_id"],
        "model": "cycle_prediction",
        "version": answer["model_version"],
        "experiment_group": None,
    }
    inside = (
        date.fromisoformat(answer["prediction_interval"]["earliest"])
        <= observed
        <= date.fromisoformat(answer["prediction_interval"]["latest"])
    )
    after = (
        sample("ml_outcomes_total", labels),
        sample("ml_outcome_interval_hits_total", labels),
        sample("ml_outcome_abs_error_seconds_sum", labels),
    )
    assert (after[0] - before[0], after[1] - before[1], after[2] - before[2]) == (
        1,
        1 if inside else 0,
        2 * 86_400,
    )


def test_pcos_outcome_observes_the_brier_score(client: TestClient) -> None:
    answer = predict(client, "pcos")
    labels = {"model": "pcos", "version": answer["model_version"], "group": "none"}
    before = sample("ml_outcome_brier_sum", labels)
    accepted = outcome(client, {"prediction_id": answer["prediction_id"], "pcos_diagnosed": True})
    assert accepted.status_code == 202
    assert accepted.json()["model"] == "pcos"
    brier = sample("ml_outcome_brier_sum", labels) - before
    assert brier == pytest.approx((1 - answer["risk_score"]) ** 2)


def test_a_second_outcome_is_a_conflict(client: TestClient) -> None:
    answer = predict(client, "pcos")
    first = {"prediction_id": answer["prediction_id"], "pcos_diagnosed": False}
    assert outcome(client, first).status_code == 202
    second = outcome(client, first | {"pcos_diagnosed": True})
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "outcome_exists"


def test_an_unknown_id_is_not_found(client: TestClient) -> None:
    missing = outcome(client, {"prediction_id": "no-such-prediction", "pcos_diagnosed": True})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"observed_start_date": "2026-03-20", "pcos_diagnosed": True}, None),
        ({}, None),
        ({"pcos_diagnosed": "yes"}, "pcos_diagnosed"),
        ({"observed_start_date": "not-a-date"}, "observed_start_date"),
        ({"pcos_diagnosed": True, "notes": "x"}, "notes"),
    ],
)
def test_malformed_outcomes_get_the_envelope(
    client: TestClient, payload: dict[str, Any], field: str | None
) -> None:
    answer = predict(client, "pcos")
    refused = outcome(client, {"prediction_id": answer["prediction_id"], **payload})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["request_id"]
    if field is not None:
        assert field in {d["field"] for d in error["details"]}
    assert "yes" not in refused.text


def test_an_outcome_that_does_not_fit_the_prediction_is_refused(client: TestClient) -> None:
    cycle = predict(client, "cycle")
    symptoms = predict(client, "symptoms")
    future = str(date.today() + timedelta(days=30))
    cases = [
        {"prediction_id": cycle["prediction_id"], "pcos_diagnosed": True},
        {"prediction_id": cycle["prediction_id"], "observed_start_date": future},
        {"prediction_id": cycle["prediction_id"], "observed_start_date": "2020-01-01"},
        {"prediction_id": symptoms["prediction_id"], "pcos_diagnosed": True},
    ]
    for case in cases:
        refused = outcome(client, case)
        assert refused.status_code == 422, case
        assert refused.json()["error"]["code"] == "invalid_input"
    # Refusals stored nothing: the right outcome is still accepted.
    right = {"prediction_id": cycle["prediction_id"], "observed_start_date": "2026-03-18"}
    assert outcome(client, right).status_code == 202


def test_a_cycle_answer_without_a_forecast_takes_no_start_date(client: TestClient) -> None:
    """A pregnancy answer forecasts no start (issue 22): an observed start is refused, 422."""
    context = {"pregnancy": "pregnant", "pregnancy_start_date": "2026-02-18"}
    answer = predict(client, "cycle", context=context)
    assert answer["predicted_start_date"] is None
    refused = outcome(
        client, {"prediction_id": answer["prediction_id"], "observed_start_date": "2026-03-18"}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_input"


def post_json(url: str, payload: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
    request = urllib.request.Request(
        url, json.dumps(payload).encode(), {"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def until_found(url: str, payload: dict[str, Any], timeout: float = 30.0) -> tuple[int, Any]:
    """Post an outcome until its prediction is visible to whichever worker answers.

    Another worker's prediction reaches the shared ledger at its next flush.
    """
    deadline = time.monotonic() + timeout
    while True:
        status, answer = post_json(url, payload, AUTH)
        if status != 404 or time.monotonic() > deadline:
            return status, answer
        time.sleep(0.05)


@pytest.mark.integration
def test_outcomes_through_two_gunicorn_workers(tmp_path: Path) -> None:
    env = {
        "STATE_DIR": str(tmp_path),
        "LEDGER_FLUSH_SECONDS": "0.05",
        "VALID_API_KEYS": API_KEY,
        "MODEL_WATCH_SECONDS": "0",
        "RATE_LIMIT_ENABLED": "false",
    }
    with run_gunicorn(env=env, workers=2) as base:
        ids = []
        for index in range(12):
            request = body("pcos") | {"user_id": f"person-{index}"}
            status, answer = post_json(f"{base}/api/v1/predict/pcos", request, {})
            assert status == 200
            ids.append(answer["prediction_id"])
        for prediction_id in ids:
            payload = {"prediction_id": prediction_id, "pcos_diagnosed": True}
            status, answer = until_found(f"{base}/api/v1/outcomes", payload)
            assert (status, answer["model"]) == (202, "pcos")
        for prediction_id in ids:
            payload = {"prediction_id": prediction_id, "pcos_diagnosed": False}
            assert post_json(f"{base}/api/v1/outcomes", payload, AUTH)[0] == 409
        with urllib.request.urlopen(f"{base}/metrics", timeout=30) as scrape:
            metrics = scrape.read().decode()
        totals = [
            float(line.rsplit(" ", 1)[1])
            for line in metrics.splitlines()
            if line.startswith('ml_outcomes_total{group="none",model="pcos"')
        ]
        assert sum(totals) == 12
