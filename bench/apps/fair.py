"""The fair floors: FastAPI routes that validate the service's own request bodies.

Each route takes the body the service's route takes, validated by the service's own
request model (`PcosRequest`, `CycleRequest`, `SymptomRequest`), and returns a fixed
answer: what the server, FastAPI and the body's validation cost, with no prediction and
no production feature (key, rate limit, log line, metrics, ledger, CORS). The trivial
floor (trivial.py) ignores its body; a service route is compared with this one.

The batch floor validates each item of a PCOS batch with `PcosRequest`, as the service
does, and writes back for each item the PCOS answer of docs/API.md's example (3.6 KB, the
service's answers are 3.8 KB): what a batch costs before anything is predicted, when its
answer has the service's size and shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import orjson
from fastapi import FastAPI
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from fembalance_ml.config_groups import BatchSettings
from fembalance_ml.cycle.schemas import CycleRequest
from fembalance_ml.pcos.schemas import PcosRequest
from fembalance_ml.symptoms.schemas import SymptomRequest

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
ANSWER: dict[str, object] = {"risk_score": 0.5, "risk_level": "Medium", "model_version": "fair"}
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "fembalance_ml" / "api" / "examples.json"
# One batch item's answer: the documented PCOS answer, named as a batch names its items.
BATCH_ITEM: dict[str, Any] = {
    "model_name": "pcos",
    **json.loads(EXAMPLES.read_text())["answers"]["pcos"],
}
# The service's default BATCH_MAX_ITEMS.
BATCH_MAX_ITEMS: int = BatchSettings.model_fields["max_items"].default


class PcosItem(BaseModel):
    """One batch item: a PCOS request as the service's batch takes it."""

    model_config = ConfigDict(extra="forbid")

    model_name: Literal["pcos"]
    input: PcosRequest


class PcosBatch(BaseModel):
    """A batch of PCOS items, at most as many as the service takes by default."""

    model_config = ConfigDict(extra="forbid")

    requests: list[PcosItem] = Field(min_length=1, max_length=BATCH_MAX_ITEMS)


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


@app.post("/api/v1/predict/batch")
async def batch(body: PcosBatch) -> Response:
    """Each item validated, then the example answer for each, encoded as one JSON body."""
    answer = orjson.dumps({"predictions": [BATCH_ITEM] * len(body.requests)})
    return Response(answer, media_type="application/json")
