"""Thread CPU of one 1,000-item PCOS batch, whole and by phase, in process (no HTTP).

    PYTHONPATH=src:. .venv/bin/python -m research.pcos_batch_cost [--runs 15] [--varied]

The batch is bench/bodies.py's (1,000 screening items, one person's answers under 1,000
user ids) or, with --varied, 1,000 items of the PCOS golden corpus (every symptom
combination, labs, adolescents, contexts). Each phase is timed alone over `runs` runs
with time.thread_time (the calling thread's CPU only: the ledger's and the drift
monitor's threads are not the request's), and the best and median are printed: decode
(orjson and BatchRequest), validate (PcosRequest per item), score (the model's part as
columns, pcos/columnar.py), rules part (`columns` less the model's part), ids, ledger (one
record_many), drift (one observe_many), encode (the envelope and one orjson dump), and
the whole `predict_batch`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from bench.bodies import batch_request
from fembalance_ml.api.answers import envelope
from fembalance_ml.api.batch import BatchRequest, _parse_input, predict_batch
from fembalance_ml.api.batch_pcos import columns
from fembalance_ml.api.served import PredictionService, utc_today
from fembalance_ml.config import PROJECT_ROOT, Settings
from fembalance_ml.ledger.headline import as_text
from fembalance_ml.main import build_app
from fembalance_ml.pcos import rules
from fembalance_ml.pcos.columnar import model_columns


def decode_batch(body: bytes) -> BatchRequest:
    """The body decoded and validated, as the batch route does in its pool thread."""
    return BatchRequest.model_validate(orjson.loads(body))


def best_and_median(
    function: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> tuple[float, float]:
    """Thread CPU of one call in milliseconds: the best and the median of `runs` calls
    (`before` runs untimed before each)."""
    function()
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.thread_time()
        function()
        times.append((time.thread_time() - start) * 1e3)
    return min(times), statistics.median(times)


def varied_batch() -> dict[str, Any]:
    """1,000 items of the PCOS golden corpus (a test helper: run from the checkout)."""
    from tests.pcos.golden_corpus import corpus

    valid = []
    for body in corpus(2026, 1500):
        context = body.get("context") or {}
        context.pop("delivery_date", None)
        valid.append({"model_name": "pcos", "input": body})
    return {"requests": valid[:1000]}


Calls = dict[str, Callable[[], object]]


def phases(service: PredictionService, body: bytes) -> tuple[Calls, Calls]:
    """Each phase's call, and what runs untimed before each call of a phase that has one."""
    """Each phase of the batch path as a call on the same 1,000 items."""
    models = service.models.by_route
    served = models["pcos"]
    batch = decode_batch(body)
    assert batch is not None
    items = [raw["input"] for raw in batch.requests]
    requests = [_parse_input(models, "pcos", item) for item in items]
    valid = [r for r in requests if not isinstance(r, bytes)]
    choice = service.choose(served, None)
    model, artifact = choice.artifact.model, choice.artifact
    today = utc_today()
    answers = columns(model, valid, today=today)
    added = envelope(served, artifact.version, choice.group)
    ids = service.issue_ids(len(valid))
    headline_of = served.ledger.of_json
    ledgered = [
        (i, r.user_id, as_text(headline_of(a))) for i, r, a in zip(ids, valid, answers, strict=True)
    ]

    def encode() -> bytes:
        done = columns(model, valid, today=today)
        for answer, prediction_id in zip(done, ids, strict=True):
            answer.update(added)
            answer["prediction_id"] = prediction_id
        return orjson.dumps({"predictions": done})

    ledger = service.ledger
    assert ledger is not None

    def renew() -> None:
        """The queue written out, and fresh ids (the ledger's primary key refuses a row
        already written)."""
        ledger.flush()
        fresh = service.issue_ids(len(ledgered))
        ledgered[:] = [(i, user, text) for i, (_, user, text) in zip(fresh, ledgered, strict=True)]

    calls = {
        "decode": lambda: decode_batch(body),
        "validate": lambda: [_parse_input(models, "pcos", item) for item in items],
        "score": lambda: list(model_columns(model, valid)),
        "score+rules": lambda: columns(model, valid, today=today),
        "score+rules+encode": encode,
        "ids": lambda: service.issue_ids(len(valid)),
        "ledger": lambda: ledger.record_many(served.name, artifact.version, None, ledgered),
        "drift": lambda: service.drift.observe_many(artifact, valid),
        "predict_batch": lambda: predict_batch(service, decode_batch(body), 1000, 10**6),
    }
    return calls, {"ledger": renew}


async def measure(body: bytes, runs: int) -> None:
    folder = tempfile.mkdtemp()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        model_path=PROJECT_ROOT / "models",
        state_dir=Path(folder),
        model_watch_seconds=0,
    )
    app = build_app(settings)
    async with app.router.lifespan_context(app):
        service: PredictionService = app.state.predictions
        rules.clear_table()
        found, before = phases(service, body)
        # Each ledger run queues all its rows afresh (`before`).
        times = {
            name: best_and_median(call, runs, before.get(name)) for name, call in found.items()
        }
        whole = times["predict_batch"]
        derived = {
            "rules part": tuple(
                a - b for a, b in zip(times["score+rules"], times["score"], strict=True)
            ),
            "encode": tuple(
                a - b
                for a, b in zip(times["score+rules+encode"], times["score+rules"], strict=True)
            ),
        }
        for name, (low, median) in {**times, **derived}.items():
            print(f"{name:>20}: best {low:6.2f} ms  median {median:6.2f} ms")
        print(
            f"predict_batch + decode: {1000 / (whole[0] + times['decode'][0]) * 1e3:,.0f} rows/s "
            f"(best), {1000 / (whole[1] + times['decode'][1]) * 1e3:,.0f} (median); "
            f"rules table: {rules.table_size()} keys"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--varied", action="store_true", help="the golden corpus's items")
    args = parser.parse_args()
    body = orjson.dumps(varied_batch() if args.varied else batch_request())
    asyncio.run(measure(body, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
