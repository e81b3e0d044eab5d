"""What a batch will cost, estimated before any item is validated or predicted.

A count of items says little about the work: a PCOS item is one row through a small model,
a symptom item runs the C-PASS screen, the patterns and the forecast over every log and
cycle. The unit of cost is one PCOS item; the other items weigh what they cost in CPU
against it, as measured per item (validation, prediction and JSON together) with
`bench/batch_cost.py`. The estimate reads only the sizes of the lists in each item, from
the parsed JSON, so refusing an expensive batch costs next to nothing; an item too
malformed to read counts as one unit (it is refused cheaply in its slot later).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final


@dataclass(frozen=True)
class ItemCost:
    """Cost of one item of a model: `base` plus so much per listed cycle and log."""

    base: float
    per_cycle: float = 0.0
    per_log: float = 0.0

    def of(self, item_input: Mapping[str, Any]) -> float:
        """The estimated cost of one item's `input`."""
        return (
            self.base
            + self.per_cycle * _length(item_input.get("cycles"))
            + self.per_log * _length(item_input.get("logs"))
        )


# Measured with `python -m bench.batch_cost` (per-item process CPU, best of 3, 2026-11-29,
# on a busy 2-core machine): PCOS ~130 us an item; a cycle item ~2.2 ms plus ~45 us a
# cycle; a symptom item ~13 ms plus ~0.3 ms a cycle and 12-75 us a log (two runs; the
# larger is kept, rounded up). Re-measure when a model's serving path changes speed.
ITEM_COSTS: Final[dict[str, ItemCost]] = {
    "pcos": ItemCost(1.0),
    "cycle": ItemCost(16.0, per_cycle=0.3),
    "symptoms": ItemCost(100.0, per_cycle=2.0, per_log=0.2),
}
# Unknown models and malformed items: refused in their slot, cheaply.
MALFORMED_ITEM: Final = ItemCost(1.0)


def _length(value: object) -> int:
    return len(value) if isinstance(value, list) else 0


def item_cost(raw: object) -> float:
    """The estimated cost of one raw batch item (a parsed JSON value)."""
    if not isinstance(raw, Mapping):
        return MALFORMED_ITEM.base
    name = raw.get("model_name")
    cost = ITEM_COSTS.get(name) if isinstance(name, str) else None
    item_input = raw.get("input")
    if cost is None or not isinstance(item_input, Mapping):
        return MALFORMED_ITEM.base
    return cost.of(item_input)


def batch_cost(items: Sequence[object]) -> int:
    """The estimated cost of a whole batch, rounded up to a whole unit."""
    return math.ceil(sum(item_cost(raw) for raw in items))
