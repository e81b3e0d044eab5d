"""Faults under load against real Gunicorn: Redis lost, a worker killed, models broken or gone.

Load is a bounded list of requests sent from threads over loopback (tests/robustness/load.py).
The tests assert behaviour (no failure, no wrong answer), never a timing: figures such as
latencies are printed (run with `-s` to see them) and quoted in docs/RELIABILITY.md.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from fembalance_ml.serving.artifacts import MODEL_FILE
from tests.conftest import body, copy_models, make_settings
from tests.robustness.load import (
    Call,
    Result,
    children_of,
    mixed_calls,
    percentile,
    run_threads,
    send,
)
from tests.support.servers import (
    REDIS_SERVER,
    RunningServer,
    free_port,
    gunicorn_server,
    have_executable,
    run_redis,
)

pytestmark = pytest.mark.integration

ADMIN_KEY = "fault-admin-key-0123456789abcdef01234567"
# No 429s from the test's own load; no watcher, so only the explicit reload swaps models.
BASE_ENV = {
    "RATE_LIMIT_DEFAULT": "1000000/minute",
    "MODEL_WATCH_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    "API_KEY_REQUIRED": "false",
}
TIMED_REQUESTS = 300
MAX_FAILED_SHARE = 0.001
needs_redis = pytest.mark.skipif(not have_executable(REDIS_SERVER), reason="no redis-server")


def get_json(url: str) -> tuple[int, dict[str, Any]]:
    """GET a JSON document; the status and the parsed body, also for error statuses."""
    result = send_get(url)
    return result[0], json.loads(result[1] or b"{}")


def send_get(url: str) -> tuple[int, bytes]:
    """GET `url` with urllib; (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def post(
    base_url: str, path: str, payload: dict[str, Any] | None, key: str | None = None
) -> Result:
    """One POST with an optional bearer key."""
    headers = {"Authorization": f"Bearer {key}"} if key else None
    return send(base_url, Call(path, payload or {}), headers)


def interleaved_latencies(servers: Sequence[str], calls: Sequence[Call]) -> list[list[Result]]:
    """Send each call to every server in turn, so noise on the host hits all of them alike."""
    results: list[list[Result]] = [[] for _ in servers]
    for call in calls:
        for index, url in enumerate(servers):
            results[index].append(send(url, call))
    return results


def p50_ms(results: Sequence[Result]) -> float:
    """Median latency in milliseconds."""
    return percentile([r.seconds for r in results], 50) * 1000


@contextmanager
def load_in_background(url: str, calls: Sequence[Call], threads: int) -> Iterator[list[Result]]:
    """Run `calls` against `url` from `threads` threads while the block runs; wait at the end."""
    results: list[Result] = []
    runner = threading.Thread(
        target=lambda: results.extend(run_threads(url, calls, threads)), daemon=True
    )
    runner.start()
    try:
        yield results
    finally:
        runner.join(timeout=300)
    assert not runner.is_alive(), "background load did not finish"


def figures_line(name: str, figures: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """Print one line of measured figures past pytest's capture (quoted in RELIABILITY.md)."""
    with capsys.disabled():
        print(f"\n{name}: {json.dumps(figures)}")


def failures_of(phases: Mapping[str, Sequence[Sequence[Result]]]) -> list[tuple[str, int, str]]:
    """(phase, status, start of body) of every answer that is not a 200."""
    return [
        (phase, r.status, r.body[:120].decode(errors="replace"))
        for phase, groups in phases.items()
        for group in groups
        for r in group
        if r.status != 200
    ]


def same_answers(groups: Sequence[Sequence[Result]]) -> list[int]:
    """Indexes of the calls whose answers differ between the servers."""
    return [
        index
        for index, answers in enumerate(zip(*groups, strict=True))
        if len({json.dumps(without_id(json.loads(a.body)), sort_keys=True) for a in answers}) != 1
    ]


@needs_redis
def test_redis_stopped_or_unreachable_changes_no_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With Redis stopped, or REDIS_URL on a closed port, every answer is a 200 and the same.

    Three single-worker servers take each request in turn (A: its Redis is stopped midway,
    B: its Redis stays up, C: REDIS_URL names a closed port). The p50 of each is printed
    for docs/RELIABILITY.md; it is a measurement, not a pass mark (a busy host moves it).
    """
    stopped_port, closed_port = free_port(), free_port()
    with ExitStack() as stack:
        stopped = run_redis(stopped_port)
        stopped_url = stopped.__enter__()
        stack.callback(lambda: stopped.__exit__(None, None, None))
        kept_url = stack.enter_context(run_redis())
        servers: list[RunningServer] = [
            stack.enter_context(gunicorn_server({**BASE_ENV, "REDIS_URL": url}))
            for url in (stopped_url, kept_url, f"redis://127.0.0.1:{closed_port}/0")
        ]
        urls = [server.url for server in servers]
        interleaved_latencies(urls, mixed_calls(range(30)))  # warm-up
        before = interleaved_latencies(urls, mixed_calls(range(1000, 1000 + TIMED_REQUESTS)))
        stopped.__exit__(None, None, None)
        during = interleaved_latencies(urls, mixed_calls(range(3000, 3000 + TIMED_REQUESTS)))
    phases = {"before": before, "during": during}
    figures = {
        "requests_per_server_and_phase": TIMED_REQUESTS,
        "p50_ms_phase1_a_up_b_up_c_closed": [round(p50_ms(group), 3) for group in before],
        "p50_ms_redis_up": round(p50_ms(during[1]), 3),
        "p50_ms_redis_stopped": round(p50_ms(during[0]), 3),
        "p50_ms_closed_port": round(p50_ms(during[2]), 3),
        "failures": failures_of(phases),
    }
    figures_line("redis p50 figures", figures, capsys)
    assert figures["failures"] == []
    assert same_answers(before) == []
    assert same_answers(during) == []


@needs_redis
def test_redis_stopped_and_restarted_under_load(capsys: pytest.CaptureFixture[str]) -> None:
    """No server error while Redis goes away under load and comes back."""
    port = free_port()
    with ExitStack() as stack:
        first = run_redis(port)
        redis_url = first.__enter__()
        stack.callback(lambda: first.__exit__(None, None, None))
        server = stack.enter_context(gunicorn_server({**BASE_ENV, "REDIS_URL": redis_url}))
        run_threads(server.url, mixed_calls(range(30)), 1)  # warm-up
        with load_in_background(server.url, mixed_calls(range(2000, 2600)), 3) as cut:
            time.sleep(0.3)
            first.__exit__(None, None, None)
        with load_in_background(server.url, mixed_calls(range(4000, 4600)), 3) as back:
            time.sleep(0.3)
            stack.enter_context(run_redis(port))
        after = run_threads(server.url, mixed_calls(range(5000, 5300)), 3)
        server_log = server.log_tail()
    phases = {"stop": [cut], "restart": [back], "after": [after]}
    failures = failures_of(phases)
    total = sum(len(group) for groups in phases.values() for group in groups)
    figures_line("redis stop/restart figures", {"requests": total, "failures": failures}, capsys)
    assert failures == [], server_log


def without_id(answer: Any) -> Any:
    """An answer without its prediction id, which is new on every answer by design."""
    return {k: v for k, v in answer.items() if k != "prediction_id"}


def expected_bodies(calls: Sequence[Call]) -> dict[str, Any]:
    """The answer to each distinct call, computed in-process over the same committed models."""
    settings = make_settings(log_level="WARNING", rate_limit_enabled=False, cache_enabled=False)
    answers: dict[str, Any] = {}
    with TestClient(build_app(settings)) as client:
        for call in calls:
            key = json.dumps(call.payload, sort_keys=True)
            if key not in answers:
                response = client.post(call.path, json=call.payload)
                assert response.status_code == 200, response.text
                answers[key] = without_id(response.json())
    return answers


def wait_for_replacement(master: int, killed: int, workers: int, timeout: float = 60) -> list[int]:
    """Poll until the master again has `workers` children and the killed one is not among them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = children_of(master)
        if len(current) == workers and killed not in current:
            return current
        time.sleep(0.1)
    raise AssertionError(f"worker {killed} was not replaced within {timeout} s")


def test_worker_killed_with_sigkill_is_replaced(capsys: pytest.CaptureFixture[str]) -> None:
    """At most 0.1% of requests fail while a worker dies, and no answer is wrong."""
    calls = mixed_calls([i % 60 for i in range(4500)])
    expected = expected_bodies(calls[:60])
    with gunicorn_server(BASE_ENV, workers=2) as server:
        master = server.process.pid
        run_threads(server.url, calls[:60], 2)  # warm both workers
        original = children_of(master)
        assert len(original) == 2
        with load_in_background(server.url, calls, 3) as results:
            time.sleep(1.0)
            started = time.monotonic()
            os.kill(original[0], signal.SIGKILL)
            replaced = wait_for_replacement(master, original[0], 2)
            replaced_after = time.monotonic() - started
            # The runner fills `results` only when all its requests are done.
            still_loading = not results
        assert server.process.poll() is None
    failed = [r for r in results if r.status != 200]
    wrong = [
        r
        for r in results
        if r.status == 200
        and without_id(json.loads(r.body)) != expected[json.dumps(r.call.payload, sort_keys=True)]
    ]
    with capsys.disabled():
        print(
            f"\nsigkill figures: requests={len(results)} failed={len(failed)} "
            f"wrong={len(wrong)} replaced_in_s={replaced_after:.2f} "
            f"failed_with={sorted({r.body[:60].decode(errors='replace') for r in failed})}"
        )
    assert still_loading, "the load finished before the worker was replaced"
    assert set(replaced) != set(original)
    assert len(results) == len(calls)
    assert wrong == []
    assert len(failed) <= MAX_FAILED_SHARE * len(results)


def readiness(url: str) -> tuple[int, dict[str, Any]]:
    """Status and body of /health/ready."""
    return get_json(f"{url}/health/ready")


def corrupt(models: Path, name: str) -> Path:
    """Flip bytes in the middle of the served model.pkl of `name`; return its path."""
    pickle_path = (models / name / "latest").resolve() / MODEL_FILE
    data = bytearray(pickle_path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(16)
    pickle_path.write_bytes(bytes(data))
    return pickle_path


def test_corrupted_model_reload_is_refused_and_old_version_serves(tmp_path: Path) -> None:
    models = copy_models(tmp_path / "models")
    env = {**BASE_ENV, "MODEL_PATH": str(models), "ADMIN_API_KEYS": ADMIN_KEY}
    with gunicorn_server(env, workers=1) as server:
        before = post(server.url, "/api/v1/predict/pcos", body("pcos"))
        assert before.status == 200
        corrupt(models, "pcos")
        refused = post(server.url, "/api/v1/models/pcos/reload", None, ADMIN_KEY)
        after = post(server.url, "/api/v1/predict/pcos", body("pcos"))
        others = [post(server.url, f"/api/v1/predict/{n}", body(n)) for n in ("cycle", "symptoms")]
        ready_status, _ = readiness(server.url)
    assert refused.status == 409
    error = json.loads(refused.body)["error"]
    assert error["code"] == "reload_refused"
    assert error["details"][0]["serving_version"] == "v2.4.0"
    assert "SHA-256" in error["details"][0]["reason"]
    assert after.status == 200
    assert without_id(json.loads(after.body)) == without_id(json.loads(before.body))
    assert [r.status for r in others] == [200, 200]
    assert ready_status == 200


def test_fresh_process_on_corrupted_tree_is_live_not_ready(tmp_path: Path) -> None:
    models = copy_models(tmp_path / "models")
    corrupt(models, "pcos")
    with gunicorn_server({**BASE_ENV, "MODEL_PATH": str(models)}, workers=1) as server:
        live, _ = get_json(f"{server.url}/health")
        ready_status, ready_body = readiness(server.url)
        pcos = post(server.url, "/api/v1/predict/pcos", body("pcos"))
        others = [post(server.url, f"/api/v1/predict/{n}", body(n)) for n in ("cycle", "symptoms")]
    assert live == 200
    assert ready_status == 503
    assert ready_body["models"]["pcos"]["ready"] is False
    assert "SHA-256" in ready_body["models"]["pcos"]["reason"]
    assert ready_body["models"]["cycle_prediction"]["ready"] is True
    assert ready_body["models"]["symptom_analysis"]["ready"] is True
    assert pcos.status == 503
    assert json.loads(pcos.body)["error"]["code"] == "model_not_ready"
    assert [r.status for r in others] == [200, 200]


def test_missing_models_directory_is_live_not_ready(tmp_path: Path) -> None:
    env = {**BASE_ENV, "MODEL_PATH": str(tmp_path / "no-models-here")}
    with gunicorn_server(env, workers=1) as server:
        live, _ = get_json(f"{server.url}/health")
        ready_status, ready_body = readiness(server.url)
        answer = post(server.url, "/api/v1/predict/cycle", body("cycle"))
    assert live == 200
    assert ready_status == 503
    assert ready_body["status"] == "not_ready"
    assert set(ready_body["models"]) == {"pcos", "cycle_prediction", "symptom_analysis"}
    for name, model in ready_body["models"].items():
        assert model["ready"] is False, name
        assert "no versions" in model["reason"], name
    assert answer.status == 503
    assert json.loads(answer.body)["error"]["details"][0]["model"] == "cycle_prediction"
