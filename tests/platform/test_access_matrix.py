"""Who may call what: every route of the app x every credential, against a real server.

Gunicorn with the production profile (API_KEY_REQUIRED=true, an API key, an admin key, a
browser-token key) answers each route of the app to no credential, an API key, an admin
key, a browser token and a wrong key. MATRIX below is the expectation, one row per
(method, path template); the route list comes from the app itself, so a new route without
a row fails `test_every_route_has_a_row`, and docs/API.md's table must say the same
(`test_the_documented_table_is_the_matrix`).
"""

from __future__ import annotations

import json
import secrets
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from fembalance_ml.security.tokens import mint_token
from tests.conftest import body, make_settings
from tests.support.access_table import COLUMNS, documented_routes
from tests.support.servers import gunicorn_server

API_KEY = secrets.token_hex(32)
ADMIN_KEY = secrets.token_hex(32)
TOKEN_KEY = secrets.token_hex(32)
CREDENTIALS = (*COLUMNS, "wrong_key")
ANYONE = frozenset(CREDENTIALS)
CLIENT = frozenset({"api_key", "browser_token"})
ERASURE = frozenset({"api_key", "admin_key"})
ADMIN = frozenset({"admin_key"})
# An id this service never issued: an admitted outcome is 404, a refused one 401 or 403.
UNKNOWN_OUTCOME = {"prediction_id": "never-issued-0123456789", "pcos_diagnosed": True}
PATH_VALUES = {"{name}": "pcos", "{user_id}": "matrix-user-1"}
# How a 403's message names each credential the route takes.
IN_WORDS = {"api_key": "VALID_API_KEYS", "admin_key": "ADMIN_API_KEYS", "browser_token": "token"}


@dataclass(frozen=True)
class Row:
    """Who opens a route, and what it answers them in the production profile."""

    opens: frozenset[str]
    answer: int
    body: dict[str, Any] | None = field(default=None, compare=False)


MATRIX: dict[tuple[str, str], Row] = {
    ("GET", "/health"): Row(ANYONE, 200),
    ("GET", "/health/ready"): Row(ANYONE, 200),
    ("GET", "/metrics"): Row(ANYONE, 200),
    # Open outside production (test_the_spec_is_open_outside_production); not served in it.
    ("GET", "/openapi.json"): Row(ANYONE, 404),
    ("GET", "/docs"): Row(ANYONE, 404),
    ("GET", "/redoc"): Row(ANYONE, 404),
    ("GET", "/docs/static/{name}"): Row(ANYONE, 404),
    ("POST", "/api/v1/predict/pcos"): Row(CLIENT, 200, body("pcos")),
    ("POST", "/api/v1/predict/cycle"): Row(CLIENT, 200, body("cycle")),
    ("POST", "/api/v1/predict/symptoms"): Row(CLIENT, 200, body("symptoms")),
    ("POST", "/api/v1/predict/batch"): Row(
        CLIENT, 200, {"requests": [{"model_name": "pcos", "input": body("pcos")}]}
    ),
    ("POST", "/api/v1/outcomes"): Row(CLIENT, 404, UNKNOWN_OUTCOME),
    ("GET", "/api/v1/models"): Row(CLIENT, 200),
    ("GET", "/api/v1/symptoms"): Row(CLIENT, 200),
    ("GET", "/api/v1/pcos/features"): Row(CLIENT, 200),
    ("DELETE", "/api/v1/users/{user_id}/data"): Row(ERASURE, 200),
    ("POST", "/api/v1/erasures"): Row(ERASURE, 200, {"user_id": "matrix-user-1"}),
    ("GET", "/api/v1/experiments/{name}"): Row(ADMIN, 200),
    ("POST", "/api/v1/models/{name}/reload"): Row(ADMIN, 200),
}


def app_routes() -> set[tuple[str, str]]:
    """(method, path template) of every route a development app serves (spec pages too)."""
    app = build_app(make_settings(log_level="WARNING"))
    return {
        (method, route.path)
        for route in iter_route_contexts(app.routes)
        if route.path is not None
        for method in route.methods or ()
        if method != "HEAD"
    }


def test_every_route_has_a_row() -> None:
    assert set(MATRIX) == app_routes()


def test_the_documented_table_is_the_matrix() -> None:
    """docs/API.md lists the same routes, and each cell is what the matrix expects."""
    documented = documented_routes()
    assert set(documented) == set(MATRIX)
    for key, row in MATRIX.items():
        expected = {
            column: "yes" if column in row.opens else "401" if column == "none" else "403"
            for column in COLUMNS
        }
        assert documented[key].answers == expected, key


def authorization(credential: str) -> dict[str, str]:
    """The Authorization header of one kind of caller."""
    value = {
        "none": None,
        "api_key": API_KEY,
        "admin_key": ADMIN_KEY,
        "browser_token": mint_token(TOKEN_KEY.encode(), "matrix-session", 300),
        "wrong_key": secrets.token_hex(32),
    }[credential]
    return {"Authorization": f"Bearer {value}"} if value else {}


def send(base: str, method: str, path: str, credential: str) -> tuple[int, Any, Any]:
    """One request; (status, headers, body parsed as JSON when it is JSON)."""
    row = MATRIX[method, path]
    for template, value in PATH_VALUES.items():
        path = path.replace(template, value)
    data = json.dumps(row.body).encode() if row.body is not None else None
    headers = {**authorization(credential), "Content-Type": "application/json"}
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            status, answer_headers, raw = answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        status, answer_headers, raw = error.code, error.headers, error.read()
    is_json = answer_headers.get("content-type", "").startswith("application/json")
    return status, answer_headers, json.loads(raw) if is_json else raw


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="access-matrix-") as state:
        env = {
            "ENVIRONMENT": "production",
            "API_KEY_REQUIRED": "true",
            "VALID_API_KEYS": API_KEY,
            "ADMIN_API_KEYS": ADMIN_KEY,
            "BROWSER_TOKEN_KEY": TOKEN_KEY,
            "PSEUDONYM_KEY": secrets.token_hex(32),
            "ALLOWED_ORIGINS": "https://app.example.org",
            "STATE_DIR": state,
            "MODEL_WATCH_SECONDS": "0",
            "RATE_LIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
        }
        with gunicorn_server(env, workers=1) as running:
            yield running.url


@pytest.mark.integration
@pytest.mark.parametrize(("method", "path"), sorted(MATRIX))
def test_each_credential_gets_what_the_matrix_says(server: str, method: str, path: str) -> None:
    row = MATRIX[method, path]
    answers = {credential: send(server, method, path, credential) for credential in CREDENTIALS}
    statuses = {credential: answer[0] for credential, answer in answers.items()}
    expected = {
        credential: row.answer
        if credential in row.opens
        else 401
        if credential in ("none", "wrong_key")
        else 403
        for credential in CREDENTIALS
    }
    assert statuses == expected
    for credential, (status, headers, answer) in answers.items():
        if status == 401:
            assert answer["error"]["code"] == "unauthorized"
            assert headers["www-authenticate"] == 'Bearer realm="fembalance-ml"'
        elif status == 403:
            error = answer["error"]
            assert error["code"] == "insufficient_scope"
            assert headers["www-authenticate"].endswith('error="insufficient_scope"')
            (detail,) = error["details"]
            assert detail["presented"] == credential
            assert set(detail["required"]) == row.opens
            assert all(IN_WORDS[name] in error["message"] for name in detail["required"])
    if "none" not in row.opens:
        # A wrong key is told nothing a missing one is not.
        missing, wrong = answers["none"][2]["error"], answers["wrong_key"][2]["error"]
        assert {**missing, "request_id": ""} == {**wrong, "request_id": ""}


@pytest.mark.parametrize(
    "path", ["/openapi.json", "/docs", "/redoc", "/docs/static/swagger-ui-bundle.js"]
)
def test_the_spec_is_open_outside_production(path: str) -> None:
    with TestClient(build_app(make_settings(log_level="WARNING"))) as client:
        assert client.get(path).status_code == 200
