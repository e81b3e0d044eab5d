"""/health latency on one worker while it answers two 1,000-item batches (issue 11, item 5).

    .venv/bin/python -m bench.health_during_batches [--rounds 3] [--symptoms]

Starts Gunicorn with one worker (rate limit and cache off, ledger on, BATCH_MAX_COST
raised so the mixed batch is admitted), then per round posts a 1,000-item PCOS batch and
then a 1,000-item batch cycling PCOS, cycle and symptom items, one after the other from
one client, while another thread calls /health every 20 ms on a fresh connection, as a
probe would. Prints the batches' times and /health's p50, p99 and max in milliseconds.

With --symptoms it instead sends, per round, two 500-item symptom batches at once from two
connections (the issue's case: both done within 4 s, /health within 250 ms throughout) and
prints the time until both have answered.
"""

from __future__ import annotations

import argparse
import json
import logging
import threading
import time

import httpx

from bench import health_probe
from bench.probe_latency import Samples, probe
from tests.deploy.examples import CYCLE, PCOS, SYMPTOMS
from tests.support.servers import gunicorn_server

ITEMS = 1000
PROBE_INTERVAL_S = 0.02


def batches() -> dict[str, bytes]:
    """The PCOS batch and the mixed one, as JSON bodies."""
    pcos = [{"model_name": "pcos", "input": PCOS | {"user_id": f"user-{i}"}} for i in range(ITEMS)]
    kinds = [("pcos", PCOS), ("cycle", CYCLE), ("symptoms", SYMPTOMS)]
    mixed = [
        {"model_name": name, "input": body}
        for name, body in (kinds[i % len(kinds)] for i in range(ITEMS))
    ]
    return {
        "pcos": json.dumps({"requests": pcos}).encode(),
        "mixed": json.dumps({"requests": mixed}).encode(),
    }


SYMPTOM_ITEMS = 500


def symptom_batch() -> bytes:
    """A 500-item symptoms batch, each item a different user."""
    items = [
        {"model_name": "symptoms", "input": SYMPTOMS | {"user_id": f"user-{i}"}}
        for i in range(SYMPTOM_ITEMS)
    ]
    return json.dumps({"requests": items}).encode()


def measure_symptoms(rounds: int) -> dict[str, object]:
    """Per round, two 500-item symptom batches at once; the time until both answered.

    The same measurement as `make bench`'s /health row (bench/health_probe.py), on a
    server with no API key, rate limit or cache.
    """
    env = {"RATE_LIMIT_ENABLED": "false", "CACHE_ENABLED": "false", "LOG_LEVEL": "WARNING"}
    with gunicorn_server(env, workers=1) as server:
        figures = health_probe.measure(server.url, symptom_batch(), None, SYMPTOM_ITEMS, rounds)
    if figures.batch_failures:
        raise RuntimeError(f"batches failed: {figures.batch_failures}")
    return {"two_symptom_batches_seconds": figures.batch_seconds, "health": figures.summary()}


def measure(rounds: int) -> dict[str, object]:
    """Run the rounds and return the figures."""
    env = {
        "RATE_LIMIT_ENABLED": "false",
        "CACHE_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "BATCH_MAX_COST": "1000000",
        "WORKER_TIMEOUT": "300",
    }
    bodies = batches()
    timings: dict[str, list[float]] = {"pcos": [], "mixed": []}
    health = Samples()
    with gunicorn_server(env, workers=1) as server:
        stop = threading.Event()
        prober = threading.Thread(
            target=probe, args=(server.url, "/health", PROBE_INTERVAL_S, health, stop)
        )
        headers = {"Content-Type": "application/json"}
        with httpx.Client(timeout=300) as client:
            for payload in bodies.values():  # warm-up, unmeasured
                client.post(f"{server.url}/api/v1/predict/batch", content=payload, headers=headers)
            prober.start()
            time.sleep(0.5)
            for _ in range(rounds):
                for name, payload in bodies.items():
                    started = time.perf_counter()
                    answer = client.post(
                        f"{server.url}/api/v1/predict/batch", content=payload, headers=headers
                    )
                    answer.raise_for_status()
                    assert len(answer.json()["predictions"]) == ITEMS
                    timings[name].append(round(time.perf_counter() - started, 3))
            time.sleep(0.5)
        stop.set()
        prober.join()
    return {"batch_seconds": timings, "health": health.summary()}


def main() -> None:
    """Parse the options, measure, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--symptoms", action="store_true", help="two 500-item symptom batches")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    figures = measure_symptoms(args.rounds) if args.symptoms else measure(args.rounds)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
