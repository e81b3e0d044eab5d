"""The deployment guide's naive pattern: pydantic in, joblib model, sync `predict_proba`.

The route is a plain `def`, so FastAPI runs it in its default thread pool, and every
request calls scikit-learn's `predict_proba` on a one-row array. The model is the real
trained PCOS v2.1.0 screening pipeline (imputer, scaler, logistic regression).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from fastapi import FastAPI
from pydantic import BaseModel

# The same feature order as the trained model (it is unpickled from src anyway).
from fembalance_ml.pcos.features import SCREENING_FEATURES as FEATURES

MODEL_FILE = Path(
    os.environ.get(
        "BENCH_NAIVE_MODEL",
        str(Path(__file__).resolve().parents[2] / "models" / "pcos" / "v2.1.0" / "model.pkl"),
    )
)


class Features(BaseModel):
    """The screening answers, as a first version of such an API would declare them."""

    irregular_periods: int
    excess_hair_growth: int
    acne: int
    weight_gain: int
    hair_loss: int
    dark_skin_patches: int
    age: float | None = None
    bmi: float | None = None
    period_length_days: float | None = None
    fast_food: int | None = None
    regular_exercise: int | None = None


class PredictRequest(BaseModel):
    """Request body: an optional user id and the features."""

    user_id: str | None = None
    features: Features


model = joblib.load(MODEL_FILE)
pipeline = model.screening.pipeline
app = FastAPI()


@app.get("/health")
def health() -> dict[str, str]:
    """Readiness probe for the bench script."""
    return {"status": "ok"}


@app.post("/api/v1/predict/pcos")
def predict(request: PredictRequest) -> dict[str, Any]:
    """Score one request with `predict_proba` on a one-row array."""
    values = request.features.model_dump()
    row = np.array([[np.nan if values[f] is None else values[f] for f in FEATURES]], dtype=float)
    probability = float(pipeline.predict_proba(row)[0, 1])
    level = "High" if probability >= 0.5 else "Low"
    return {"risk_score": probability, "risk_level": level, "model_version": "v2.1.0"}
