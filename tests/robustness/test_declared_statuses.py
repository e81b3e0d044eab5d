"""Every status a route can return is declared in the OpenAPI spec, read from app.openapi()."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fembalance_ml.main import build_app
from tests.conftest import make_settings

# What each /api/v1 route can answer besides success, and no more: a prediction can meet
# every refusal; the listings only a missing or wrong credential (401), one of the wrong
# kind (403) or an oversize body; a reload also an unknown model, a refused version and a
# bad query. Every POST may meet 409 `idempotency_in_progress` (Idempotency-Key).
PREDICTION_ERRORS = {"401", "403", "409", "413", "415", "422", "429", "503"}
EXPECTED_ERRORS = {
    "POST /api/v1/predict/pcos": PREDICTION_ERRORS,
    "POST /api/v1/predict/cycle": PREDICTION_ERRORS,
    "POST /api/v1/predict/symptoms": PREDICTION_ERRORS,
    "POST /api/v1/predict/batch": PREDICTION_ERRORS,
    "GET /api/v1/models": {"401", "403", "413"},
    "GET /api/v1/symptoms": {"401", "403", "413"},
    "GET /api/v1/pcos/features": {"401", "403", "413"},
    "POST /api/v1/models/{name}/reload": {"401", "403", "404", "409", "413", "422"},
    "POST /api/v1/outcomes": {"401", "403", "404", "409", "413", "415", "422", "429", "503"},
    "DELETE /api/v1/users/{user_id}/data": {"401", "403", "413", "422", "429", "503"},
    "POST /api/v1/erasures": {"401", "403", "409", "413", "415", "422", "429", "503"},
    "GET /api/v1/experiments/{name}": {"401", "403", "404", "413", "422", "429", "503"},
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """The served OpenAPI document (built without starting the app)."""
    document: dict[str, Any] = build_app(make_settings(log_level="WARNING")).openapi()
    return document


def api_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every /api/v1 operation in the spec."""
    return [
        (path, method, operation)
        for path, methods in spec["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in methods.items()
    ]


def test_every_api_route_declares_exactly_its_error_statuses(spec: dict[str, Any]) -> None:
    declared = {
        f"{method.upper()} {path}": {s for s in operation["responses"] if s[0] in "45"}
        for path, method, operation in api_operations(spec)
    }
    assert declared == EXPECTED_ERRORS


def test_error_statuses_use_the_envelope(spec: dict[str, Any]) -> None:
    for path, method, operation in api_operations(spec):
        for status in EXPECTED_ERRORS[f"{method.upper()} {path}"]:
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/ErrorEnvelope"}, (
                f"{method.upper()} {path} {status}"
            )


def test_readiness_declares_503(spec: dict[str, Any]) -> None:
    assert "503" in spec["paths"]["/health/ready"]["get"]["responses"]


def test_protected_operations_name_the_bearer_scheme(spec: dict[str, Any]) -> None:
    """Generated clients know which calls need `Authorization: Bearer`."""
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"}
    for path, method, operation in api_operations(spec):
        assert operation.get("security") == [{"bearerAuth": []}], f"{method} {path}"
    # The probes and the scrape take no credential, and say so (linters want it said).
    for open_path in ("/health", "/health/ready", "/metrics"):
        assert spec["paths"][open_path]["get"]["security"] == []


def test_operations_have_short_camel_case_ids(spec: dict[str, Any]) -> None:
    """Generated clients get method names like predictPcos, not path-derived ones."""
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", i) for i in ids), ids
    assert {"predictPcos", "predictBatch", "getReadiness", "getMetrics"} <= set(ids)


def test_metrics_and_readiness_declare_real_content(spec: dict[str, Any]) -> None:
    metrics = spec["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
    assert list(metrics) == ["text/plain"]
    ready = spec["paths"]["/health/ready"]["get"]["responses"]
    for status in ("200", "503"):
        schema = ready[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Readiness"}


def test_routes_with_a_json_body_declare_415(spec: dict[str, Any]) -> None:
    with_body = [
        (path, method, operation)
        for path, method, operation in api_operations(spec)
        if "requestBody" in operation
    ]
    assert len(with_body) >= 4, "the walk found too few operations with a body"
    for path, method, operation in with_body:
        content = operation["responses"]["415"]["content"]["application/json"]
        assert content["schema"] == {"$ref": "#/components/schemas/ErrorEnvelope"}, (
            f"{method.upper()} {path}"
        )
