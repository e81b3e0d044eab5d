"""How long after PostgreSQL returns a worker's ledger writes again, by outage length.

usage: python scripts/ledger_reconnect.py [--outages 2 10 30] [--workers 2]

Starts a throwaway PostgreSQL server and the app under Gunicorn on it, then for each
outage length: stops the database as a crash would, keeps predicting during the outage
(the answers queue), starts it again and polls `/health/ready` every 20 ms until every
worker's ledger writes (`ml_ledger_up` is 1: livemin over the workers). Prints one JSON
line per outage: seconds from the database accepting connections to writing again.
"""

from __future__ import annotations

import argparse
import json
import re
import time
import urllib.request

from tests.conftest import body
from tests.support.postgres import PostgresServer
from tests.support.servers import gunicorn_server

POLL_SECONDS = 0.02


def ledger_up(base: str) -> bool:
    with urllib.request.urlopen(f"{base}/metrics", timeout=10) as answer:
        text = answer.read().decode()
    found = re.search(r"^ml_ledger_up(?:\{[^}]*\})? (\S+)$", text, re.MULTILINE)
    return found is not None and float(found.group(1)) == 1.0


def predict(base: str) -> None:
    request = urllib.request.Request(
        f"{base}/api/v1/predict/pcos",
        json.dumps(body("pcos")).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outages", type=float, nargs="+", default=[2.0, 10.0, 30.0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    database = PostgresServer()
    try:
        database.start()
        url = database.create_database("ledger_reconnect")
        env = {"DATABASE_URL": url, "MODEL_WATCH_SECONDS": "0", "LOG_LEVEL": "WARNING"}
        with gunicorn_server(env, workers=args.workers) as api:
            for outage in args.outages:
                database.stop()
                ends = time.monotonic() + outage
                while time.monotonic() < ends:
                    predict(api.url)  # the writers find the database gone, and queue
                    time.sleep(0.2)
                database.start()
                back = time.monotonic()
                while not ledger_up(api.url):
                    time.sleep(POLL_SECONDS)
                reconnect = time.monotonic() - back
                print(json.dumps({"outage_s": outage, "reconnect_s": round(reconnect, 2)}))
    finally:
        database.remove()


if __name__ == "__main__":
    main()
