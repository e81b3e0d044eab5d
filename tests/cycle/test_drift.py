"""Request-level drift numbers of cycle requests, and their training reference."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fembalance_ml.cycle.drift import DRIFT_INPUTS, drift_inputs, history_numbers, training_columns
from fembalance_ml.cycle.schemas import CycleRequest
from fembalance_ml.monitoring.drift import Reference, psi, references_of
from fembalance_ml.training.cycle.fitting import Examples


def _request(starts: list[str], age: float | None = None) -> CycleRequest:
    body: dict[str, object] = {"cycles": [{"start_date": start} for start in starts]}
    if age is not None:
        body["age"] = age
    return CycleRequest.model_validate(body)


def test_numbers_of_a_request_come_from_its_sorted_starts() -> None:
    request = _request(["2026-03-29", "2026-01-01", "2026-01-29", "2026-02-28"], age=31.0)
    numbers = drift_inputs(request)
    assert numbers == {
        "cycles_logged": 3.0,  # lengths 28, 30, 29
        "last_cycle_length": 29.0,
        "mean_last_3": 29.0,
        "spread_last_6": pytest.approx(float(np.std([28, 30, 29]))),
        "age": 31.0,
    }


def test_numbers_a_short_request_lacks_are_left_out() -> None:
    assert drift_inputs(_request(["2026-01-01"])) == {"cycles_logged": 0.0}
    one = drift_inputs(_request(["2026-01-01", "2026-01-27"]))
    assert one == {"cycles_logged": 1.0, "last_cycle_length": 26.0, "mean_last_3": 26.0}
    assert set(history_numbers([28, 29], age=float("nan"))) == {
        "cycles_logged",
        "last_cycle_length",
        "mean_last_3",
        "spread_last_6",
    }


def test_training_reference_covers_every_number(examples: Examples) -> None:
    columns = training_columns(list(examples.history), examples.age)
    assert set(columns) == set(DRIFT_INPUTS)
    assert all(len(values) == examples.target.size for values in columns.values())
    assert math.isnan(columns["last_cycle_length"][0])  # a sequence's first cycle has no history
    reference = {name: Reference.from_json(spec) for name, spec in references_of(columns).items()}
    # The training histories against themselves: no drift; a shifted population: drift.
    lengths = np.asarray(columns["last_cycle_length"], dtype=float)
    lengths = lengths[~np.isnan(lengths)]
    same = reference["last_cycle_length"].shares_of(lengths)
    shifted = reference["last_cycle_length"].shares_of(lengths + 6.0)
    expected = reference["last_cycle_length"].shares
    assert psi(expected, same) < 0.01
    assert psi(expected, shifted) > 0.25
