"""The headline of an answer: what the ledger keeps of it, as a tuple of its columns.

The columns, in order: pcos_score, pcos_level, cycle_start, cycle_earliest, cycle_latest,
symptoms_screen (None where the model does not set them).

Each model's spec says how to read its columns (`ModelSpec.ledger`, serving/spec.py).
A fresh answer's headline is read off the answer object (a few attribute reads); a cached
answer is only JSON, parsed once per distinct body and remembered, since every hit on one
cache entry hands the writer the same bytes.
"""

from __future__ import annotations

import orjson
from pydantic import BaseModel

from fembalance_ml.serving.registry import BY_NAME
from fembalance_ml.serving.spec import LedgerHeadline

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


def headline(model: str, answer: bytes | BaseModel) -> LedgerHeadline:
    """The ledger's headline columns of one answer; nothing else of the answer."""
    columns = BY_NAME[model].ledger
    if isinstance(answer, BaseModel):
        return columns.of_answer(answer)
    return columns.of_json(orjson.loads(answer))


class HeadlineReader:
    """`headline`, remembering the headline of each recent cached body (one thread's use)."""

    def __init__(self, memory: int = BODY_MEMORY) -> None:
        self._memory = memory
        self._bodies: dict[tuple[str, bytes], LedgerHeadline] = {}

    def __call__(self, model: str, answer: bytes | BaseModel) -> LedgerHeadline:
        if isinstance(answer, BaseModel):
            return BY_NAME[model].ledger.of_answer(answer)
        key = (model, answer)
        known = self._bodies.get(key)
        if known is None:
            if len(self._bodies) >= self._memory:
                self._bodies.clear()
            known = self._bodies[key] = BY_NAME[model].ledger.of_json(orjson.loads(answer))
        return known
