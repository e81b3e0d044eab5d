"""The headline of an answer: what the ledger keeps of it, as the text of a JSON object.

Each model's spec declares its headline fields (`ModelSpec.ledger`, serving/ledger_spec.py);
the ledger stores the ones that are set as one JSON object (`predictions.headline`), or
NULL when none is. A fresh answer's headline is read off the answer (a few attribute
reads, or a columnar batch item's dict) before it is queued, so that the queue holds a
string rather than the answer's objects; a cached answer is only JSON, which the writer's
thread parses once per distinct body and remembers, since every hit on one cache entry
hands it the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from pydantic import BaseModel

from fembalance_ml.serving.ledger_spec import HeadlineValues
from fembalance_ml.serving.spec import ModelSpec

# The served models by name, as the ledger reads their headline, outcome and loss; handed
# to the ledger when it is built (ledger/setup.py).
ModelsByName = Mapping[str, ModelSpec[Any, Any, Any]]

# The stored headline: a JSON object's text, or None (SQL NULL) when no field is set.
HeadlineText = str | None
# Most distinct cached bodies whose headline the reader remembers before starting afresh.
BODY_MEMORY = 1024


def as_text(values: HeadlineValues) -> HeadlineText:
    """The stored form of a headline: JSON text (a date as its ISO text), None when empty."""
    return orjson.dumps(values).decode() if values else None


def headline(
    models: ModelsByName, model: str, answer: bytes | BaseModel | HeadlineText
) -> HeadlineText:
    """The ledger's headline of one answer of `models[model]`; nothing else of it (a
    headline text, or None, is one already)."""
    if answer is None or isinstance(answer, str):
        return answer
    fields = models[model].ledger
    if isinstance(answer, BaseModel):
        return as_text(fields.of_result(answer))
    return as_text(fields.of_json(orjson.loads(answer)))


class HeadlineReader:
    """`headline` of what the ledger's queue holds (a headline text, or a cached body's
    JSON), remembering each recent body's (one thread's use)."""

    def __init__(self, models: ModelsByName, memory: int = BODY_MEMORY) -> None:
        self._models = models
        self._memory = memory
        self._bodies: dict[tuple[str, bytes], HeadlineText] = {}

    def __call__(self, model: str, answer: bytes | HeadlineText) -> HeadlineText:
        if not isinstance(answer, bytes):
            return answer  # read off the answer when it was queued (`LedgerWriter.record`)
        key = (model, answer)
        if key in self._bodies:
            return self._bodies[key]
        if len(self._bodies) >= self._memory:
            self._bodies.clear()
        known = self._bodies[key] = headline(self._models, model, answer)
        return known
