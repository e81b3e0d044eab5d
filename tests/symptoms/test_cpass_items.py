"""C-PASS item-level rules, each threshold just below and at its value."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from fembalance_ml.symptoms.cpass import cpass
from tests.symptoms.cpass_builders import FLAT, cycle_rows, table

ITEM = 7  # anger_irritability, a core item
SIX = ((6.0,) + (1.0,) * 6, FLAT)  # item 20 sets the subject's top to 6 (range 5)


def item_row(pre: tuple[float | None, ...], post: tuple[float | None, ...]) -> pd.Series:
    """The item table row of ITEM for a one-cycle subject whose scale range is 5."""
    frame = table(cycle_rows(1, 1, {ITEM: (pre, post), 20: SIX}))
    items = cpass(frame).items
    return items[items["item"] == ITEM].iloc[0]


def na(n: int) -> tuple[None, ...]:
    return (None,) * n


def test_four_rated_days_per_window_are_needed() -> None:
    three = item_row((5, 5, 5, *na(4)), FLAT)
    four = item_row((5, 5, 5, 5, *na(3)), FLAT)
    assert not three["at_least_n_obs"]
    assert math.isnan(three["meets_pmdd"])
    assert math.isnan(three["meets_pme"])
    assert four["meets_pmdd"] == 1.0


def test_post_window_needs_four_rated_days_too() -> None:
    assert math.isnan(item_row((5,) * 7, (1, 1, 1, *na(4)))["meets_pmdd"])
    assert item_row((5,) * 7, (1, 1, 1, 1, *na(3)))["meets_pmdd"] == 1.0


def test_premenstrual_maximum_must_reach_four() -> None:
    below = item_row((3,) * 7, FLAT)
    assert below["max_sev_pre"] == 3
    assert below["percent_change"] >= 30
    assert below["meets_pmdd"] == 0.0
    assert item_row((4, 4, 3, 3, 3, 3, 3), FLAT)["meets_pmdd"] == 1.0


def test_two_high_days_are_needed() -> None:
    one = item_row((6, 3, 3, 3, 3, 3, 3), FLAT)
    assert one["n_days_high_score"] == 1
    assert one["meets_pmdd"] == 0.0
    assert item_row((6, 4, 3, 3, 3, 3, 3), FLAT)["meets_pmdd"] == 1.0


def test_thirty_percent_is_inclusive() -> None:
    at = item_row((4, 4, 1, 1, *na(3)), (1, 1, 1, 1, *na(3)))
    assert at["percent_change"] == 30.0
    assert at["meets_pmdd"] == 1.0


def test_floating_point_just_below_thirty_fails() -> None:
    below = item_row((1, 3, 5, 1, 1, 5, None), (2, 1, 1, 1, 1, 1, None))
    assert below["percent_change"] == 29.999999999999993
    assert below["meets_pmdd"] == 0.0
    assert below["meets_pme"] == 0.0


def test_clearance_needs_post_maximum_below_four() -> None:
    cleared = item_row((5,) * 7, (3, 1, 1, 1, 1, 1, 1))
    not_cleared = item_row((5,) * 7, (4, 1, 1, 1, 1, 1, 1))
    assert cleared["meets_pmdd"] == 1.0
    assert not_cleared["meets_pmdd"] == 0.0
    assert not_cleared["meets_pme"] == 1.0


def test_empty_post_window_counts_as_four() -> None:
    row = item_row((5,) * 7, na(7))
    assert row["max_sev_post"] == 4
    assert math.isnan(row["meets_pmdd"])


def test_scale_range_is_the_subjects_own_maximum_minus_one() -> None:
    # Without the 6 on item 20, the top is 4 (range 3): a 1-point change is 33%.
    frame = table(cycle_rows(1, 1, {ITEM: ((4, 4, 2, 2, 2, 2, 2), FLAT)}))
    row = cpass(frame).items.query("item == @ITEM").iloc[0]
    assert row["percent_change"] == pytest.approx((18 / 7 - 1) / 3 * 100)


def test_range_spans_all_cycles_of_the_subject() -> None:
    first = cycle_rows(1, 1, {ITEM: ((4, 4, 1, 1, 1, 1, 1), FLAT)})
    second = cycle_rows(1, 2, {ITEM: ((6,) + (1,) * 6, FLAT)})
    items = cpass(table(first, second)).items
    row = items[(items["cycle"] == 1) & (items["item"] == ITEM)].iloc[0]
    assert row["percent_change"] == pytest.approx((13 / 7 - 1) / 5 * 100)


def test_all_ones_subject_does_not_crash_and_meets_nothing() -> None:
    items = cpass(table(cycle_rows(1, 1, {ITEM: (FLAT, FLAT)}))).items
    assert (items["meets_pmdd"].dropna() == 0.0).all()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [("score", 7.0, "scores"), ("item", 25, "items"), ("day", 0, "day 0")],
)
def test_input_outside_the_package_domain_is_refused(
    column: str, value: float, message: str
) -> None:
    frame = table(cycle_rows(1, 1, {ITEM: (FLAT, FLAT)}))
    frame.loc[0, column] = value
    with pytest.raises(ValueError, match=message):
        cpass(frame)


def test_days_outside_the_windows_are_dropped() -> None:
    frame = table(cycle_rows(1, 1, {ITEM: ((4, 4, 1, 1, 1, 1, 1), FLAT)}))
    extra = pd.DataFrame([{"subject": 1, "cycle": 1, "day": 2, "item": ITEM, "score": 6.0}])
    items = cpass(pd.concat([frame, extra], ignore_index=True)).items
    assert items.query("item == @ITEM").iloc[0]["max_sev_pre"] == 4
