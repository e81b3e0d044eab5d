"""SIGTERM to gunicorn under load: every request that got a response start completes."""

from __future__ import annotations

import http.client
import json
import signal
import threading
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests.deploy.examples import PCOS
from tests.support.servers import gunicorn_server

pytestmark = pytest.mark.integration

CLIENT_THREADS = 6
REQUESTS_PER_THREAD = 300
WARM_REQUESTS = 30
BODY = json.dumps(PCOS).encode()


@dataclass
class Tally:
    """Outcomes of every request the clients tried, counted under a lock."""

    counts: Counter[str] = field(default_factory=Counter)
    broken: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    warmed: threading.Event = field(default_factory=threading.Event)
    terminated: threading.Event = field(default_factory=threading.Event)

    def add(self, outcome: str, detail: str = "", *, sent_before_sigterm: bool = False) -> None:
        """Count one outcome; keep the details of responses cut short."""
        with self.lock:
            self.counts[outcome] += 1
            if outcome == "completed" and sent_before_sigterm and self.terminated.is_set():
                self.counts["completed_across_sigterm"] += 1
            if outcome == "broken_after_response_start":
                self.broken.append(detail)
            if self.counts["completed"] >= WARM_REQUESTS:
                self.warmed.set()


def one_request(host: str, port: int) -> tuple[str, str]:
    """POST one prediction on a fresh connection; say how far it got."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        try:
            connection.request(
                "POST", "/api/v1/predict/pcos", BODY, {"Content-Type": "application/json"}
            )
        except OSError as error:
            return "not_sent", repr(error)
        try:
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as error:
            return "no_response_start", repr(error)
        try:
            body = response.read()
            json.loads(body)
        except (OSError, http.client.HTTPException, ValueError) as error:
            return "broken_after_response_start", f"{response.status}: {error!r}"
        return ("completed" if response.status == 200 else f"status_{response.status}"), ""
    finally:
        connection.close()


def client_loop(host: str, port: int, tally: Tally) -> None:
    """Send requests until the server stops taking connections or the budget runs out."""
    for _ in range(REQUESTS_PER_THREAD):
        sent_before_sigterm = not tally.terminated.is_set()
        outcome, detail = one_request(host, port)
        tally.add(outcome, detail, sent_before_sigterm=sent_before_sigterm)
        if outcome in {"not_sent", "no_response_start"}:
            return


def test_sigterm_lets_accepted_requests_finish() -> None:
    """Requests in flight at SIGTERM complete; later ones are refused, never cut mid-answer."""
    tally = Tally()
    with gunicorn_server(workers=2) as server:
        address = urlsplit(server.url)
        host, port = address.hostname or "127.0.0.1", address.port or 80
        threads = [
            threading.Thread(target=client_loop, args=(host, port, tally), daemon=True)
            for _ in range(CLIENT_THREADS)
        ]
        for thread in threads:
            thread.start()
        assert tally.warmed.wait(timeout=120), f"no steady traffic: {dict(tally.counts)}"
        tally.terminated.set()
        server.process.send_signal(signal.SIGTERM)
        exit_code = server.process.wait(timeout=40)
        for thread in threads:
            thread.join(timeout=60)
    counts = dict(tally.counts)
    print(f"request outcomes around SIGTERM: {counts}")
    assert exit_code == 0, server.log_tail()
    assert not any(thread.is_alive() for thread in threads)
    assert tally.broken == [], counts
    assert counts.get("completed", 0) >= WARM_REQUESTS
    # Requests were in flight when the signal came, and they were answered in full.
    assert counts.get("completed_across_sigterm", 0) >= 1, counts
    expected = {"completed", "completed_across_sigterm", "not_sent", "no_response_start"}
    unexpected = set(counts) - expected
    assert not unexpected, counts
