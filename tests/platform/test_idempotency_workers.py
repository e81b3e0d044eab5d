"""Idempotency-Key across two Gunicorn workers sharing a real Redis: one run, many replays."""

from __future__ import annotations

import json
import os
import re
import signal
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import redis
from prometheus_client.mmap_dict import MmapedDict

from tests.conftest import body
from tests.platform.test_gunicorn import get_text, wait_for_workers
from tests.support.eventually import eventually
from tests.support.servers import gunicorn_server, run_redis

pytestmark = pytest.mark.integration
KEY = "integration-idempotency-key-1"
REPLAYS = 5


def post(url: str, payload: dict[str, Any], key: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(
        url,
        json.dumps(payload).encode(),
        {"Content-Type": "application/json", "Idempotency-Key": key, "Connection": "close"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, {k.lower(): v for k, v in refused.headers.items()}, refused.read()


def predicting_worker(metrics_dir: Path) -> int:
    """The pid of the one worker whose metric file counts a PCOS prediction (a worker
    writes its counts within 50 ms: observability/tally.py)."""
    found = eventually(lambda: counting_workers(metrics_dir), lambda pids: len(pids) > 0)
    assert len(found) == 1, found
    return found.pop()


def counting_workers(metrics_dir: Path) -> set[int]:
    found = set()
    for path in metrics_dir.glob("counter_*.db"):
        for key, value, *_ in MmapedDict.read_all_values_from_file(str(path)):
            if '"ml_predictions_total"' in key and '"pcos"' in key and value > 0:
                found.add(int(path.stem.rsplit("_", 1)[1]))
    return found


def predictions_counted(metrics: str) -> float:
    found = re.findall(
        r'ml_predictions_total\{model="pcos",status="ok",version="[^"]+"\} (\S+)', metrics
    )
    return sum(float(value) for value in found)


def test_two_workers_share_one_answer_per_key(tmp_path: Path) -> None:
    with run_redis() as redis_url:
        metrics_dir = tmp_path / "metrics"
        metrics_dir.mkdir()
        env = {
            "REDIS_URL": redis_url,
            # The 50 ms default can pass on a loaded test machine; a timed-out call falls
            # back to the worker's memory by design (http/idempotency_store.py), which this
            # test is not about.
            "REDIS_SOCKET_TIMEOUT": "2",
            "MODEL_WATCH_SECONDS": "0",
            "STATE_DIR": str(tmp_path / "state"),
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        }
        with gunicorn_server(env=env, workers=2) as server:
            wait_for_workers(metrics_dir, server.process.pid, 2)
            url = f"{server.url}/api/v1/predict/pcos"
            status, first_headers, first = post(url, body("pcos"), KEY)
            assert status == 200
            # Stop the worker that predicted: every replay is then the other worker's.
            predicted = predicting_worker(metrics_dir)
            os.kill(predicted, signal.SIGSTOP)
            try:
                for _ in range(REPLAYS):
                    status, headers, again = post(url, body("pcos"), KEY)
                    assert status == 200
                    assert headers["idempotent-replayed"] == "true"
                    assert headers["x-prediction-id"] == first_headers["x-prediction-id"]
                    assert headers["x-request-id"][:16] != first_headers["x-request-id"][:16]
                    assert again == first
            finally:
                os.kill(predicted, signal.SIGCONT)
            changed = body("pcos")
            changed["features"]["age"] = 33
            status, _, refused = post(url, changed, KEY)
            assert status == 409
            assert json.loads(refused)["error"]["code"] == "idempotency_key_reused"
            metrics = get_text(f"{server.url}/metrics")
        stored = redis.Redis.from_url(redis_url)
        keys = [k.decode() for k in stored.keys("fembalance:idem:*")]
    # One prediction for the key, however many replays and on whichever worker.
    assert predictions_counted(metrics) == 1.0
    assert len(keys) == 1
    assert KEY not in keys[0]
