"""What the ledger's writer queues, and the rows it makes of the queue for the database."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from fembalance_ml.ledger.headline import HeadlineReader
from fembalance_ml.ledger.repository import Row
from fembalance_ml.platform.clock import SecondText
from fembalance_ml.platform.privacy import Pseudonymizer

# Most pseudonyms the writer remembers (user id -> keyed HMAC) before starting afresh.
PSEUDONYM_MEMORY = 4096


@dataclass(frozen=True)
class WriterSettings:
    """What the writer needs from Settings."""

    queue_items: int
    batch_items: int
    flush_seconds: float
    retention_days: int
    sweep_seconds: float


# One queued answer, a plain tuple (the cheapest record to build on the hot path):
# (prediction_id, model, version, group, user_id, created_at as time.time(), body, shadow_of)
Pending = tuple[str, str, str, str | None, str | None, float, bytes | BaseModel, str | None]


class RowMaker:
    """Turns queued answers into rows of plain values in the insert's column order.

    Used by the writer's thread only: it remembers pseudonyms and cached bodies' headlines,
    and formats each second's time text once.
    """

    def __init__(self, keys: Pseudonymizer) -> None:
        self._keys = keys
        self._pseudonyms: dict[str, str | None] = {}
        self._headline = HeadlineReader()
        # The ledger's time text: naive UTC, "2026-11-29 13:40:00.123456".
        self._time_text = SecondText(" ")

    def __call__(self, batch: list[Pending]) -> list[Row]:
        pseudonym = self._pseudonym
        headline = self._headline
        time_text = self._time_text
        return [
            (
                prediction_id,
                model,
                version,
                group,
                pseudonym(user_id),
                time_text(created_at),
                *headline(model, body),
                shadow_of,
            )
            for prediction_id, model, version, group, user_id, created_at, body, shadow_of in batch
        ]

    def _pseudonym(self, user_id: str | None) -> str | None:
        # People predict again and again: remember recent pseudonyms instead of recomputing.
        if user_id is None:
            return None
        known = self._pseudonyms.get(user_id)
        if known is None:
            if len(self._pseudonyms) >= PSEUDONYM_MEMORY:
                self._pseudonyms.clear()
            known = self._pseudonyms[user_id] = self._keys.user(user_id)
        return known
