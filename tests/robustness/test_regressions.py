"""Regression tests for the bugs the fuzzing and fault work found (all fixed).

Each test names the mistake it guards against: the spec and the validation disagreeing,
an undeclared status, a stack trace or a missing request id on a 500, and a rate-limit
header lookup that failed when Redis died mid-request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
import redis
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from fembalance_ml.pcos.features import SYMPTOMS
from tests.conftest import body, make_settings
from tests.support.specs import with_predict

ADMIN_KEY = "bug-admin-key"


@pytest.fixture(scope="module")
def admin_client() -> Iterator[TestClient]:
    """The app with an admin key configured, over the committed models."""
    settings = make_settings(admin_api_keys=ADMIN_KEY, model_watch_seconds=0, log_level="WARNING")
    with TestClient(build_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def spec_admits(client: TestClient, component: str, instance: object) -> bool:
    """Whether `instance` is valid against a component schema of the served OpenAPI spec."""
    spec: dict[str, Any] = client.app.openapi()  # type: ignore[attr-defined]
    root = {"$ref": f"#/components/schemas/{component}", "components": spec["components"]}
    return bool(jsonschema_rs.validator_for(root).is_valid(instance))


def declared_statuses(client: TestClient, path: str, method: str) -> set[str]:
    """The response codes the spec declares for one operation."""
    spec: dict[str, Any] = client.app.openapi()  # type: ignore[attr-defined]
    return set(spec["paths"][path][method]["responses"])


def test_pcos_flags_are_booleans_or_zero_or_one_in_the_spec_as_on_the_wire(
    admin_client: TestClient,
) -> None:
    """The v1 promise of 0/1 beside booleans is stated in the spec (1.7.0), so a fuzzer or a
    validator reading it agrees with the server; any other number stays refused."""
    features = dict.fromkeys(SYMPTOMS, True)
    assert spec_admits(admin_client, "PcosFeatures", features)
    assert spec_admits(admin_client, "PcosFeatures", {**features, "acne": 0})
    assert not spec_admits(admin_client, "PcosFeatures", {**features, "acne": 2})
    request = body("pcos")
    request["features"]["acne"] = 0
    assert admin_client.post("/api/v1/predict/pcos", json=request).status_code == 200


def test_whole_floats_are_accepted_where_the_spec_says_integer(admin_client: TestClient) -> None:
    request = body("cycle")
    request["cycles"][0]["period_length_days"] = 5.0
    assert spec_admits(admin_client, "CycleEntry", request["cycles"][0])
    assert admin_client.post("/api/v1/predict/cycle", json=request).status_code == 200


def test_spec_lists_the_symptom_vocabulary(admin_client: TestClient) -> None:
    log = {"date": "2026-01-20", "symptom": "not_a_symptom", "severity": 3}
    assert not spec_admits(admin_client, "SymptomLog", log)
    assert spec_admits(admin_client, "SymptomLog", {**log, "symptom": "cramps"})


def test_spec_bounds_horizon_cycles(admin_client: TestClient) -> None:
    request = body("cycle")
    assert spec_admits(admin_client, "CycleRequest", request)
    assert not spec_admits(admin_client, "CycleRequest", {**request, "horizon_cycles": 13})


@pytest.mark.parametrize("path", ["/api/v1/predict/pcos", "/api/v1/predict/batch"])
def test_undecodable_body_gets_a_declared_status(admin_client: TestClient, path: str) -> None:
    headers = {"Content-Type": "application/json"}
    response = admin_client.post(path, content=b"\xff", headers=headers)
    assert response.status_code < 500
    assert str(response.status_code) in declared_statuses(admin_client, path, "post")


def test_reload_of_unknown_model_is_declared(admin_client: TestClient) -> None:
    path = "/api/v1/models/{name}/reload"
    headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
    response = admin_client.post("/api/v1/models/nope/reload", headers=headers)
    assert response.status_code == 404
    assert "404" in declared_statuses(admin_client, path, "post")


def test_no_stack_trace_even_with_debug_on() -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("forced failure in /work/main/src")

    settings = make_settings(debug=True, log_level="WARNING")
    app = build_app(settings, with_predict(fail))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/predict/pcos", json=body("pcos"))
    assert response.status_code == 500
    assert "Traceback" not in response.text
    assert response.json()["error"]["code"] == "internal_error"


def test_rate_limit_headers_survive_redis_dying_mid_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = build_app(make_settings(log_level="WARNING"))
    primary = app.state.rate_limits.storage

    def redis_gone(*_args: object, **_kwargs: object) -> None:
        raise redis.exceptions.ConnectionError("Connection closed by server.")

    monkeypatch.setattr(primary, "get_expiry", redis_gone)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/predict/pcos", json=body("pcos"))
    assert response.status_code == 200
    assert "x-ratelimit-limit" not in response.headers
