"""Replay the input attacks of issue 16 on a production-mode server and print the table.

`PYTHONPATH=src .venv/bin/python -m research.input_attacks` starts gunicorn with
ENVIRONMENT=production, API keys and 2 workers (as deployed, without nginx), sends each
attack once over a real socket and prints `attack | status | code | answer bytes` as the
Markdown table of docs/RELIABILITY.md, then checks the server's log for tracebacks and
for the values it was sent. The regression tests assert the outcomes; this measures them.
"""

from __future__ import annotations

import http.client
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.conftest import body
from tests.support.servers import gunicorn_server

API_KEY = "input-attacks-client-key-0123456789abcdef"
ENV = {
    "ENVIRONMENT": "production",
    "API_KEY_REQUIRED": "true",
    "VALID_API_KEYS": API_KEY,
    "ADMIN_API_KEYS": "input-attacks-admin-key-0123456789abcdef",
    "PSEUDONYM_KEY": "input-attacks-pseudonym-key-0123456789abcdef",
    "ALLOWED_ORIGINS": "https://app.example.org",
    "RATE_LIMIT_DEFAULT": "1000000/minute",
    "MODEL_WATCH_SECONDS": "0",
    "LOG_LEVEL": "INFO",
}
CYCLE = "/api/v1/predict/cycle"
SYMPTOMS = "/api/v1/predict/symptoms"
BATCH = "/api/v1/predict/batch"
# Marks planted in the attacks: none may appear in the server's log.
PLANTED = ("planted-user-4471", "x" * 64, "9" * 64)


@dataclass(frozen=True)
class Attack:
    """One request: what it tries, where it goes, its raw body and Content-Type."""

    name: str
    path: str
    raw: bytes
    content_type: str | None = "application/json"


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()


def _with(name: str, **changes: Any) -> dict[str, Any]:
    return {**body(name), "user_id": PLANTED[0], **changes}


def _batch(*items: tuple[str, dict[str, Any]]) -> bytes:
    return _json({"requests": [{"model_name": m, "input": i} for m, i in items]})


def _huge_symptom() -> dict[str, Any]:
    request = _with("symptoms")
    request["logs"][0]["symptom"] = "x" * 500_000
    return request


def _huge_date() -> dict[str, Any]:
    request = _with("cycle")
    request["cycles"][3]["start_date"] = "9" * 900_000
    return request


def _late_9999_starts() -> dict[str, Any]:
    starts = ("9999-10-01", "9999-11-01", "9999-12-01")
    return _with("cycle", cycles=[{"start_date": d} for d in starts], as_of="9999-12-31")


def _symptoms_9999() -> dict[str, Any]:
    logs = [{"date": "9999-12-30", "symptom": "cramps", "severity": 3}]
    return _with("symptoms", cycles=[{"start_date": "9999-12-01"}], logs=logs, as_of="9999-12-31")


def _many_bad_logs() -> dict[str, Any]:
    logs = [{"date": "2026-01-10", "symptom": f"bad_{i}", "severity": 3} for i in range(5_000)]
    return _with("symptoms", logs=logs)


def _future_starts() -> dict[str, Any]:
    """600 starts after today and no `as_of`: refused by the domain, not the schema."""
    starts = [f"{2100 + i // 12}-{i % 12 + 1:02d}-01" for i in range(600)]
    return {**_with("cycle"), "cycles": [{"start_date": d} for d in starts], "as_of": None}


def attacks() -> list[Attack]:
    """The replayed attacks, in the order of the issue's items."""
    user = '"' + PLANTED[0] + '"'
    cycle_text = json.dumps(_with("cycle"))
    return [
        Attack("cycle `as_of` 9999-12-31", CYCLE, _json(_with("cycle", as_of="9999-12-31"))),
        Attack("cycle starts in late 9999", CYCLE, _json(_late_9999_starts())),
        Attack("symptoms logs in 9999", SYMPTOMS, _json(_symptoms_9999())),
        Attack(
            "batch: one cycle item with `as_of` 9999, one valid",
            BATCH,
            _batch(("cycle", _with("cycle", as_of="9999-12-31")), ("cycle", _with("cycle"))),
        ),
        Attack(
            "cycle `user_id` a lone surrogate",
            CYCLE,
            cycle_text.replace(user, '"\\ud800"').encode(),
        ),
        Attack("cycle `user_id` 129 characters", CYCLE, _json(_with("cycle", user_id="u" * 129))),
        Attack("symptoms: 500 KB bad symptom name", SYMPTOMS, _json(_huge_symptom())),
        Attack("cycle: 900 KB bad date", CYCLE, _json(_huge_date())),
        Attack(
            "cycle: 300 KB unknown field name", CYCLE, _json({**_with("cycle"), "k" * 300_000: 1})
        ),
        Attack("symptoms: 5,000 bad log entries", SYMPTOMS, _json(_many_bad_logs())),
        Attack(
            "batch: one item with 5,000 bad log entries",
            BATCH,
            _batch(("symptoms", _many_bad_logs())),
        ),
        Attack("cycle: 600 starts after today, no `as_of`", CYCLE, _json(_future_starts())),
        Attack("cycle: start after `as_of`", CYCLE, _json(_with("cycle", as_of="2026-02-01"))),
        Attack("malformed JSON", CYCLE, b'{"cycles": ['),
        Attack(
            "form-encoded body", CYCLE, b"user_id=1&cycles=2", "application/x-www-form-urlencoded"
        ),
        Attack("JSON sent as text/plain", CYCLE, cycle_text.encode(), "text/plain"),
        Attack("JSON with no Content-Type", CYCLE, cycle_text.encode(), None),
        Attack("control: the valid cycle body", CYCLE, cycle_text.encode()),
    ]


def send(base_url: str, attack: Attack) -> tuple[int, bytes]:
    """POST the attack; the status and the raw answer."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    headers = {"Authorization": f"Bearer {API_KEY}"}
    if attack.content_type:
        headers["Content-Type"] = attack.content_type
    try:
        connection.request("POST", attack.path, body=attack.raw, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def outcome(answer: bytes) -> str:
    """The error code of an answer, or what a batch's slots hold."""
    document = json.loads(answer)
    if "error" in document:
        return str(document["error"]["code"])
    if "predictions" in document:
        slots = ["error" if "error" in p else "answer" for p in document["predictions"]]
        return "batch: " + ", ".join(slots)
    return "answer"


def run(report: Callable[[str], None] = print) -> bool:
    """Replay every attack; report the table and the log check; True when the log is clean."""
    report("| attack | status | outcome | request bytes | answer bytes |")
    report("|---|---|---|---|---|")
    with gunicorn_server(ENV, workers=2) as server:
        for attack in attacks():
            status, answer = send(server.url, attack)
            report(
                f"| {attack.name} | {status} | {outcome(answer)} | "
                f"{len(attack.raw):,} | {len(answer):,} |"
            )
        logged = server.log_path.read_text(errors="replace")
    leaks = [mark[:20] for mark in PLANTED if mark in logged]
    clean = "Traceback" not in logged and not leaks
    report(
        f"\nserver log: {len(logged):,} chars, traceback: {'Traceback' in logged}, "
        f"planted values found: {leaks or 'none'}"
    )
    return clean


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
