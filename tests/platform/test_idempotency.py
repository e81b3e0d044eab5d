"""Idempotency-Key on POST: replayed answers, refusals, and a claim held by one request."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from pydantic import SecretStr
from starlette.types import Message, Receive, Scope, Send

from fembalance_ml.api.idempotency import IdempotencyMiddleware
from fembalance_ml.http.idempotency_store import CLAIM_SECONDS, IdempotencyStore
from fembalance_ml.main import build_app
from fembalance_ml.security.auth import ApiKeyVerifier
from fembalance_ml.security.privacy import Pseudonymizer
from tests.conftest import body, make_settings

KEYS = ("first-test-key-0000000000000000", "second-test-key-000000000000000")
AUTH = {"Authorization": f"Bearer {KEYS[0]}"}
OTHER = {"Authorization": f"Bearer {KEYS[1]}"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(
        state_dir=tmp_path_factory.mktemp("state"),
        api_key_required=True,
        valid_api_keys=",".join(KEYS),
        model_watch_seconds=0,
        cache_enabled=False,
        log_level="WARNING",
    )
    with TestClient(build_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def predictions(model: str = "pcos") -> float:
    total = 0.0
    for metric in REGISTRY.collect():
        for sample in metric.samples:
            if sample.name == "ml_predictions_total" and sample.labels.get("model") == model:
                total += sample.value
    return total


def post(client: TestClient, key: str | None, payload: Any, auth: dict[str, str] = AUTH) -> Any:
    headers = {**auth, **({"Idempotency-Key": key} if key is not None else {})}
    return client.post("/api/v1/predict/pcos", json=payload, headers=headers)


def test_a_repeat_replays_the_first_answer_without_predicting(client: TestClient) -> None:
    before = predictions()
    first = post(client, "replay-1", body("pcos"))
    again = post(client, "replay-1", body("pcos"))
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again.headers["x-prediction-id"] == first.headers["x-prediction-id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert again.headers["x-request-id"] != first.headers["x-request-id"]
    assert predictions() == before + 1


def test_without_a_key_every_request_runs(client: TestClient) -> None:
    first, again = post(client, None, body("pcos")), post(client, None, body("pcos"))
    assert first.headers["x-prediction-id"] != again.headers["x-prediction-id"]


def test_the_same_key_with_another_body_is_refused(client: TestClient) -> None:
    assert post(client, "reused-1", body("pcos")).status_code == 200
    changed = body("pcos")
    changed["features"]["age"] = 31
    refused = post(client, "reused-1", changed)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "idempotency_key_reused"
    assert "reused-1" not in refused.text


def test_keys_belong_to_their_credential(client: TestClient) -> None:
    mine = post(client, "shared-key", body("pcos"))
    theirs = post(client, "shared-key", body("pcos"), OTHER)
    assert theirs.status_code == 200
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.headers["x-prediction-id"] != mine.headers["x-prediction-id"]


def test_an_error_is_not_remembered(client: TestClient) -> None:
    assert post(client, "after-error", {"user_id": "u"}).status_code == 422
    fixed = post(client, "after-error", body("pcos"))
    assert fixed.status_code == 200
    assert "idempotent-replayed" not in fixed.headers
    unauthorised = post(client, "after-401", body("pcos"), {"Authorization": "Bearer wrong"})
    assert unauthorised.status_code == 401
    assert post(client, "after-401", body("pcos")).status_code == 200


@pytest.mark.parametrize("key", [b"", b"with space", b"x" * 256, b"caf\xe9", b"tab\there"])
def test_a_malformed_key_is_refused(client: TestClient, key: bytes) -> None:
    headers = {**AUTH, "Idempotency-Key": key}
    refused = client.post(
        "/api/v1/predict/pcos",
        content=b'{"a": 1}',
        headers=headers | {"Content-Type": "application/json"},
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_idempotency_key"


def test_batch_and_outcomes_replay_too(client: TestClient) -> None:
    batch = {"requests": [{"model_name": "pcos", "input": body("pcos")}]}
    headers = {**AUTH, "Idempotency-Key": "batch-1"}
    first = client.post("/api/v1/predict/batch", json=batch, headers=headers)
    again = client.post("/api/v1/predict/batch", json=batch, headers=headers)
    assert first.status_code == 200
    assert again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    prediction = first.json()["predictions"][0]["prediction_id"]
    reported = {"prediction_id": prediction, "pcos_diagnosed": True}
    headers = {**AUTH, "Idempotency-Key": "outcome-1"}
    accepted = client.post("/api/v1/outcomes", json=reported, headers=headers)
    repeated = client.post("/api/v1/outcomes", json=reported, headers=headers)
    assert accepted.status_code == repeated.status_code == 202
    assert repeated.headers["idempotent-replayed"] == "true"


def test_keys_and_bodies_never_reach_the_log(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    post(client, "secret-idem-key-123", body("pcos") | {"user_id": "person-in-log-test"})
    post(client, "secret-idem-key-123", body("pcos") | {"user_id": "person-in-log-test"})
    out = capsys.readouterr()
    assert "secret-idem-key-123" not in out.out + out.err
    assert "person-in-log-test" not in out.out + out.err


class SlowApp:
    """An inner app that answers 200 only when released, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await receive()
        await self.release.wait()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": b'{"ok":true}'})


async def _call(
    app: IdempotencyMiddleware, key: bytes, payload: bytes
) -> tuple[int, dict[bytes, bytes], bytes]:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/predict/pcos",
        "query_string": b"",
        "headers": [(b"idempotency-key", key), (b"authorization", b"Bearer k")],
        "state": {"request_id": "r" * 16},
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": payload, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return (
        sent[0]["status"],
        dict(sent[0]["headers"]),
        b"".join(m.get("body", b"") for m in sent[1:]),
    )


def test_a_concurrent_duplicate_gets_409_while_the_first_runs() -> None:
    async def scenario() -> None:
        inner = SlowApp()
        store = IdempotencyStore(None, 60, 100, 0.05)
        app = IdempotencyMiddleware(inner, store, Pseudonymizer(b"k"), lambda _auth: True)
        first = asyncio.ensure_future(_call(app, b"k1", b"{}"))
        await asyncio.sleep(0.01)
        status, headers, answer = await _call(app, b"k1", b"{}")
        assert status == 409
        assert headers[b"retry-after"] == b"1"
        assert b"idempotency_in_progress" in answer
        inner.release.set()
        assert (await first)[0] == 200
        replayed = await _call(app, b"k1", b"{}")
        assert replayed[0] == 200
        assert replayed[2] == b'{"ok":true}'
        assert replayed[1][b"idempotent-replayed"] == b"true"
        assert inner.calls == 1

    asyncio.run(scenario())


def test_a_claim_is_freed_after_its_time_and_an_answer_after_the_ttl() -> None:
    now = [0.0]
    store = IdempotencyStore(None, 3600, 100, 0.05, clock=lambda: now[0])

    async def scenario() -> None:
        assert await store.claim("a", b"f" * 64) is None
        held = await store.claim("a", b"f" * 64)
        assert held is not None
        assert not held.answered
        now[0] += CLAIM_SECONDS + 1
        assert await store.claim("a", b"f" * 64) is None  # a killed request's claim lapsed
        await store.answer("a", b"f" * 64, b"remembered")
        found = await store.claim("a", b"f" * 64)
        assert found is not None
        assert found.answered
        assert found.answer == b"remembered"
        now[0] += 3601
        assert await store.claim("a", b"f" * 64) is None

    asyncio.run(scenario())


def test_a_revoked_key_gets_no_replay(client: TestClient) -> None:
    """An answer is replayed only to a credential the service still takes: after the key
    is revoked (a restart with new keys, the store in Redis surviving it), the route
    answers 401 as it would without the key."""
    admission = client.app.state.admission  # type: ignore[attr-defined]
    kept = admission.key_verifier
    first = post(client, "revoked-1", body("pcos"), OTHER)
    assert first.status_code == 200
    admission.key_verifier = ApiKeyVerifier([SecretStr(KEYS[0])])
    try:
        again = post(client, "revoked-1", body("pcos"), OTHER)
    finally:
        admission.key_verifier = kept
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "unauthorized"
    assert "idempotent-replayed" not in again.headers
    assert first.headers["x-prediction-id"] not in again.text
    # Still remembered for the key once it is valid again.
    assert post(client, "revoked-1", body("pcos"), OTHER).content == first.content


def test_refusals_are_in_the_request_language(client: TestClient) -> None:
    refused = client.post(
        "/api/v1/predict/pcos",
        json=body("pcos"),
        headers={**AUTH, "Idempotency-Key": "bad key", "Accept-Language": "de"},
    )
    assert refused.status_code == 422
    assert refused.headers["content-language"] == "de"
    assert refused.json()["error"]["message"] == (
        "Idempotency-Key muss aus 1 bis 255 druckbaren ASCII-Zeichen bestehen."
    )
