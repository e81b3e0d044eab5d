"""The headline of an answer: what the ledger keeps of it, as a tuple of its columns.

The columns, in order: pcos_score, pcos_level, cycle_start, cycle_earliest, cycle_latest,
symptoms_screen (None where the model does not set them).

Each model's spec says how to read its columns (`ModelSpec.ledger`, serving/spec.py);
the ledger is handed the served specs by name when it is built (ledger/setup.py).
A fresh answer's headline is read off the answer object (a few attribute reads); a cached
answer is only JSON, parsed once per distinct body and remembered, since every hit on one
cache entry hands the writer the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from pydantic import BaseModel

from fembalance_ml.serving.spec import LedgerHeadline, ModelSpec

# The served models by name, as the ledger reads their headline columns, outcome and loss.
ModelsByName = Mapping[str, ModelSpec[Any, Any, Any]]

Headline = LedgerHeadline
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


def headline(models: ModelsByName, model: str, answer: bytes | BaseModel) -> Headline:
    """The ledger's headline columns of one answer of `models[model]`; nothing else."""
    columns = models[model].ledger
    if isinstance(answer, BaseModel):
        return columns.of_answer(answer)
    return columns.of_json(orjson.loads(answer))


class HeadlineReader:
    """`headline`, remembering the headline of each recent cached body (one thread's use)."""

    def __init__(self, models: ModelsByName, memory: int = BODY_MEMORY) -> None:
        self._models = models
        self._memory = memory
        self._bodies: dict[tuple[str, bytes], Headline] = {}

    def __call__(self, model: str, answer: bytes | BaseModel) -> Headline:
        if isinstance(answer, BaseModel):
            return self._models[model].ledger.of_answer(answer)
        key = (model, answer)
        known = self._bodies.get(key)
        if known is None:
            if len(self._bodies) >= self._memory:
                self._bodies.clear()
            columns = self._models[model].ledger
            known = self._bodies[key] = columns.of_json(orjson.loads(answer))
        return known
