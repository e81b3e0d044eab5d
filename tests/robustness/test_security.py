"""Keys on every route, no stack trace in any error, no unpickling before the hash check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import joblib
import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from fembalance_ml.serving import artifacts
from fembalance_ml.serving.manager import ModelManager
from tests.conftest import body, copy_models, make_settings
from tests.support.specs import with_predict

CLIENT_KEY = "security-client-key"
ADMIN_KEY = "security-admin-key"
# Probes, the scrape endpoint (closed at nginx) and the spec and its UI are open by design.
PUBLIC = {
    "/health",
    "/health/ready",
    "/metrics",
    "/docs",
    "/redoc",
    "/docs/static/{name}",
    "/openapi.json",
}
BODIES = {
    "/api/v1/predict/pcos": body("pcos"),
    "/api/v1/predict/cycle": body("cycle"),
    "/api/v1/predict/symptoms": body("symptoms"),
    "/api/v1/predict/batch": {"requests": [{"model_name": "pcos", "input": body("pcos")}]},
    "/api/v1/erasures": {"user_id": "someone"},
}
# Routes whose success is not 200.
ACCEPTED = {"/api/v1/outcomes": 202}
SERVED_MODELS = ("pcos", "cycle_prediction", "symptom_analysis")


@pytest.fixture(scope="module")
def locked_client() -> Iterator[TestClient]:
    """The app as production runs it: API keys required, one admin key."""
    settings = make_settings(
        api_key_required=True,
        valid_api_keys=CLIENT_KEY,
        admin_api_keys=ADMIN_KEY,
        model_watch_seconds=0,
        log_level="WARNING",
    )
    with TestClient(build_app(settings), raise_server_exceptions=False) as client:
        yield client


def protected_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, concrete path) of every route the app serves, except the public ones."""
    found = []
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        if route.path is None or route.path in PUBLIC:
            continue
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                found.append((method, route.path.replace("{name}", "pcos")))
    return found


def call(client: TestClient, method: str, path: str, key: str | None) -> Any:
    """One request to `path`, with a valid body where the route takes one."""
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    return client.request(method, path, json=BODIES.get(path), headers=headers)


def test_route_walk_finds_every_api_route(locked_client: TestClient) -> None:
    paths = {path for _, path in protected_routes(locked_client)}
    assert {"/api/v1/models", "/api/v1/symptoms", "/api/v1/models/pcos/reload"} <= paths
    assert set(BODIES) <= paths


@pytest.mark.parametrize("key", [None, "wrong-key", f"{CLIENT_KEY}x", ""])
def test_no_route_answers_without_a_valid_key(locked_client: TestClient, key: str | None) -> None:
    answered = {
        f"{method} {path}": call(locked_client, method, path, key).status_code
        for method, path in protected_routes(locked_client)
    }
    assert answered
    assert set(answered.values()) == {401}, answered


def test_the_right_key_opens_every_client_route(locked_client: TestClient) -> None:
    # An outcome needs a live prediction to be about: make one with the client key.
    prediction = call(locked_client, "POST", "/api/v1/predict/pcos", CLIENT_KEY).json()
    outcome = {"prediction_id": prediction["prediction_id"], "pcos_diagnosed": False}
    for method, path in protected_routes(locked_client):
        admin_only = path.endswith("/reload") or path.startswith("/api/v1/experiments/")
        expected_key = ADMIN_KEY if admin_only else CLIENT_KEY
        headers = {"Authorization": f"Bearer {expected_key}"}
        payload = outcome if path == "/api/v1/outcomes" else BODIES.get(path)
        answer = locked_client.request(method, path, json=payload, headers=headers)
        assert answer.status_code == ACCEPTED.get(path, 200), path


def test_a_client_key_cannot_reload(locked_client: TestClient) -> None:
    response = call(locked_client, "POST", "/api/v1/models/pcos/reload", CLIENT_KEY)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"


def test_internal_error_envelope_holds_no_stack_trace() -> None:
    secret = "forced-failure-detail"

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"{secret} in {Path(__file__)}")

    app = build_app(make_settings(log_level="WARNING"), with_predict(fail))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/predict/pcos", json=body("pcos"))
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "internal_error"
    assert len(error["request_id"]) == 32
    # The last-resort handler answers outside the request-id middleware: header set too.
    assert response.headers.get("x-request-id") == error["request_id"]
    for leak in ("Traceback", 'File "', secret, "RuntimeError", ".py"):
        assert leak not in response.text


def test_manager_unpickles_only_after_the_hash_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = copy_models(tmp_path)
    tampered = models / "cycle_prediction" / "latest" / artifacts.MODEL_FILE
    tampered.write_bytes(tampered.read_bytes() + b"\x00")
    events: list[tuple[str, Path]] = []
    real_hash, real_load = artifacts.sha256_of, joblib.load

    def hashing(path: Path) -> str:
        events.append(("hash", path.resolve()))
        return real_hash(path)

    def loading(path: Path, *args: Any, **kwargs: Any) -> Any:
        events.append(("load", Path(path).resolve()))
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr(artifacts, "sha256_of", hashing)
    monkeypatch.setattr(joblib, "load", loading)
    manager = ModelManager(models, dict.fromkeys(SERVED_MODELS, "latest"))
    manager.load_all()

    loaded = [path for kind, path in events if kind == "load"]
    assert tampered.resolve() not in loaded
    assert len(loaded) == 2
    for pickle_path in loaded:
        assert events.index(("hash", pickle_path)) < events.index(("load", pickle_path))
    assert not manager.status("cycle_prediction").ready
    assert "SHA-256" in (manager.status("cycle_prediction").reason or "")
    assert manager.status("pcos").ready
    assert manager.status("symptom_analysis").ready
