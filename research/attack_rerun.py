"""Rerun the platform attacks of issue 16 (items 5-10, 12) on a production-mode server.

    PYTHONPATH=src .venv/bin/python -m research.attack_rerun

Starts redis-server and Gunicorn (2 workers, ENVIRONMENT=production, keys of 32+ characters,
a private copy of the models tree) with tests/support/servers.py, runs each attack as an
outside client would, and prints one `attack | outcome` row per attack for
docs/RELIABILITY.md. Not a test: it measures; the regression tests are the tests/platform ones
it imports.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.conftest import body, copy_models
from tests.platform.test_cache_keys import retrain_in_place
from tests.platform.test_http_limits import (
    connect,
    read_answer,
    request_head,
    send_all,
    silent,
    status_of,
    trickle,
)
from tests.platform.test_refused_start import STARTS, leaks, refused_start
from tests.platform.test_sighup import load_until, wait_for_new_workers
from tests.robustness.load import Result, children_of
from tests.support.servers import gunicorn_server, run_redis

ORIGIN = "https://app.example.org"
KEY = "a3f1c9e07b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f"
ADMIN_KEY = "0f9e8d7c6b5a49382716f5e4d3c2b1a0fedcba98"
BATCH_LIMIT = 10
# Long enough that the retrain check ends inside it, short enough to watch it pass.
CACHE_TTL_S = 8
ROWS: list[tuple[str, str]] = []


def row(attack: str, outcome: str) -> None:
    ROWS.append((attack, outcome))
    print(f"| {attack} | {outcome} |", flush=True)


def call(
    url: str,
    method: str = "GET",
    payload: Any = None,
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request; (status, headers with lower-case names, body)."""
    if payload is not None:
        data = json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def auth(key: str = KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", "Origin": ORIGIN}


def production_env(models: Path, redis_url: str) -> dict[str, str]:
    return {
        "ENVIRONMENT": "production",
        "API_KEY_REQUIRED": "true",
        "VALID_API_KEYS": KEY,
        "ADMIN_API_KEYS": ADMIN_KEY,
        "PSEUDONYM_KEY": "5c4b3a29180f7e6d5c4b3a2918a7b6c5d4e3f2a1",
        "ALLOWED_ORIGINS": ORIGIN,
        "REDIS_URL": redis_url,
        "MODEL_PATH": str(models),
        "MODEL_WATCH_SECONDS": "1",
        "CACHE_TTL_SECONDS": str(CACHE_TTL_S),
        "CACHE_MODELS": "cycle,symptoms",
        "RATE_LIMIT_DEFAULT": "100000/minute",
        "RATE_LIMIT_OVERRIDES": json.dumps({"batch": f"{BATCH_LIMIT}/minute"}),
        "LOG_LEVEL": "INFO",
    }


def refused_starts() -> None:
    secrets = {"VALID_API_KEYS": KEY, "ADMIN_API_KEYS": ADMIN_KEY, "PSEUDONYM_KEY": KEY[::-1]}
    printed = refused_start(STARTS["gunicorn"], {**secrets, "API_KEY_REQUIRED": "false"})
    leaked = [name for name, value in secrets.items() if leaks(value, printed)]
    row(
        "5. production start with API_KEY_REQUIRED=false, real-looking secrets set",
        f"refused (exit != 0); output names `API_KEY_REQUIRED must be true`: "
        f"{'API_KEY_REQUIRED must be true' in printed}; secrets (any 10 chars) printed: {leaked}",
    )
    placeholder = {**secrets, "API_KEY_REQUIRED": "true", "ADMIN_API_KEYS": "PLACEHOLDER-x"}
    printed = refused_start(STARTS["gunicorn"], placeholder)
    short = {**secrets, "API_KEY_REQUIRED": "true", "VALID_API_KEYS": "short-key-123"}
    printed_short = refused_start(STARTS["gunicorn"], short)
    row(
        "5. production start with ADMIN_API_KEYS=PLACEHOLDER-x / VALID_API_KEYS of 13 chars",
        f"refused: `{'ADMIN_API_KEYS holds an example placeholder' in printed}` / "
        f"`{'VALID_API_KEYS needs keys of at least 32' in printed_short}`; "
        f"values printed: {'PLACEHOLDER-x' in printed} / {'short-key-123' in printed_short}",
    )


def spec_and_paths(url: str, models: Path) -> None:
    statuses = {path: call(url + path)[0] for path in ("/openapi.json", "/docs", "/redoc")}
    row("6. GET /openapi.json, /docs, /redoc in production", f"{statuses}")
    status, _, ready = call(url + "/health/ready")
    root = str(models)
    (models / "pcos" / "v2.2.0").mkdir()
    answers = [
        call(url + f"/api/v1/models/pcos/reload?version={v}", "POST", headers=auth(ADMIN_KEY))
        for v in ("v9.9.9", "v2.2.0")
    ]
    reasons = [json.loads(a[2])["error"]["details"][0]["reason"] for a in answers]
    carries_path = any(root in a[2].decode() or "/tmp" in a[2].decode() for a in answers)
    row(
        "6. /health/ready, and reloads refused (v9.9.9 missing; v2.2.0 with no metadata.json)",
        f"ready {status}, absolute path in it: {root in ready.decode()}; reloads "
        f"{[a[0] for a in answers]} with reasons {reasons}; absolute path: {carries_path}",
    )


def headers_and_cors(url: str) -> None:
    status, headers, _ = call(url + "/api/v1/predict/pcos", "POST", body("pcos"), auth())
    row(
        "8. headers of a 200 prediction",
        f"{status}; Retry-After: {headers.get('retry-after')}; X-RateLimit-Reset: "
        f"{headers.get('x-ratelimit-reset')}; "
        f"exposed: {headers.get('access-control-expose-headers')}",
    )
    preflight = {"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"}
    status, headers, answer = call(url + "/api/v1/predict/pcos", "OPTIONS", headers=preflight)
    row(
        "8. CORS preflight from a foreign origin",
        f"{status} {headers.get('content-type')} {answer.decode()[:90]}...",
    )
    parts = urlsplit(url)
    with connect((parts.hostname or "127.0.0.1", parts.port or 80)) as sock:
        extra = f"Authorization: Bearer {KEY}\r\nOrigin: {ORIGIN}\r\n".encode()
        send_all(sock, request_head(extra, length=1_100_000))
        answer = read_answer(sock)
    allow = [
        line.decode()
        for line in answer.split(b"\r\n")
        if line.lower().startswith(b"access-control-allow-origin")
    ]
    row(
        "8. declared 1.1 MB body (Content-Length) from the allowed origin",
        f"{status_of(answer)}; {allow}",
    )
    status, headers, _ = call(url + "/api/v1/predict/pcos", "POST", body("pcos"), {})
    row(
        "8. prediction without a key",
        f"{status}; WWW-Authenticate: {headers.get('www-authenticate')}",
    )


def uvicorn_limits(url: str) -> None:
    parts = urlsplit(url)
    address = (parts.hostname or "127.0.0.1", parts.port or 80)
    with connect(address) as sock:
        send_all(sock, request_head(b"X-Big: " + b"a" * 1_048_576 + b"\r\n"))
        big = status_of(read_answer(sock))
    many = b"".join(f"X-H{i}: v\r\n".encode() for i in range(500))
    with connect(address) as sock:
        send_all(sock, request_head(many))
        count = status_of(read_answer(sock))
    row("9. 1 MB header / 500 headers, straight to Gunicorn (no nginx)", f"{big} / {count}")
    payload = json.dumps(body("pcos")).encode()
    head = trickle(address, b"POST /api/v1/predict/pcos HTTP/1.1\r\n", b"X" * 200)
    trickled_body = trickle(address, request_head(length=len(payload)), payload)
    quiet = silent(address)
    row(
        "9. slow clients: head trickled 1 byte/0.5 s, body trickled, silent connection",
        f"dropped after {head[1]:.1f} s ({head[0]}), {trickled_body[1]:.1f} s (closed), "
        f"{quiet[1]:.1f} s ({quiet[0]})",
    )


def batch_statuses(url: str, count: int) -> list[int]:
    batch = {"requests": [{"model_name": "pcos", "input": body("pcos")}]}
    return [call(url + "/api/v1/predict/batch", "POST", batch, auth())[0] for _ in range(count)]


def redis_down(url: str, stop_redis: Any) -> None:
    stop_redis()
    statuses = batch_statuses(url, 3 * BATCH_LIMIT)
    row(
        f"10. Redis stopped; {3 * BATCH_LIMIT} batch requests against a "
        f"{BATCH_LIMIT}/minute limit, 2 workers",
        f"{statuses.count(200)} answered 200, {statuses.count(429)} refused 429 "
        f"(each worker counting the whole limit would let {2 * BATCH_LIMIT} through)",
    )


def cache_after_retrain(url: str, models: Path) -> None:
    request = body("cycle")

    def cache_state() -> str:
        return call(url + "/api/v1/predict/cycle", "POST", request, auth())[1].get("x-cache", "")

    stored_at = time.monotonic()
    first = [cache_state() for _ in range(3)]
    retrain_in_place((models / "cycle_prediction" / "latest").resolve())
    time.sleep(2.5)  # the watcher (every 1 s) reloads the version in both workers
    after = [cache_state() for _ in range(3)]
    within_ttl = time.monotonic() - stored_at < CACHE_TTL_S
    stored_at = time.monotonic()
    time.sleep(CACHE_TTL_S + 1)
    expired = [cache_state() for _ in range(2)]
    row(
        "12. cycle answer cached, model.pkl of the served version retrained in place; "
        f"then CACHE_TTL_SECONDS={CACHE_TTL_S} waited out",
        f"before {first}; after the retrain {after} (still within the TTL: {within_ttl}, so "
        f"the miss is the new model hash); after the TTL {expired}",
    )


def sighup(url: str, master: int) -> None:
    old = children_of(master)
    stop = threading.Event()
    groups: list[list[Result]] = [[] for _ in range(3)]
    threads = [
        threading.Thread(
            target=load_until, args=(url, stop, g, 30 * n, {"Authorization": f"Bearer {KEY}"})
        )
        for n, g in enumerate(groups)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    hup_at = time.monotonic()
    os.kill(master, signal.SIGHUP)
    replaced = wait_for_new_workers(master, old)
    time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    during = [r for g in groups for r in g if r.finished_at >= hup_at]
    failures = [(r.status, r.body[:100]) for g in groups for r in g if r.status != 200]
    failed = len(failures)
    print(f"sighup failures: {failures}", flush=True)
    slowest = max(r.seconds for r in during)
    row(
        "7. SIGHUP to the master under 3 client threads sending predictions back to back",
        f"{len(during)} requests during the reload, {failed} failed, slowest {slowest:.2f} s; "
        f"old workers replaced after {replaced:.1f} s",
    )


def production_server(stack: ExitStack, models: Path) -> tuple[str, int, Any]:
    redis_context = run_redis()
    redis_url = redis_context.__enter__()
    stopped = [False]

    def stop_redis() -> None:
        if not stopped[0]:
            stopped[0] = True
            redis_context.__exit__(None, None, None)

    stack.callback(stop_redis)
    server = stack.enter_context(gunicorn_server(production_env(models, redis_url), workers=2))
    return server.url, server.process.pid, stop_redis


def main() -> None:
    print("| attack | outcome |\n|---|---|")
    refused_starts()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        models = copy_models(Path(tmp) / "models")
        url, master, stop_redis = production_server(stack, models)
        spec_and_paths(url, models)
        headers_and_cors(url)
        uvicorn_limits(url)
        cache_after_retrain(url, models)
        sighup(url, master)
        redis_down(url, stop_redis)


if __name__ == "__main__":
    main()
