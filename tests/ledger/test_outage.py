"""The ledger's database comes and goes under real Gunicorn: PostgreSQL stopped at start-up
or at run time, and a state folder that cannot be written. Predictions go on; outcome,
erasure and experiments answer 503 `ledger_unavailable` with Retry-After; the writer
reconnects by itself; `ml_ledger_up` and `/health/ready` say which it is."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import body
from tests.support.postgres import PostgresServer
from tests.support.servers import gunicorn_server

pytestmark = pytest.mark.integration

API_KEY = "outage-test-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
ADMIN_KEY = "outage-test-admin-key"
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}
RECONNECT_LIMIT_S = 30.0
BASE_ENV = {
    "VALID_API_KEYS": API_KEY,
    "ADMIN_API_KEYS": ADMIN_KEY,
    "MODEL_WATCH_SECONDS": "0",
    "RATE_LIMIT_ENABLED": "false",
    "LEDGER_FLUSH_SECONDS": "0.2",
    "LOG_LEVEL": "WARNING",
}


def call(
    url: str, method: str = "GET", payload: Any = None, auth: dict[str, str] = AUTH
) -> tuple[int, Any, dict[str, str]]:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(
        url, data, {"Content-Type": "application/json", **auth}, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read().decode()
            return answer.status, _parsed(text), _lower(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, _parsed(error.read().decode()), _lower(error.headers)


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def ledger_up(base: str) -> float:
    """The exported `ml_ledger_up` (livemin over the live workers)."""
    _, text, _ = call(f"{base}/metrics")
    found = re.search(r"^ml_ledger_up(?:\{[^}]*\})? (\S+)$", text, re.MULTILINE)
    assert found is not None, "ml_ledger_up is not exported"
    return float(found.group(1))


def ledger_readiness(base: str) -> dict[str, Any]:
    status, answer, _ = call(f"{base}/health/ready")
    assert status == 200  # predictions are served: the ledger never makes a worker unready
    ledger: dict[str, Any] = answer["ledger"]
    return ledger


def until_writing(base: str) -> float:
    """Seconds until the readiness answer says the ledger writes again."""
    started = time.monotonic()
    while not ledger_readiness(base)["writing"]:
        assert time.monotonic() - started < RECONNECT_LIMIT_S, "the ledger did not reconnect"
        time.sleep(0.05)
    return time.monotonic() - started


def assert_unavailable(answer: tuple[int, Any, dict[str, str]]) -> None:
    status, payload, headers = answer
    assert status == 503, payload
    assert payload["error"]["code"] == "ledger_unavailable"
    assert payload["error"]["details"][0]["reason"] == "database_unreachable"
    assert int(headers["retry-after"]) >= 1


def predict(base: str, name: str, user_id: str) -> str:
    status, answer, _ = call(
        f"{base}/api/v1/predict/{name}", "POST", body(name) | {"user_id": user_id}
    )
    assert status == 200
    prediction_id: str = answer["prediction_id"]
    return prediction_id


def pcos_outcome(base: str, prediction_id: str) -> tuple[int, Any, dict[str, str]]:
    payload = {"prediction_id": prediction_id, "pcos_diagnosed": True}
    return call(f"{base}/api/v1/outcomes", "POST", payload)


def figures(name: str, values: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(f"\n{name}: {json.dumps(values)}")


@pytest.fixture
def database(postgres_to_stop: PostgresServer) -> tuple[PostgresServer, str]:
    postgres_to_stop.start()
    return postgres_to_stop, postgres_to_stop.create_database("ledger_outage")


def test_a_worker_started_while_the_database_is_down_writes_once_it_returns(
    database: tuple[PostgresServer, str], capsys: pytest.CaptureFixture[str]
) -> None:
    server, url = database
    server.stop()
    with gunicorn_server({**BASE_ENV, "DATABASE_URL": url}) as api:
        base = api.url
        assert ledger_readiness(base) | {"queued": 0} == {
            "enabled": True,
            "writing": False,
            "reason": "database_unreachable",
            "queued": 0,
        }
        assert ledger_up(base) == 0
        during = predict(base, "pcos", "during-the-outage")  # served, and queued
        assert_unavailable(pcos_outcome(base, during))
        server.start()
        reconnect_s = until_writing(base)
        assert ledger_up(base) == 1
        status, answer, _ = pcos_outcome(base, during)
        assert (status, answer["model"]) == (202, "pcos")
        log = api.log_tail()
    figures("reconnect after a start-up outage", {"reconnect_s": round(reconnect_s, 2)}, capsys)
    assert "unhandled_error" not in log


def test_an_outage_at_run_time_answers_503_and_ends_by_itself(
    database: tuple[PostgresServer, str], capsys: pytest.CaptureFixture[str]
) -> None:
    server, url = database
    with gunicorn_server({**BASE_ENV, "DATABASE_URL": url}) as api:
        base = api.url
        assert ledger_readiness(base)["writing"]
        before = predict(base, "pcos", "before-the-outage")
        time.sleep(0.5)  # written
        server.stop()
        assert_unavailable(pcos_outcome(base, before))
        assert_unavailable(call(f"{base}/api/v1/erasures", "POST", {"user_id": "someone"}))
        assert_unavailable(call(f"{base}/api/v1/users/someone/data", "DELETE"))
        assert_unavailable(call(f"{base}/api/v1/experiments/pcos", auth=ADMIN_AUTH))
        during = predict(base, "pcos", "during-the-outage")
        readiness = ledger_readiness(base)
        assert (readiness["writing"], readiness["reason"]) == (False, "database_unreachable")
        assert ledger_up(base) == 0
        server.start()
        reconnect_s = until_writing(base)
        for prediction_id in (before, during):
            status, answer, _ = pcos_outcome(base, prediction_id)
            assert (status, answer["model"]) == (202, "pcos")
        assert call(f"{base}/api/v1/experiments/pcos", auth=ADMIN_AUTH)[0] == 200
        log = api.log_tail()
    figures("reconnect after a run-time outage", {"reconnect_s": round(reconnect_s, 2)}, capsys)
    assert "unhandled_error" not in log


def _mount_read_only(folder: Path) -> bool:
    """A read-only tmpfs on `folder` (root with mount rights), as `docker run --read-only`."""
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture(params=["read_only_mount", "missing_and_uncreatable"])
def unwritable_state_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A STATE_DIR no process can write: a read-only file system, or a folder that cannot be
    created (sysfs refuses new entries, even to root)."""
    if request.param == "missing_and_uncreatable":
        yield Path("/sys/fembalance-ledger-test/state")
        return
    folder = tmp_path / "read-only"
    folder.mkdir()
    if not _mount_read_only(folder):
        pytest.skip("cannot mount a read-only file system here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_an_unwritable_state_dir_never_stops_a_worker(unwritable_state_dir: Path) -> None:
    with pytest.raises(OSError, match=r"Read-only file system|No such file|not permitted"):
        (unwritable_state_dir / "probe").touch()
    env = {**BASE_ENV, "STATE_DIR": str(unwritable_state_dir)}
    with gunicorn_server(env, workers=2) as api:
        base = api.url
        answers = [predict(base, name, "someone") for name in ("pcos", "cycle", "symptoms")]
        readiness = ledger_readiness(base)
        refused = pcos_outcome(base, answers[0])
        log = api.log_tail()
    assert all(answers)
    assert (readiness["writing"], readiness["reason"]) == (False, "state_dir_unwritable")
    assert refused[0] == 503
    assert refused[1]["error"]["details"][0]["reason"] == "state_dir_unwritable"
    assert "Traceback" not in log
