"""The real server: Gunicorn with Uvicorn workers, predictions and shared metrics."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import body
from tests.robustness.load import children_of
from tests.support.eventually import eventually
from tests.support.servers import gunicorn_server

pytestmark = pytest.mark.integration


def post(url: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url, json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, json.loads(answer.read())


def get_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return str(answer.read().decode())


def wait_for_workers(metrics_dir: Path, master: int, count: int, timeout: float = 60.0) -> None:
    """Until `count` workers have loaded their models and published their metric files."""
    deadline = time.monotonic() + timeout
    while True:
        workers = children_of(master)
        published = {int(p.stem.rsplit("_", 1)[1]) for p in metrics_dir.glob("gauge_live*_*.db")}
        if len(workers) == count and set(workers) <= published:
            return
        assert time.monotonic() < deadline, "workers did not all start"
        time.sleep(0.2)


def test_two_workers_serve_and_one_scrape_counts_both(tmp_path: Path) -> None:
    """Predictions served by either worker add up in one scrape, with no per-worker labels."""
    env = {"MODEL_WATCH_SECONDS": "0", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    with gunicorn_server(env=env, workers=2) as server:
        base = server.url
        wait_for_workers(tmp_path, server.process.pid, 2)
        assert json.loads(get_text(f"{base}/health/ready"))["status"] == "ready"
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(
                pool.map(lambda _: post(f"{base}/api/v1/predict/pcos", body("pcos")), range(30))
            )
        version = answers[0][1]["model_version"]
        assert {(status, a["model_version"]) for status, a in answers} == {(200, version)}
        for _ in range(10):
            assert post(f"{base}/api/v1/predict/cycle", body("cycle"))[0] == 200
        # The worker that did not answer this scrape writes its counts within 50 ms
        # (observability/tally.py).
        pcos_ok = rf'ml_predictions_total\{{model="pcos",status="ok",version="{version}"\}} (\S+)'
        metrics = eventually(
            lambda: get_text(f"{base}/metrics"),
            lambda text: (
                (found := re.search(pcos_ok, text)) is not None and float(found.group(1)) == 30.0
            ),
        )
    counted = re.search(pcos_ok, metrics)
    assert counted is not None
    assert float(counted.group(1)) == 30.0
    assert 'ml_predictions_total{model="cycle_prediction",status="ok"' in metrics
    # One series per model version across workers: no pid label doubles it.
    assert "pid=" not in metrics
    assert metrics.count(f'ml_model_info{{model="pcos",version="{version}"}} 1.0') == 1
