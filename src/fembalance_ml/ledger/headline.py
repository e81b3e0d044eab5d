"""The headline of an answer: what the ledger keeps of it, as a tuple of its columns.

The columns, in order: pcos_score, pcos_level, cycle_start, cycle_earliest, cycle_latest,
symptoms_screen (None where the model does not set them).

A fresh answer's headline is read off the answer object (a few attribute reads); a cached
answer is only JSON, parsed once per distinct body and remembered, since every hit on one
cache entry hands the writer the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import orjson
from pydantic import BaseModel

Headline = tuple[float | None, str | None, date | None, date | None, date | None, str | None]
HEADLINE_COLUMNS = (
    "pcos_score",
    "pcos_level",
    "cycle_start",
    "cycle_earliest",
    "cycle_latest",
    "symptoms_screen",
)
# Most distinct cached bodies whose headline the reader remembers before starting afresh.
BODY_MEMORY = 1024


def _pcos(answer: Any) -> Headline:
    return (float(answer.risk_score), str(answer.risk_level), None, None, None, None)


def _cycle(answer: Any) -> Headline:
    interval = answer.prediction_interval
    return (None, None, answer.predicted_start_date, interval.earliest, interval.latest, None)


def _symptoms(answer: Any) -> Headline:
    return (None, None, None, None, None, str(answer.pmdd_screen.result))


def _pcos_json(answer: dict[str, Any]) -> Headline:
    return (float(answer["risk_score"]), str(answer["risk_level"]), None, None, None, None)


def _cycle_json(answer: dict[str, Any]) -> Headline:
    interval = answer["prediction_interval"]
    return (
        None,
        None,
        date.fromisoformat(answer["predicted_start_date"]),
        date.fromisoformat(interval["earliest"]),
        date.fromisoformat(interval["latest"]),
        None,
    )


def _symptoms_json(answer: dict[str, Any]) -> Headline:
    return (None, None, None, None, None, str(answer["pmdd_screen"]["result"]))


# By models-tree name: (reader of the answer object, reader of its JSON).
HEADLINES: dict[str, tuple[Callable[[Any], Headline], Callable[[dict[str, Any]], Headline]]] = {
    "pcos": (_pcos, _pcos_json),
    "cycle_prediction": (_cycle, _cycle_json),
    "symptom_analysis": (_symptoms, _symptoms_json),
}


def headline(model: str, answer: bytes | BaseModel) -> Headline:
    """The ledger's headline columns of one answer; nothing else of the answer."""
    from_object, from_json = HEADLINES[model]
    if isinstance(answer, BaseModel):
        return from_object(answer)
    return from_json(orjson.loads(answer))


class HeadlineReader:
    """`headline`, remembering the headline of each recent cached body (one thread's use)."""

    def __init__(self, memory: int = BODY_MEMORY) -> None:
        self._memory = memory
        self._bodies: dict[tuple[str, bytes], Headline] = {}

    def __call__(self, model: str, answer: bytes | BaseModel) -> Headline:
        if isinstance(answer, BaseModel):
            return HEADLINES[model][0](answer)
        key = (model, answer)
        known = self._bodies.get(key)
        if known is None:
            if len(self._bodies) >= self._memory:
                self._bodies.clear()
            known = self._bodies[key] = HEADLINES[model][1](orjson.loads(answer))
        return known
