"""Outcomes a client can rely on, and an attacker cannot use: ids proven without the
database, bound to the subject that made the prediction, idempotent, rate-limited; an id
issued by another worker is found once its row lands, an id of the old form still works."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.api.served import prediction_ids
from fembalance_ml.ledger.repository import COLUMNS
from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings, utc_now
from fembalance_ml.main import build_app
from fembalance_ml.security.auth import hash_key
from fembalance_ml.security.ids import ProcessTag
from fembalance_ml.security.tokens import mint_token
from tests.conftest import body, make_settings

KEY_A, KEY_B = "outcome-rules-key-a", "outcome-rules-key-b"
TOKEN_KEY = "outcome-rules-browser-token-key-0123456789"
A = {"Authorization": f"Bearer {KEY_A}"}
B = {"Authorization": f"Bearer {KEY_B}"}


def rules_app(state: Path, **overrides: Any) -> TestClient:
    """Keys required; the writer flushes only when asked to (an hour between flushes)."""
    settings = make_settings(
        state_dir=state,
        ledger_flush_seconds=3600,
        model_watch_seconds=0,
        api_key_required=True,
        valid_api_keys=f"{KEY_A},{KEY_B}",
        browser_token_key=TOKEN_KEY,
        log_level="WARNING",
        **overrides,
    )
    return TestClient(build_app(settings), raise_server_exceptions=False)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with rules_app(tmp_path) as test_client:
        yield test_client


def writer_of(client: TestClient) -> LedgerWriter:
    writer: LedgerWriter = client.app.state.ledger  # type: ignore[attr-defined]
    return writer


def predict(client: TestClient, headers: dict[str, str], name: str = "pcos") -> dict[str, Any]:
    answer = client.post(f"/api/v1/predict/{name}", json=body(name), headers=headers)
    assert answer.status_code == 200
    result: dict[str, Any] = answer.json()
    return result


def outcome(client: TestClient, prediction_id: str, headers: dict[str, str], **what: Any) -> Any:
    payload = {"prediction_id": prediction_id, **(what or {"pcos_diagnosed": True})}
    return client.post("/api/v1/outcomes", json=payload, headers=headers)


def test_a_forged_id_is_refused_without_a_database_look_up_or_a_flush(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = writer_of(client)
    genuine = predict(client, A)["prediction_id"]  # queued, not written
    touched: list[str] = []

    def spy(name: str) -> Any:
        real = getattr(writer, name)

        def called(*args: Any, **kwargs: Any) -> Any:
            touched.append(name)
            return real(*args, **kwargs)

        return called

    for name in ("flush", "lookup"):
        monkeypatch.setattr(writer, name, spy(name))
    forged = genuine[:-4] + ("AAAA" if genuine[-4:] != "AAAA" else "BBBB")
    for made_up in (forged, "x" * 40, f"{int(time.time()):08x}" + "A" * 32):
        refused = outcome(client, made_up, A)
        assert refused.status_code == 404
        assert refused.json()["error"]["code"] == "not_found"
    assert touched == []
    assert writer.pending == 1  # the queue was not written on an unknown id's account


def test_only_the_subject_that_made_the_prediction_may_send_its_outcome(
    client: TestClient,
) -> None:
    mine = predict(client, A)["prediction_id"]
    refused = outcome(client, mine, B)
    assert refused.status_code == 404  # not 403: another subject cannot tell it exists
    assert refused.json()["error"]["code"] == "not_found"
    assert outcome(client, mine, A).status_code == 202
    first, second = (
        {"Authorization": f"Bearer {mint_token(TOKEN_KEY.encode(), subject, 300)}"}
        for subject in ("session-1", "session-2")
    )
    theirs = predict(client, first)["prediction_id"]
    assert outcome(client, theirs, second).status_code == 404
    assert outcome(client, theirs, A).status_code == 404
    assert outcome(client, theirs, first).status_code == 202


def test_the_same_outcome_again_answers_as_the_first_time(client: TestClient) -> None:
    mine = predict(client, A, "cycle")["prediction_id"]
    first = outcome(client, mine, A, observed_start_date="2026-03-18")
    again = outcome(client, mine, A, observed_start_date="2026-03-18")
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == first.json()
    assert first.json()["prediction_id"] == mine
    other = outcome(client, mine, A, observed_start_date="2026-03-19")
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "outcome_exists"


def test_outcomes_are_rate_limited(tmp_path: Path) -> None:
    with rules_app(tmp_path, rate_limit_overrides={"outcomes": "3/minute"}) as client:
        mine = predict(client, A)["prediction_id"]
        statuses = [outcome(client, mine, A).status_code for _ in range(4)]
        refused = outcome(client, mine, A)
    assert statuses == [202, 202, 202, 429]
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "retry-after" in refused.headers


def test_an_id_from_another_worker_is_found_once_its_row_lands(client: TestClient) -> None:
    pseudonymizer = client.app.state.predictions.pseudonymizer  # type: ignore[attr-defined]
    options = WriterSettings(
        queue_items=10, batch_items=10, flush_seconds=3600, retention_days=180, sweep_seconds=3600
    )
    written = writer_of(client)
    other = LedgerWriter(written.repository, pseudonymizer, options, written.models)
    other.available = True
    another_process = prediction_ids(pseudonymizer, ProcessTag(b"\xff\xfe\xfd"))
    (elsewhere,) = another_process.issue(hash_key(KEY_A).hex()[:16])
    answer = client.post("/api/v1/predict/pcos", json=body("pcos"), headers=A).content
    other.record(elsewhere, "pcos", "v2.3.0", None, "someone", answer)
    landing = threading.Timer(0.5, other.flush)
    landing.start()
    started = time.monotonic()
    accepted = outcome(client, elsewhere, A)
    waited = time.monotonic() - started
    landing.join()
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["model"] == "pcos"
    assert waited >= 0.4  # it waited for the other worker's flush


def test_an_id_of_the_old_form_still_takes_its_outcome(client: TestClient) -> None:
    writer = writer_of(client)
    old_id = f"{int(time.time()) - 60:08x}" + "Q" * 22  # 30 characters, no MAC
    values: dict[str, Any] = dict.fromkeys(COLUMNS)
    values |= {"id": old_id, "model": "pcos", "version": "v2.1.0", "created_at": utc_now()}
    values["headline"] = '{"pcos_score": 0.4, "pcos_level": "Moderate"}'
    writer.repository.add_predictions([tuple(values[column] for column in COLUMNS)])
    accepted = outcome(client, old_id, B)
    assert accepted.status_code == 202
    assert accepted.json()["version"] == "v2.1.0"
    assert outcome(client, f"{int(time.time()):08x}" + "R" * 22, B).status_code == 404


def test_ids_are_bound_to_their_client_in_single_answers_and_batches(tmp_path: Path) -> None:
    with rules_app(tmp_path) as client:
        single = predict(client, A)["prediction_id"]
        items = [{"model_name": "pcos", "input": body("pcos")}]
        batch = client.post("/api/v1/predict/batch", json={"requests": items}, headers=A)
        (item,) = batch.json()["predictions"]
        for prediction_id in (single, item["prediction_id"]):
            assert outcome(client, prediction_id, B).status_code == 404
            assert outcome(client, prediction_id, A).status_code == 202
