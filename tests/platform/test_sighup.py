"""SIGHUP on a real Gunicorn with 2 workers: every request during the reload is answered."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Sequence

import pytest

from tests.robustness.load import Result, children_of, mixed_calls, percentile, send
from tests.support.servers import gunicorn_server

pytestmark = pytest.mark.integration

CLIENT_THREADS = 3
REPLACE_TIMEOUT_S = 120.0
# Requests keep flowing this long after the old workers are gone, to catch a late gap.
AFTER_S = 1.0


def load_until(
    url: str,
    stop: threading.Event,
    results: list[Result],
    offset: int,
    headers: dict[str, str] | None = None,
) -> None:
    """Send mixed predictions back to back until `stop` is set."""
    index = offset
    while not stop.is_set():
        call = mixed_calls([index % 90])[0]
        results.append(send(url, call, headers))
        index += 1


def wait_for_new_workers(master: int, old: Sequence[int]) -> float:
    """Seconds until the master's children are all new (as many as before)."""
    started = time.monotonic()
    while time.monotonic() - started < REPLACE_TIMEOUT_S:
        current = children_of(master)
        if len(current) == len(old) and not set(current) & set(old):
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"old workers {old} were not replaced within {REPLACE_TIMEOUT_S} s")


def test_sighup_replaces_workers_without_failing_a_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # INFO: the master logs when it retires the old workers, which the test checks.
    env = {"MODEL_WATCH_SECONDS": "0", "LOG_LEVEL": "INFO", "RATE_LIMIT_ENABLED": "false"}
    with gunicorn_server(env, workers=2) as server:
        master = server.process.pid
        for index in range(30):  # both workers loaded and warm
            assert send(server.url, mixed_calls([index])[0]).status == 200
        old = children_of(master)
        assert len(old) == 2
        stop = threading.Event()
        per_thread: list[list[Result]] = [[] for _ in range(CLIENT_THREADS)]
        threads = [
            threading.Thread(target=load_until, args=(server.url, stop, results, 30 * n))
            for n, results in enumerate(per_thread)
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        hup_at = time.monotonic()
        os.kill(master, signal.SIGHUP)
        replaced_in = wait_for_new_workers(master, old)
        time.sleep(AFTER_S)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        new = children_of(master)
        log = server.log_path.read_text(errors="replace")
    results = [r for group in per_thread for r in group]
    during = [r for r in results if r.finished_at >= hup_at]
    failed = [(r.status, r.body[:80]) for r in results if r.status != 200]
    slowest = max(r.seconds for r in during)
    with capsys.disabled():
        print(
            f"\nsighup figures: requests={len(results)} during_reload={len(during)} "
            f"failed={len(failed)} workers_replaced_in_s={replaced_in:.2f} "
            f"slowest_during_reload_s={slowest:.3f} "
            f"p99_during_reload_ms={percentile([r.seconds for r in during], 99) * 1000:.1f}"
        )
    assert not set(new) & set(old)
    assert during, "no request was sent during the reload"
    assert failed == [], log[-4000:]
    # The old workers were retired only after the new ones announced that they serve.
    assert "Reload: new workers serve after" in log, log[-4000:]
