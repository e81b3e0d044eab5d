"""The fair floors: FastAPI routes that validate the service's own request bodies.

Each route takes the body the service's route takes, validated by the service's own
request model (`PcosRequest`, `CycleRequest`, `SymptomRequest`), and returns a fixed
answer: what the server, FastAPI and the body's validation cost, with no prediction and
no production feature (key, rate limit, log line, metrics, ledger, CORS). The trivial
floor (trivial.py) ignores its body; a service route is compared with this one.
"""

from __future__ import annotations

from fastapi import FastAPI

from fembalance_ml.cycle.schemas import CycleRequest
from fembalance_ml.pcos.schemas import PcosRequest
from fembalance_ml.symptoms.schemas import SymptomRequest

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
ANSWER: dict[str, object] = {"risk_score": 0.5, "risk_level": "Medium", "model_version": "fair"}


@app.get("/health")
async def health() -> dict[str, str]:
    """Readiness probe for the bench script."""
    return {"status": "ok"}


@app.post("/api/v1/predict/pcos")
async def pcos(body: PcosRequest) -> dict[str, object]:
    """The PCOS body validated, then a fixed answer."""
    return ANSWER


@app.post("/api/v1/predict/cycle")
async def cycle(body: CycleRequest) -> dict[str, object]:
    """The cycle body validated, then a fixed answer."""
    return ANSWER


@app.post("/api/v1/predict/symptoms")
async def symptoms(body: SymptomRequest) -> dict[str, object]:
    """The symptoms body validated, then a fixed answer."""
    return ANSWER
