"""Input checks of the cycle request."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from fembalance_ml.cycle.schemas import CycleRequest


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "cycles": [{"start_date": "2026-01-03"}, {"start_date": "2026-01-31"}],
        "as_of": "2026-02-10",
    }
    body.update(overrides)
    return body


def test_duplicates_merged_and_sorted() -> None:
    request = CycleRequest.model_validate(
        _body(
            cycles=[
                {"start_date": "2026-01-31"},
                {"start_date": "2026-01-03"},
                {"start_date": "2026-01-31", "period_length_days": 4},
            ]
        )
    )
    assert [c.start_date for c in request.cycles] == [date(2026, 1, 3), date(2026, 1, 31)]
    assert request.cycles[1].period_length_days == 4
    assert request.horizon_cycles == 3


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cycles": [{"start_date": "2026-02-30"}]}, "not a date"),
        ({"cycles": [{"start_date": "03/01/2026"}]}, "not a date"),
        ({"as_of": "yesterday"}, "not a date"),
        ({"as_of": "2026-01-20"}, "after as_of"),
        (
            {"cycles": [{"start_date": "2026-01-03"}, {"start_date": "2026-01-08"}]},
            "only 5 days apart",
        ),
        ({"horizon_cycles": 0}, "horizon_cycles"),
        ({"horizon_cycles": 13}, "horizon_cycles"),
        ({"cycles": []}, "at least 1"),
        ({"unknown": 1}, "Extra inputs"),
        ({"age": "29"}, "valid number"),
        ({"horizon_cycles": "3"}, "valid integer"),
    ],
)
def test_invalid_inputs_are_rejected(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CycleRequest.model_validate(_body(**overrides))


def test_more_than_a_thousand_cycles_rejected() -> None:
    cycles = [{"start_date": date.fromordinal(700_000 + 28 * i).isoformat()} for i in range(1001)]
    with pytest.raises(ValidationError, match="at most 1000"):
        CycleRequest.model_validate({"cycles": cycles})
    assert len(CycleRequest.model_validate({"cycles": cycles[:1000]}).cycles) == 1000
