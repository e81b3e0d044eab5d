"""Measure what each batch item costs in CPU, to calibrate api/batch_cost.py's weights.

    PYTHONPATH=src .venv/bin/python -m bench.batch_cost

Runs homogeneous batches through the batch function of an in-process app (cache, ledger
and rate limits off) and prints CPU microseconds per item (process time, best of 3) for
PCOS, cycle items with 3 and 24 cycles, and symptom items with 20 and 120 logs and 3 and
12 cycles; then the weights those figures give, in PCOS-item units, beside the ones
api/batch_cost.py uses.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from typing import Any

from fembalance_ml.api.batch import BatchRequest, predict_batch
from fembalance_ml.config import PROJECT_ROOT, Settings
from fembalance_ml.main import build_app, served_registry

AS_OF = dt.date(2026, 2, 25)
LAST_START = dt.date(2026, 2, 18)
SYMPTOMS = ("anger_irritability", "cramps", "swelling_bloating", "lethargy", "anxiety")


def pcos_item() -> dict[str, Any]:
    features: dict[str, float] = {"irregular_periods": 1, "excess_hair_growth": 0}
    features |= {"acne": 1, "weight_gain": 1}
    features |= {"hair_loss": 0, "dark_skin_patches": 0, "age": 28.0, "bmi": 24.5}
    return {"model_name": "pcos", "input": {"user_id": "u1", "features": features}}


def starts(count: int) -> list[dict[str, str]]:
    days = [LAST_START - dt.timedelta(days=28 * k + k % 3) for k in range(count)]
    return [{"start_date": str(day)} for day in reversed(days)]


def cycle_item(cycles: int) -> dict[str, Any]:
    return {"model_name": "cycle", "input": {"as_of": str(AS_OF), "cycles": starts(cycles)}}


def symptom_item(logs: int, cycles: int) -> dict[str, Any]:
    span = 28 * cycles - 2
    entries = [
        {
            "date": str(AS_OF - dt.timedelta(days=1 + (i * 3) % span)),
            "symptom": SYMPTOMS[i % len(SYMPTOMS)],
            "severity": 1 + i % 6,
        }
        for i in range(logs)
    ]
    body = {"as_of": str(AS_OF), "cycles": starts(cycles), "logs": entries}
    return {"model_name": "symptoms", "input": body}


async def measure() -> dict[str, float]:
    settings = Settings(
        _env_file=None,
        model_path=PROJECT_ROOT / "models",
        ledger_enabled=False,
        cache_enabled=False,
        rate_limit_enabled=False,
    )
    app = build_app(settings)
    shapes = {
        "pcos": (pcos_item(), 300),
        "cycle 3": (cycle_item(3), 40),
        "cycle 24": (cycle_item(24), 40),
        "symptoms 20 logs 3 cycles": (symptom_item(20, 3), 10),
        "symptoms 120 logs 3 cycles": (symptom_item(120, 3), 10),
        "symptoms 20 logs 12 cycles": (symptom_item(20, 12), 10),
    }
    figures = {}
    async with app.router.lifespan_context(app):
        service = app.state.predictions
        for label, (item, count) in shapes.items():
            raw = json.dumps({"requests": [item] * count}).encode()
            best = float("inf")
            for _ in range(3):
                started = time.process_time()
                answer = predict_batch(service, BatchRequest.model_validate_json(raw), 10**6, 10**9)
                best = min(best, (time.process_time() - started) / count)
            if b'"error"' in answer:
                raise RuntimeError(f"{label}: an item was refused")
            figures[label] = best * 1e6
    return figures


def main() -> None:
    us = asyncio.run(measure())
    for label, value in us.items():
        print(f"{label:28s} {value:9.0f} us an item")
    unit = us["pcos"]
    cycle_per = (us["cycle 24"] - us["cycle 3"]) / 21 / unit
    per_log = (us["symptoms 120 logs 3 cycles"] - us["symptoms 20 logs 3 cycles"]) / 100 / unit
    per_cycle = (us["symptoms 20 logs 12 cycles"] - us["symptoms 20 logs 3 cycles"]) / 9 / unit
    measured = {
        "cycle": (us["cycle 3"] / unit - 3 * cycle_per, cycle_per, 0.0),
        "symptoms": (
            us["symptoms 20 logs 3 cycles"] / unit - 20 * per_log - 3 * per_cycle,
            per_cycle,
            per_log,
        ),
    }
    print("weights in PCOS items (base, per cycle, per log): measured | api/batch_cost.py")
    for name, (base, cycle, log) in measured.items():
        used = served_registry().costs[name]
        print(
            f"{name:9s} {base:7.1f} {cycle:6.2f} {log:6.2f} | "
            f"{used.base:7.1f} {used.per_cycle:6.2f} {used.per_log:6.2f}"
        )


if __name__ == "__main__":
    main()
