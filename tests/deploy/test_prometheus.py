"""Prometheus as an operator runs it: promtool on the rules and metrics, a real scrape."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.support.servers import LOOPBACK, REPO_ROOT, free_port, gunicorn_server, wait_for_http

PROMETHEUS_DIR = REPO_ROOT / "deploy" / "prometheus"
RULES = PROMETHEUS_DIR / "rules.yml"
DASHBOARD = REPO_ROOT / "deploy" / "grafana" / "fembalance-ml.json"


def _binary(name: str) -> str:
    path = shutil.which(name) or f"/usr/bin/{name}"
    if not Path(path).exists():
        pytest.fail(f"{name} is missing: `make system-deps` installs Debian's prometheus")
    return path


def _promtool(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_binary("promtool"), *args], input=stdin, capture_output=True, text=True, check=False
    )


def recorded_names() -> set[str]:
    """The recording rules the rules file defines."""
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return {rule["record"] for group in groups for rule in group["rules"] if "record" in rule}


def test_rules_are_valid_and_their_unit_tests_pass() -> None:
    """`promtool check rules` and `promtool test rules` (alerts fire and stay quiet)."""
    checked = _promtool("check", "rules", str(RULES))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = _promtool("test", "rules", str(PROMETHEUS_DIR / "tests.yml"))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


def test_exposition_passes_promtool_lint(client: TestClient) -> None:
    """The service's own /metrics text passes `promtool check metrics`."""
    text = client.get("/metrics").text
    linted = _promtool("check", "metrics", stdin=text)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert (linted.stdout + linted.stderr).strip() == ""


def test_dashboard_reads_only_defined_rules_and_metrics() -> None:
    """Every panel queries a recording rule of rules.yml or a metric the service exports."""
    dashboard = json.loads(DASHBOARD.read_text())
    exported = {
        "up",
        "ml_model_info",
        "ml_model_ready",
        "ml_predictions_total",
        "http_requests_total",
    }
    known = recorded_names() | exported
    expressions = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    assert len(expressions) >= 8
    for expression in expressions:
        names = {word for word in _metric_words(expression) if word in known}
        assert names, f"panel query uses no known series: {expression}"


def _metric_words(expression: str) -> list[str]:
    cleaned = "".join(c if c.isalnum() or c in "_:" else " " for c in expression)
    return cleaned.split()


@contextmanager
def run_prometheus(target: str) -> Iterator[str]:
    """A real Prometheus scraping `target` every second with the project's rules."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="prometheus-test-") as tmp:
        config = Path(tmp) / "prometheus.yml"
        config.write_text(
            yaml.safe_dump(
                {
                    "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                    "rule_files": [str(RULES)],
                    "scrape_configs": [
                        {"job_name": "fembalance-ml", "static_configs": [{"targets": [target]}]}
                    ],
                }
            )
        )
        args = [
            _binary("prometheus"),
            f"--config.file={config}",
            f"--storage.tsdb.path={Path(tmp) / 'data'}",
            f"--web.listen-address={LOOPBACK}:{port}",
        ]
        with (Path(tmp) / "prometheus.log").open("wb") as log:
            process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://{LOOPBACK}:{port}"
            wait_for_http(f"{url}/-/ready", timeout=60, process=process)
            _wait_until_ready(f"{url}/-/ready", timeout=60)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_ready(url: str, timeout: float) -> None:
    """Until Prometheus says 200 on /-/ready (it answers 503 while its storage starts)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            assert time.monotonic() < deadline, "Prometheus did not become ready"
            time.sleep(0.5)


def query(prometheus: str, expression: str) -> list[dict[str, object]]:
    """The instant vector Prometheus returns for `expression`."""
    url = f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expression})
    with urllib.request.urlopen(url, timeout=10) as answer:
        payload = json.loads(answer.read())
    assert payload["status"] == "success"
    result: list[dict[str, object]] = payload["data"]["result"]
    return result


@pytest.mark.integration
def test_real_prometheus_scrapes_the_service_and_evaluates_a_rule() -> None:
    """Prometheus 2 scrapes two gunicorn workers and the readiness rule reads 1 per model."""
    with gunicorn_server(workers=2) as server, run_prometheus(server.url.split("//")[1]) as prom:
        deadline = time.monotonic() + 90
        ready: list[dict[str, object]] = []
        while time.monotonic() < deadline:
            ready = query(prom, "fembalance:ml_model_ready:min")
            if len(ready) == 3:
                break
            time.sleep(1)
        by_model = {r["metric"]["model"]: r["value"][1] for r in ready}  # type: ignore[index]
        assert by_model == {"pcos": "1", "cycle_prediction": "1", "symptom_analysis": "1"}
        assert query(prom, 'up{job="fembalance-ml"}')[0]["value"][1] == "1"  # type: ignore[index]
