"""Envelope, request ids, limits, keys and readiness, through the real app in-process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from tests.conftest import body, make_settings


def assert_envelope(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    """The response has `status`, the one error shape, and a matching request id."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert {"code", "message", "details", "request_id"} <= set(error)
    assert error["request_id"] == response.headers["x-request-id"]
    if code is not None:
        assert error["code"] == code
    assert "Traceback" not in response.text
    return dict(error)


def test_liveness(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}


def test_ready_with_committed_models(client: TestClient) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 200, response.text
    models = response.json()["models"]
    assert set(models) == {"pcos", "cycle_prediction", "symptom_analysis"}
    assert all(m["ready"] for m in models.values())


def test_request_id_is_kept_or_made(client: TestClient) -> None:
    assert (
        client.get("/health", headers={"X-Request-ID": "abc12345-trace"}).headers["x-request-id"]
        == "abc12345-trace"
    )
    generated = client.get("/health", headers={"X-Request-ID": "bad id!"}).headers["x-request-id"]
    assert len(generated) == 32


def test_unknown_route_and_method(client: TestClient) -> None:
    assert_envelope(client.get("/api/v1/nothing"), 404, "not_found")
    assert_envelope(client.get("/api/v1/predict/pcos"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/predict/pcos",
        "/api/v1/predict/cycle",
        "/api/v1/predict/symptoms",
        "/api/v1/predict/batch",
    ],
)
def test_bodies_that_are_not_requests(client: TestClient, path: str) -> None:
    headers = {"Content-Type": "application/json"}
    assert_envelope(client.post(path, content=b"{oops", headers=headers), 422, "invalid_json")
    assert_envelope(client.post(path, content=b"", headers=headers), 422)
    assert_envelope(client.post(path, json=[1, 2]), 422)
    assert_envelope(client.post(path, json={"surprise": 1}), 422)


def test_validation_details_do_not_echo_values(client: TestClient) -> None:
    request = body("pcos")
    request["features"]["bmi"] = 500
    error = assert_envelope(client.post("/api/v1/predict/pcos", json=request), 422)
    assert "500" not in str(error["details"])
    assert any("bmi" in str(d) for d in error["details"])


def test_body_over_the_limit_is_413() -> None:
    app = build_app(make_settings(max_body_bytes=2048))
    with TestClient(app) as small:
        padded = body("pcos") | {"user_id": "x" * 5000}
        assert_envelope(small.post("/api/v1/predict/pcos", json=padded), 413, "payload_too_large")


@pytest.fixture(scope="module")
def keyed() -> Iterator[TestClient]:
    settings = make_settings(api_key_required=True, valid_api_keys="secret-key-one,other-key")
    with TestClient(build_app(settings)) as keyed_client:
        yield keyed_client


@pytest.mark.parametrize("header", [None, "Bearer wrong", "secret-key-one", "Basic secret-key-one"])
def test_missing_and_wrong_keys_get_the_same_401(keyed: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = keyed.post("/api/v1/predict/pcos", json=body("pcos"), headers=headers)
    error = assert_envelope(response, 401, "unauthorized")
    assert error["message"].startswith("A valid API key")


def test_valid_key_is_served_and_health_needs_none(keyed: TestClient) -> None:
    auth = {"Authorization": "Bearer other-key"}
    assert keyed.post("/api/v1/predict/pcos", json=body("pcos"), headers=auth).status_code == 200
    assert keyed.get("/health/ready").status_code == 200
    assert keyed.get("/metrics").status_code == 200


def test_missing_models_make_the_service_live_but_not_ready(tmp_path: Path) -> None:
    with TestClient(build_app(make_settings(model_path=tmp_path / "absent"))) as empty:
        assert empty.get("/health").status_code == 200
        ready = empty.get("/health/ready")
        assert ready.status_code == 503
        reasons = {name: m["reason"] for name, m in ready.json()["models"].items()}
        assert all("no versions" in reason for reason in reasons.values())
        error = assert_envelope(
            empty.post("/api/v1/predict/pcos", json=body("pcos")), 503, "model_not_ready"
        )
        assert error["details"][0]["model"] == "pcos"


def test_models_listing_carries_metadata(client: TestClient) -> None:
    listed = {m["name"]: m for m in client.get("/api/v1/models").json()["models"]}
    assert listed["pcos"]["version"] == "v2.4.0"
    assert listed["pcos"]["metadata"]["files"]["model.pkl"]


def test_metrics_count_predictions(client: TestClient) -> None:
    client.post("/api/v1/predict/pcos", json=body("pcos"))
    text = client.get("/metrics").text
    assert 'ml_predictions_total{model="pcos",status="ok",version="v2.4.0"}' in text
