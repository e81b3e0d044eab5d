"""An outcome posted right after its prediction, with two Gunicorn workers: how many are lost.

usage: python scripts/outcome_race.py --database-url URL [--tries 200] [--threads 4]

Starts the real app under Gunicorn with two workers on the given ledger (a SQLite file or
PostgreSQL, as DATABASE_URL), default LEDGER_FLUSH_SECONDS. Each try predicts and, at
once, posts the outcome of that prediction (one attempt, no retry); the kernel hands each
connection to either worker, so about half the outcomes reach the worker that did not
answer the prediction, whose row is still in the other's queue. `lost` counts outcomes
not accepted (anything but 202). tests/ledger/test_outcome_race.py runs it too.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from tests.conftest import body
from tests.support.servers import run_gunicorn

API_KEY = "outcome-race-key-0123456789abcdef0123456789"
AUTH = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
# An outcome answered later than this waited for the other worker's flush.
FLUSH_WAIT_S = 0.1


@dataclass(frozen=True)
class Try:
    """One prediction and the outcome posted right after it."""

    worker_tag: str
    status: int
    seconds: float


def post(url: str, payload: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(url, json.dumps(payload).encode(), AUTH)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def one_try(base: str, index: int) -> Try:
    status, answer = post(f"{base}/api/v1/predict/pcos", body("pcos") | {"user_id": f"p{index}"})
    assert status == 200, answer
    prediction_id = answer["prediction_id"]
    started = time.monotonic()
    status, _ = post(
        f"{base}/api/v1/outcomes", {"prediction_id": prediction_id, "pcos_diagnosed": True}
    )
    # Characters 8-11 of an id encode the issuing process's tag (security/ids.py).
    return Try(prediction_id[8:12], status, time.monotonic() - started)


def race(database_url: str, tries: int, threads: int = 4, rounds: int = 5) -> dict[str, Any]:
    """Run `tries` tries from `threads` client threads; the figures.

    Which worker takes a connection is the kernel's choice, and on a busy machine one
    worker can take them all: then another round of `tries` runs (at most `rounds`), until
    both workers have answered predictions and an outcome had to wait for the other's flush.
    """
    env = {
        "DATABASE_URL": database_url,
        "VALID_API_KEYS": API_KEY,
        "API_KEY_REQUIRED": "true",
        "MODEL_WATCH_SECONDS": "0",
        "RATE_LIMIT_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    results: list[Try] = []
    lock = threading.Lock()

    def work(first: int, start: int) -> None:
        for index in range(first + start, first + tries, threads):
            done = one_try(base, index)
            with lock:
                results.append(done)

    def crossed() -> bool:
        tags = {r.worker_tag for r in results}
        return len(tags) >= 2 and any(r.seconds > FLUSH_WAIT_S for r in results)

    with run_gunicorn(env=env, workers=2) as base:
        for round_index in range(rounds):
            first = round_index * tries
            pool = [threading.Thread(target=work, args=(first, i)) for i in range(threads)]
            for thread in pool:
                thread.start()
            for thread in pool:
                thread.join()
            if crossed():
                break
    waits = sorted(r.seconds for r in results)
    return {
        "tries": len(results),
        "lost": sum(r.status != 202 for r in results),
        "statuses": sorted({r.status for r in results}),
        "workers_that_predicted": len({r.worker_tag for r in results}),
        "outcomes_that_waited_for_a_flush": sum(w > FLUSH_WAIT_S for w in waits),
        "outcome_seconds_p50_max": [round(waits[len(waits) // 2], 3), round(waits[-1], 3)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tries", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    print(json.dumps(race(args.database_url, args.tries, args.threads)))


if __name__ == "__main__":
    main()
