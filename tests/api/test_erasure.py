"""Erasure for every valid user_id (POST /api/v1/erasures): ledger rows, queued writes and
cached answers; the old DELETE route for the ids a URL path can carry."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from fembalance_ml.serving.prediction_cache import KEY_PREFIX, USER_PREFIX
from tests.conftest import body, make_settings
from tests.support.servers import REDIS_SERVER, have_executable, run_gunicorn, run_redis

API_KEY = "erasure-test-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
SLASHED = ("a/b", "dXNlcjo/MTIz/w==", "c+d/e=")


def call(url: str, method: str, payload: dict[str, Any] | None = None) -> tuple[int, Any]:
    data = json.dumps(payload).encode() if payload is not None else None
    headers = {"Content-Type": "application/json", **AUTH}
    request = urllib.request.Request(url, data, headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.integration
def test_an_id_with_a_slash_is_erased_through_the_body(tmp_path: Path) -> None:
    env = {
        "STATE_DIR": str(tmp_path),
        "VALID_API_KEYS": API_KEY,
        "MODEL_WATCH_SECONDS": "0",
        "LEDGER_FLUSH_SECONDS": "0.05",
    }
    with run_gunicorn(env=env) as base:
        for user_id in SLASHED:
            status, answer = call(
                f"{base}/api/v1/predict/cycle", "POST", body("cycle") | {"user_id": user_id}
            )
            assert status == 200
            path = urllib.request.quote(user_id, safe="")
            # D3: the path is decoded before routing, so this route never sees the id.
            assert call(f"{base}/api/v1/users/{path}/data", "DELETE")[0] == 404
            status, erased = call(f"{base}/api/v1/erasures", "POST", {"user_id": user_id})
            assert (status, erased) == (200, {"erased": {"predictions": 1, "outcomes": 0}})
            outcome = {
                "prediction_id": answer["prediction_id"],
                "observed_start_date": "2026-03-18",
            }
            assert call(f"{base}/api/v1/outcomes", "POST", outcome)[0] == 404
        # The old route still erases the ids a path can carry.
        call(f"{base}/api/v1/predict/pcos", "POST", body("pcos") | {"user_id": "plain-id"})
        status, erased = call(f"{base}/api/v1/users/plain-id/data", "DELETE")
        assert (status, erased) == (200, {"erased": {"predictions": 1, "outcomes": 0}})


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(
        state_dir=tmp_path,
        valid_api_keys=API_KEY,
        model_watch_seconds=0,
        ledger_flush_seconds=3600,
        log_level="WARNING",
    )
    with TestClient(build_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_the_body_route_takes_any_valid_id_and_refuses_the_rest(client: TestClient) -> None:
    for refused in ({}, {"user_id": ""}, {"user_id": "x" * 129}, {"user_id": 7}):
        answer = client.post("/api/v1/erasures", json=refused, headers=AUTH)
        assert answer.status_code == 422, refused
        assert answer.json()["error"]["code"] == "invalid_input"
    assert client.post("/api/v1/erasures", json={"user_id": "a/b"}).status_code == 401
    erased = client.post("/api/v1/erasures", json={"user_id": "never-seen"}, headers=AUTH)
    assert erased.json() == {"erased": {"predictions": 0, "outcomes": 0}}


def test_erasure_removes_her_queued_rows_and_her_cached_answers(client: TestClient) -> None:
    hers = body("cycle") | {"user_id": "her/id=="}
    first = client.post("/api/v1/predict/cycle", json=hers)
    again = client.post("/api/v1/predict/cycle", json=hers)
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert client.app.state.ledger.pending == 2  # type: ignore[attr-defined]
    erased = client.post("/api/v1/erasures", json={"user_id": "her/id=="}, headers=AUTH)
    assert erased.json() == {"erased": {"predictions": 2, "outcomes": 0}}
    # Her answer is no longer served from the cache, to her or to anyone.
    after = client.post("/api/v1/predict/cycle", json=hers)
    assert after.headers["x-cache"] == "miss"
    assert after.json() | {"prediction_id": ""} == first.json() | {"prediction_id": ""}


@pytest.mark.integration
@pytest.mark.skipif(not have_executable(REDIS_SERVER), reason="no redis-server")
def test_erasure_deletes_her_entries_from_redis(tmp_path: Path) -> None:
    with run_redis() as redis_url:
        settings = make_settings(
            state_dir=tmp_path,
            valid_api_keys=API_KEY,
            model_watch_seconds=0,
            redis_url=redis_url,
            log_level="WARNING",
        )
        store = redis.Redis.from_url(redis_url)
        with TestClient(build_app(settings), raise_server_exceptions=False) as client:
            hers = body("cycle") | {"user_id": "her-id"}
            client.post("/api/v1/predict/cycle", json=hers)
            theirs = body("symptoms") | {"user_id": "someone-else"}
            client.post("/api/v1/predict/symptoms", json=theirs)
            assert len(store.keys(f"{KEY_PREFIX}*")) == 2
            assert len(store.keys(f"{USER_PREFIX}*")) == 2
            client.post("/api/v1/erasures", json={"user_id": "her-id"}, headers=AUTH)
            assert len(store.keys(f"{KEY_PREFIX}*")) == 1
            assert len(store.keys(f"{USER_PREFIX}*")) == 1
        # A worker that never held her answer in memory misses in Redis too.
        with TestClient(build_app(settings), raise_server_exceptions=False) as other:
            assert other.post("/api/v1/predict/cycle", json=hers).headers["x-cache"] == "miss"
            assert other.post("/api/v1/predict/symptoms", json=theirs).headers["x-cache"] == "hit"
        store.close()
