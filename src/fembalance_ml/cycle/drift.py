"""Request-level numbers of a cycle prediction request, watched for input drift.

The same numbers are computed for every training history (each cycle's earlier cycles in
its sequence) and stored as metadata.json's `drift_reference` at training, so serving can
compare the histories it is sent with the ones the model learned from.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import numpy.typing as npt

from fembalance_ml.cycle.schemas import CycleRequest

RECENT = 6
DRIFT_INPUTS = (
    "cycles_logged",
    "last_cycle_length",
    "mean_last_3",
    "spread_last_6",
    "age",
)


def history_numbers(lengths: npt.ArrayLike, age: float | None) -> dict[str, float]:
    """The drift numbers of a history of cycle lengths (oldest first); absent ones left out.

    `cycles_logged` counts complete cycles (starts minus one); the level and spread need one
    and two of them; `spread_last_6` is the standard deviation of the last six lengths.
    """
    values = np.asarray(lengths, dtype=float)
    numbers = {"cycles_logged": float(values.size)}
    if values.size >= 1:
        numbers["last_cycle_length"] = float(values[-1])
        numbers["mean_last_3"] = float(np.mean(values[-3:]))
    if values.size >= 2:
        numbers["spread_last_6"] = float(np.std(values[-RECENT:]))
    if age is not None and math.isfinite(age):
        numbers["age"] = float(age)
    return numbers


def drift_inputs(request: CycleRequest) -> dict[str, float]:
    """The drift numbers of a validated request (its starts are merged and sorted)."""
    starts = [entry.start_date for entry in request.cycles]
    lengths = [(later - earlier).days for earlier, later in itertools.pairwise(starts)]
    return history_numbers(lengths, request.age)


def training_columns(
    histories: list[npt.NDArray[np.float64]], ages: npt.ArrayLike
) -> dict[str, list[float]]:
    """Each drift number over the training histories, NaN where a history lacks it."""
    values = np.asarray(ages, dtype=float)
    columns: dict[str, list[float]] = {name: [] for name in DRIFT_INPUTS}
    for history, age in zip(histories, values, strict=True):
        numbers = history_numbers(history, None if np.isnan(age) else float(age))
        for name in DRIFT_INPUTS:
            columns[name].append(numbers.get(name, math.nan))
    return columns
