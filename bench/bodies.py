"""The request bodies the targets are driven with.

One PCOS screening request in three shapes (the service's, a batch of 1,000, MLServer's
V2), and one typical cycle and symptoms request: six logged cycles; three cycles with 21
symptom logs (the issue's "typical item"), also as a batch of 500 (the /health probe's).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from fembalance_ml.pcos.features import SCREENING_FEATURES

FEATURES: dict[str, int | float] = {
    "irregular_periods": 1,
    "excess_hair_growth": 0,
    "acne": 1,
    "weight_gain": 1,
    "hair_loss": 0,
    "dark_skin_patches": 0,
    "age": 28.0,
    "bmi": 24.5,
    "period_length_days": 5.0,
    "fast_food": 1,
    "regular_exercise": 0,
}
BATCH_ITEMS = 1000


def pcos_request(user: int = 1) -> dict[str, Any]:
    """Body of POST /api/v1/predict/pcos (also sent to the trivial and naive apps)."""
    return {"user_id": f"bench-user-{user}", "features": dict(FEATURES)}


def batch_request(items: int = BATCH_ITEMS) -> dict[str, Any]:
    """Body of POST /api/v1/predict/batch with `items` PCOS requests."""
    return {"requests": [{"model_name": "pcos", "input": pcos_request(i)} for i in range(items)]}


def cycle_request() -> dict[str, Any]:
    """Body of POST /api/v1/predict/cycle: six cycles of 27-31 days, as of the last day."""
    start = datetime.date(2026, 1, 3)
    starts = [start]
    for length in (29, 31, 27, 30, 28):
        starts.append(starts[-1] + datetime.timedelta(days=length))
    return {
        "user_id": "bench-user-1",
        "as_of": (starts[-1] + datetime.timedelta(days=10)).isoformat(),
        "cycles": [{"start_date": d.isoformat(), "period_length_days": 5} for d in starts],
    }


SYMPTOM_DAYS = (-6, -4, -2, 1, 3, 10, 14)  # days from a period start: luteal, then follicular
SYMPTOM_NAMES = ("anger_irritability", "depressed_blue", "cramps")


def symptoms_request() -> dict[str, Any]:
    """Body of POST /api/v1/predict/symptoms: three cycles and 21 severity logs."""
    starts = [datetime.date(2026, 2, 1) + datetime.timedelta(days=28 * i) for i in range(3)]
    logs = []
    for cycle, start in enumerate(starts):
        for day in SYMPTOM_DAYS:
            when = start + datetime.timedelta(days=day)
            name = SYMPTOM_NAMES[(day + cycle) % len(SYMPTOM_NAMES)]
            logs.append(
                {"date": when.isoformat(), "symptom": name, "severity": 5 if day < 0 else 2}
            )
    return {
        "user_id": "bench-user-1",
        "as_of": (starts[-1] + datetime.timedelta(days=20)).isoformat(),
        "cycles": [{"start_date": d.isoformat()} for d in starts],
        "logs": logs,
    }


SYMPTOM_BATCH_ITEMS = 500


def symptoms_batch_request(items: int = SYMPTOM_BATCH_ITEMS) -> dict[str, Any]:
    """Body of POST /api/v1/predict/batch with `items` symptom requests, one user each."""
    request = symptoms_request()
    return {
        "requests": [
            {"model_name": "symptoms", "input": request | {"user_id": f"bench-user-{i}"}}
            for i in range(items)
        ]
    }


def v2_infer_request() -> dict[str, Any]:
    """The same row as an Open Inference (V2) request asking for `predict_proba`."""
    row = [float(FEATURES[name]) for name in SCREENING_FEATURES]
    return {
        "inputs": [{"name": "features", "shape": [1, len(row)], "datatype": "FP64", "data": row}],
        "outputs": [{"name": "predict_proba"}],
    }


def write_bodies(directory: Path) -> dict[str, Path]:
    """Write each body as compact JSON under `directory`; return their paths by name."""
    directory.mkdir(parents=True, exist_ok=True)
    bodies = {
        "pcos": pcos_request(),
        "batch": batch_request(),
        "v2": v2_infer_request(),
        "cycle": cycle_request(),
        "symptoms": symptoms_request(),
        "symptoms-batch": symptoms_batch_request(),
    }
    paths = {}
    for name, body in bodies.items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(body, separators=(",", ":")))
        paths[name] = path
    return paths
