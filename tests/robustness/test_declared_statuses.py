"""Every status a route can return is declared in the OpenAPI spec, read from app.openapi()."""

from __future__ import annotations

from typing import Any

import pytest

from fembalance_ml.api.app import create_app
from tests.conftest import make_settings

# What any /api/v1 route can answer besides success: no key, body over the limit, invalid
# input, rate limited, model not ready.
API_ERROR_STATUSES = {"401", "413", "422", "429", "503"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """The served OpenAPI document (built without starting the app)."""
    document: dict[str, Any] = create_app(make_settings(log_level="WARNING")).openapi()
    return document


def api_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every /api/v1 operation in the spec."""
    return [
        (path, method, operation)
        for path, methods in spec["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in methods.items()
    ]


def test_every_api_route_declares_its_error_statuses(spec: dict[str, Any]) -> None:
    operations = api_operations(spec)
    assert len(operations) >= 7, "the walk found too few /api/v1 operations"
    missing = {
        f"{method.upper()} {path}": sorted(API_ERROR_STATUSES - set(operation["responses"]))
        for path, method, operation in operations
    }
    assert {k: v for k, v in missing.items() if v} == {}


def test_error_statuses_use_the_envelope(spec: dict[str, Any]) -> None:
    for path, method, operation in api_operations(spec):
        for status in API_ERROR_STATUSES:
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/ErrorEnvelope"}, (
                f"{method.upper()} {path} {status}"
            )


def test_readiness_declares_503(spec: dict[str, Any]) -> None:
    assert "503" in spec["paths"]["/health/ready"]["get"]["responses"]


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
