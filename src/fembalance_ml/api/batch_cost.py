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
from typing import Final

from fembalance_ml.serving.spec import ItemCost

__all__ = ["MALFORMED_ITEM", "ItemCost", "batch_cost", "item_cost"]

# Each model's weight is declared in its spec (`ModelSpec.cost`, e.g. pcos/spec.py), with
# the measurement behind it; re-measure when a model's serving path changes speed. The
# app's served models give them by batch `model_name` (ModelRegistry.costs).

# Unknown models and malformed items: refused in their slot, cheaply.
MALFORMED_ITEM: Final = ItemCost(1.0)


def item_cost(raw: object, costs: Mapping[str, ItemCost]) -> float:
    """The estimated cost of one raw batch item (a parsed JSON value), each model's item
    weighing its `costs` entry (by batch `model_name`)."""
    if type(raw) is dict and type(raw.get("input")) is dict:
        # Parsed JSON, the common case: no abstract-class checks.
        name = raw.get("model_name")
        known = costs.get(name) if type(name) is str else None
        return MALFORMED_ITEM.base if known is None else known.of(raw["input"])
    if not isinstance(raw, Mapping):
        return MALFORMED_ITEM.base
    name = raw.get("model_name")
    cost = costs.get(name) if isinstance(name, str) else None
    item_input = raw.get("input")
    if cost is None or not isinstance(item_input, Mapping):
        return MALFORMED_ITEM.base
    return cost.of(item_input)


def batch_cost(items: Sequence[object], costs: Mapping[str, ItemCost]) -> int:
    """The estimated cost of a whole batch, rounded up to a whole unit."""
    return math.ceil(sum(item_cost(raw, costs) for raw in items))
