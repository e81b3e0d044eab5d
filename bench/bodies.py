"""The request bodies every target is driven with: one PCOS screening request, in three shapes."""

from __future__ import annotations

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
    bodies = {"pcos": pcos_request(), "batch": batch_request(), "v2": v2_infer_request()}
    paths = {}
    for name, body in bodies.items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(body, separators=(",", ":")))
        paths[name] = path
    return paths
