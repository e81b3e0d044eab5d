"""The headline of an answer, read from its JSON: what the ledger keeps of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import orjson
from pydantic import BaseModel

Headline = dict[str, Any]


def _pcos(answer: dict[str, Any]) -> Headline:
    return {"pcos_score": float(answer["risk_score"]), "pcos_level": str(answer["risk_level"])}


def _cycle(answer: dict[str, Any]) -> Headline:
    interval = answer["prediction_interval"]
    return {
        "cycle_start": date.fromisoformat(answer["predicted_start_date"]),
        "cycle_earliest": date.fromisoformat(interval["earliest"]),
        "cycle_latest": date.fromisoformat(interval["latest"]),
    }


def _symptoms(answer: dict[str, Any]) -> Headline:
    return {"symptoms_screen": str(answer["pmdd_screen"]["result"])}


# What the readers below use of an answer.
HEADLINE_FIELDS: dict[str, Any] = {
    "risk_score": True,
    "risk_level": True,
    "predicted_start_date": True,
    "prediction_interval": True,
    "pmdd_screen": {"result"},
}

# By models-tree name.
HEADLINES: dict[str, Callable[[dict[str, Any]], Headline]] = {
    "pcos": _pcos,
    "cycle_prediction": _cycle,
    "symptom_analysis": _symptoms,
}


def headline(model: str, answer: bytes | BaseModel) -> Headline:
    """The ledger columns of one answer's headline; nothing else of the answer.

    `answer` is the answer's JSON (a cached answer) or the answer itself; the JSON form of
    the few fields read is the same either way, so one reader serves both.
    """
    if isinstance(answer, BaseModel):
        return HEADLINES[model](_fields(answer))
    return HEADLINES[model](orjson.loads(answer))


def _fields(answer: BaseModel) -> dict[str, Any]:
    # The headline's fields only, in their JSON form: far cheaper than serializing it all.
    return answer.model_dump(mode="json", include=HEADLINE_FIELDS)
