"""End to end through real parts: nginx (repository config) in front of gunicorn, 2 workers."""

from __future__ import annotations

import http.client
import json
import re
import ssl
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.deploy.examples import PREDICTIONS
from tests.support.access_table import documented_routes
from tests.support.allowlist import ATTACK_PATHS, concrete
from tests.support.nginx_config import NginxPorts, adapted_ml_conf, self_signed_certificate
from tests.support.servers import free_port, gunicorn_server, run_nginx

pytestmark = pytest.mark.integration

READY_WAIT_S = 60.0
ADMIN_KEY = "behind-nginx-admin-key-0123456789abcdef"
ENV = {"ADMIN_API_KEYS": ADMIN_KEY}
# nginx's own 404 for a path outside the allowlist (nginx/ml.conf, `location /`).
NGINX_404 = "No public route has this path."


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """gunicorn with 2 workers behind nginx on free loopback ports; yields URLs and a client."""
    certs = tmp_path_factory.mktemp("tls")
    cert, key = self_signed_certificate(certs)
    ports = NginxPorts(free_port(), free_port(), free_port(), free_port())
    with (
        gunicorn_server(ENV, workers=2, port=ports.upstream) as app,
        run_nginx(adapted_ml_conf(ports, cert, key), (ports.http, ports.https, ports.internal)),
    ):
        trust = ssl.create_default_context(cafile=str(cert))
        with httpx.Client(verify=trust, timeout=30) as client:
            _settle(client, app.url + "/health/ready")
            yield {
                "https": f"https://127.0.0.1:{ports.https}",
                "http": f"http://127.0.0.1:{ports.http}",
                "internal": f"http://127.0.0.1:{ports.internal}",
                "direct": app.url,
                "client": client,
                "https_port": ports.https,
                "trust": trust,
            }


def _settle(client: httpx.Client, ready_url: str) -> None:
    """Give every worker time to load its models: a few 200s in a row, or a minute at most."""
    deadline, in_a_row = time.monotonic() + READY_WAIT_S, 0
    while in_a_row < 4 and time.monotonic() < deadline:
        in_a_row = in_a_row + 1 if client.get(ready_url).status_code == 200 else 0
        time.sleep(0.1)


def _client(stack: dict[str, Any]) -> httpx.Client:
    client: httpx.Client = stack["client"]
    return client


@pytest.mark.parametrize(("path", "body", "field"), PREDICTIONS)
def test_prediction_through_nginx(
    stack: dict[str, Any], path: str, body: dict[str, Any], field: str
) -> None:
    """Each model answers over HTTPS through nginx, naming its model version."""
    response = _client(stack).post(stack["https"] + path, json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert field in answer
    assert answer["model_version"]


def test_ready_through_nginx(stack: dict[str, Any]) -> None:
    """Every model is loaded and warmed in both workers' view: /health/ready is 200."""
    for _ in range(4):
        response = _client(stack).get(stack["https"] + "/health/ready")
        assert response.status_code == 200, response.text


def test_caller_request_id_reaches_the_app_and_comes_back(stack: dict[str, Any]) -> None:
    """nginx passes the caller's X-Request-ID through; the app echoes it."""
    response = _client(stack).get(
        stack["https"] + "/health", headers={"X-Request-ID": "deploy-test-7f3a"}
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "deploy-test-7f3a"


def test_body_over_the_limit_is_refused_by_nginx(stack: dict[str, Any]) -> None:
    """A 2 MiB body gets 413 from nginx (its own page), before any worker reads it."""
    response = _client(stack).post(
        stack["https"] + "/api/v1/predict/pcos",
        content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "nginx" in response.text


def test_metrics_are_refused_outside_and_served_inside(stack: dict[str, Any]) -> None:
    """/metrics is 404 on the public listener, but the internal one and the app serve it."""
    client = _client(stack)
    assert client.get(stack["https"] + "/metrics").status_code == 404
    inside = client.get(stack["internal"] + "/metrics")
    assert inside.status_code == 200
    assert "# TYPE" in inside.text
    assert client.get(stack["direct"] + "/metrics").status_code == 200
    assert client.get(stack["internal"] + "/healthz").status_code == 200


def test_plain_http_redirects_to_https(stack: dict[str, Any]) -> None:
    """Port 80 only redirects to HTTPS, keeping the path."""
    response = _client(stack).get(stack["http"] + "/health/ready", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"].startswith("https://")
    assert response.headers["location"].endswith("/health/ready")


def test_https_answers_carry_hsts(stack: dict[str, Any]) -> None:
    """Browsers are told to stay on HTTPS."""
    response = _client(stack).get(stack["https"] + "/health")
    assert response.status_code == 200
    assert response.headers["strict-transport-security"].startswith("max-age=")


def _raw_https(stack: dict[str, Any], method: str, path: str) -> tuple[int, dict[str, Any]]:
    """`path` sent byte for byte (no client-side normalisation) to nginx's HTTPS listener."""
    connection = http.client.HTTPSConnection(
        "127.0.0.1", stack["https_port"], timeout=30, context=stack["trust"]
    )
    try:
        body = b"{}" if method != "GET" else None
        # A request id that would break the JSON if nginx copied it into its 404.
        headers = {"Content-Type": "application/json", "X-Request-ID": 'x", "injected": "1'}
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read().decode(errors="replace")
        return answer.status, json.loads(text) if text.startswith("{") else {"text": text}
    finally:
        connection.close()


def _from_nginx(answer: dict[str, Any]) -> bool:
    """nginx's 404 envelope, whose request id is its own 32 hex digits."""
    error = answer.get("error", {})
    own_id = re.fullmatch("[0-9a-f]{32}", str(error.get("request_id")))
    return error.get("message") == NGINX_404 and own_id is not None


def test_only_the_documented_allowlist_reaches_the_app(stack: dict[str, Any]) -> None:
    """D8: every route docs/API.md marks public reaches the app through nginx; every other
    route of the app (metrics, erasure, experiments, reloads, the spec) gets nginx's own 404."""
    for (method, template), route in documented_routes().items():
        status, answer = _raw_https(stack, method, concrete(template))
        if route.public:
            # GETs answer 200; a POST's `{}` gets the app's own 422: it got through.
            expected = 200 if method == "GET" else 422
            assert (status, _from_nginx(answer)) == (expected, False), template
        else:
            assert (status, _from_nginx(answer)) == (404, True), template
    for path in ATTACK_PATHS:
        for method in ("GET", "POST"):
            status, answer = _raw_https(stack, method, path)
            assert (status, _from_nginx(answer)) == (404, True), f"{method} {path}"


def test_internal_routes_are_served_on_the_internal_listener(stack: dict[str, Any]) -> None:
    """Operators and the backend reach erasure, experiments and reloads from inside."""
    client = _client(stack)
    admin = {"Authorization": f"Bearer {ADMIN_KEY}"}
    reload = client.post(stack["internal"] + "/api/v1/models/pcos/reload", headers=admin)
    assert reload.status_code == 200, reload.text
    refused = client.delete(stack["internal"] + "/api/v1/users/someone/data")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthorized"
