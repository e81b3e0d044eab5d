"""The floor: a FastAPI POST route that ignores its body and returns a small dict."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/health")
async def health() -> dict[str, str]:
    """Readiness probe for the bench script."""
    return {"status": "ok"}


@app.post("/api/v1/predict/pcos")
async def predict() -> dict[str, object]:
    """A fixed answer: what the server and framework cost with no work at all."""
    return {"risk_score": 0.5, "risk_level": "Medium", "model_version": "trivial"}
