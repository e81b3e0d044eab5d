"""The real server: Gunicorn with Uvicorn workers, predictions and shared metrics."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.conftest import body
from tests.support.servers import run_gunicorn

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


def worker_pids(metrics: str) -> set[str]:
    """The processes that report serving the PCOS model."""
    return set(re.findall(r'ml_model_info\{model="pcos",pid="(\d+)"', metrics))


def wait_for_workers(base: str, count: int, timeout: float = 60.0) -> None:
    """Until `count` workers have loaded their models (liveness alone says one is up)."""
    deadline = time.monotonic() + timeout
    while len(worker_pids(get_text(f"{base}/metrics"))) < count:
        assert time.monotonic() < deadline, "workers did not all start"
        time.sleep(0.2)


def test_two_workers_serve_and_one_scrape_counts_both() -> None:
    with run_gunicorn(workers=2, env={"MODEL_WATCH_SECONDS": "0"}) as base:
        wait_for_workers(base, 2)
        assert json.loads(get_text(f"{base}/health/ready"))["status"] == "ready"
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(
                pool.map(lambda _: post(f"{base}/api/v1/predict/pcos", body("pcos")), range(30))
            )
        assert {(status, a["model_version"]) for status, a in answers} == {(200, "v2.2.0")}
        for _ in range(10):
            assert post(f"{base}/api/v1/predict/cycle", body("cycle"))[0] == 200
        metrics = get_text(f"{base}/metrics")
    counted = re.search(
        r'ml_predictions_total\{model="pcos",status="ok",version="v2.2.0"\} (\S+)', metrics
    )
    assert counted is not None
    assert float(counted.group(1)) == 30.0
    assert len(worker_pids(metrics)) == 2
