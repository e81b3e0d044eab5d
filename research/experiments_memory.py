"""Peak memory and time of one experiment report (GET /api/v1/experiments/{name}) by outcomes.

usage: python research/experiments_memory.py [--outcomes 1000 10000 100000]
                                            [--model cycle_prediction|pcos] [--limit-mb 8000]

For each count it fills a throwaway SQLite ledger with that many scored outcomes, split
over a control and a treatment arm, then computes the report in a fresh process twice: once
under tracemalloc (peak of Python and NumPy allocations during the call) and once without
it (growth of the process's peak RSS during the call, and the call's wall time). The
measuring process runs under an address-space limit (`--limit-mb`), so a report that would
take more memory fails there ("over the limit") instead of taking the machine's.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import insert

from fembalance_ml.ledger.database import make_engine, migrate
from fembalance_ml.ledger.models import Outcome
from fembalance_ml.ledger.repository import COLUMNS, LedgerRepository
from fembalance_ml.ledger.writer import utc_now

ARMS = (("v1.0.0", "control"), ("v1.1.0", "treatment"))
RETENTION = timedelta(days=180)


def fill(url: str, model: str, outcomes: int, seed: int = 7) -> None:
    """`outcomes` predictions of `model`, each with a scored outcome, alternating arms."""
    rng = random.Random(seed)
    engine = make_engine(url)
    migrate(engine)
    repository = LedgerRepository(engine)
    now = utc_now()
    start = date(2026, 3, 1)
    for first in range(0, outcomes, 10_000):
        rows, scored = [], []
        for index in range(first, min(outcomes, first + 10_000)):
            version, group = ARMS[index % 2]
            prediction_id = f"{index:030d}"
            values: dict[str, Any] = dict.fromkeys(COLUMNS)
            values |= {
                "id": prediction_id,
                "model": model,
                "version": version,
                "experiment_group": group,
                "created_at": now,
            }
            outcome: dict[str, Any] = {"prediction_id": prediction_id, "received_at": now}
            if model == "pcos":
                score = rng.random()
                diagnosed = rng.random() < score
                headline: dict[str, Any] = {"pcos_score": score, "pcos_level": "Moderate"}
                outcome |= {
                    "observed": {"pcos_diagnosed": diagnosed},
                    "loss": (score - float(diagnosed)) ** 2,
                    "probability": score,
                    "event": diagnosed,
                }
            else:
                error = rng.randint(0, 9)
                headline = {
                    "cycle_start": start,
                    "cycle_earliest": start - timedelta(days=3),
                    "cycle_latest": start + timedelta(days=3),
                }
                outcome |= {
                    "observed": {"observed_start_date": str(start + timedelta(days=error))},
                    "loss": float(error),
                    "hit": error <= 3,
                }
            values["headline"] = orjson.dumps(headline).decode()
            rows.append(tuple(values[column] for column in COLUMNS))
            scored.append(outcome)
        repository.add_predictions(rows)
        with engine.begin() as connection:
            connection.execute(insert(Outcome), scored)
    engine.dispose()


def report(url: str, model: str) -> dict[str, Any]:
    """The report as the route computes it (in this process, uncached)."""
    from fembalance_ml.ledger.experiment_report import experiment_report
    from fembalance_ml.main import served_registry

    outcome = served_registry().by_name[model].outcome
    engine = make_engine(url)
    try:
        return experiment_report(engine, model, RETENTION, outcome=outcome)
    finally:
        engine.dispose()


def measure(url: str, model: str, mode: str) -> dict[str, Any]:
    """One report in this process: tracemalloc peak, or peak-RSS growth and wall time."""
    from fembalance_ml.ledger import experiment_report as experiments  # noqa: F401  (imports before the baseline)

    if mode == "tracemalloc":
        tracemalloc.start()
        report(url, model)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"tracemalloc_peak_mb": round(peak / 2**20, 1)}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    answer = report(url, model)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rss_growth_mb": round((after - before) / 1024, 1),
        "seconds": round(seconds, 2),
        "outcomes": sum(arm["outcomes"] for arm in answer["arms"]),
    }


def in_fresh_process(url: str, model: str, mode: str, limit_mb: int) -> dict[str, Any]:
    """`measure` in a new interpreter under an address-space limit."""
    command = [sys.executable, __file__, "--measure", url, "--model", model, "--mode", mode]
    command += ["--limit-mb", str(limit_mb)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        over = "MemoryError" in done.stderr or "Unable to allocate" in done.stderr
        return {mode: "over the limit" if over else f"failed: {done.stderr[-300:]}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outcomes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--model", default="cycle_prediction", choices=["cycle_prediction", "pcos"])
    parser.add_argument("--limit-mb", type=int, default=8000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="rss", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        limit = args.limit_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        print(json.dumps(measure(args.measure, args.model, args.mode)))
        return
    for count in args.outcomes:
        with tempfile.TemporaryDirectory(prefix="experiments-memory-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'ledger.sqlite3'}"
            fill(url, args.model, count)
            figures = {"model": args.model, "outcomes": count}
            for mode in ("rss", "tracemalloc"):
                figures |= in_fresh_process(url, args.model, mode, args.limit_mb)
            print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
