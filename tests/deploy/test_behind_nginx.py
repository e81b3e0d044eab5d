"""End to end through real parts: nginx (repository config) in front of gunicorn, 2 workers."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.deploy.examples import PREDICTIONS
from tests.support.nginx_config import NginxPorts, adapted_ml_conf, self_signed_certificate
from tests.support.servers import free_port, gunicorn_server, run_nginx

pytestmark = pytest.mark.integration

READY_WAIT_S = 60.0


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """gunicorn with 2 workers behind nginx on free loopback ports; yields URLs and a client."""
    certs = tmp_path_factory.mktemp("tls")
    cert, key = self_signed_certificate(certs)
    ports = NginxPorts(free_port(), free_port(), free_port(), free_port())
    with (
        gunicorn_server(workers=2, port=ports.upstream) as app,
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
