"""C-PASS domain, cycle and subject rules, and the known facts of the cpass data."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from fembalance_ml.config import get_settings
from fembalance_ml.symptoms.cpass import cpass
from fembalance_ml.training.symptoms.dataset import load_cpass_data
from tests.symptoms.cpass_builders import FLAT, STRONG, cycle_rows, strong_cycle, table


def cycles_of(frame: pd.DataFrame) -> pd.DataFrame:
    return cpass(frame).cycles


def test_domain_is_na_only_when_all_its_items_are_na() -> None:
    sparse = ((5, 5, 5) + (None,) * 4, FLAT)  # 3 rated days: item NA
    frame = table(cycle_rows(1, 1, {1: sparse, 2: sparse, 3: STRONG, 4: sparse}))
    domains = cpass(frame).domains.set_index("domain")
    assert domains.loc["DEPRESSION", "meets_pmdd"] == 1.0
    assert math.isnan(domains.loc["ANXIETY", "meets_pmdd"])


def test_headache_and_interference_items_count_toward_no_domain() -> None:
    frame = table(cycle_rows(1, 1, {4: STRONG, 20: STRONG, 22: STRONG, 23: STRONG, 24: STRONG}))
    result = cpass(frame)
    assert result.cycles.iloc[0]["n_domains"] == 1
    assert (result.items.set_index("item").loc[[20, 22], "meets_pmdd"] == 1.0).all()


@pytest.mark.parametrize(("rated_days", "included"), [(3, False), (4, True)])
def test_cycle_needs_four_rated_days_in_each_window(rated_days: int, included: bool) -> None:
    pre = (5,) * rated_days + (None,) * (7 - rated_days)
    frame = table(cycle_rows(1, 1, {1: (pre, FLAT), 9: (pre, FLAT)}))
    assert bool(cycles_of(frame).iloc[0]["included"]) is included


@pytest.mark.parametrize(("n_domains", "dx"), [(4, "MRMD"), (5, "PMDD")])
def test_criterion_b_needs_five_domains(n_domains: int, dx: str) -> None:
    assert cycles_of(table(strong_cycle(1, 1, n_domains))).iloc[0]["dx"] == dx


def test_no_core_domain_means_no_criterion_a() -> None:
    """Six secondary domains but no core one: not PMDD or MRMD; the PME flag takes it."""
    items = dict.fromkeys((9, 10, 11, 12, 14, 16), STRONG)
    items.update(dict.fromkeys((1, 4, 5, 7), (FLAT, FLAT)))
    cycle = cycles_of(table(cycle_rows(1, 1, items))).iloc[0]
    assert cycle["criterion_a"] == 0.0
    assert cycle["n_domains"] == 6
    assert cycle["criterion_b"]  # B alone does not make PMDD
    assert cycle["dx"] == "PME"


@pytest.mark.parametrize(("n_domains", "dx"), [(4, "no diagnosis"), (5, "PME")])
def test_pme_needs_five_domains_without_clearance_and_no_core(n_domains: int, dx: str) -> None:
    unclear = ((5,) * 7, (4,) + (1,) * 6)
    items = dict.fromkeys((9, 10, 11, 12, 14)[:n_domains], unclear)
    items.update(dict.fromkeys((1, 4, 5, 7), (FLAT, FLAT)))
    assert cycles_of(table(cycle_rows(1, 1, items))).iloc[0]["dx"] == dx


def test_core_domains_all_na_make_criterion_a_na() -> None:
    frame = table(cycle_rows(1, 1, {9: STRONG, 10: STRONG}))
    assert math.isnan(cycles_of(frame).iloc[0]["criterion_a"])


def subject(frame: pd.DataFrame) -> pd.Series:
    return cpass(frame).subjects.iloc[0]


def test_one_included_cycle_gives_na() -> None:
    row = subject(table(strong_cycle(1, 1, 11)))
    assert row["dx"] is None
    assert row["n_pmdd"] is None or math.isnan(row["n_pmdd"])


def test_zero_included_cycles_fall_through_to_no_diagnosis() -> None:
    sparse = ((5, 5, 5) + (None,) * 4, FLAT)
    assert (
        subject(table(cycle_rows(1, 1, {1: sparse}), cycle_rows(1, 2, {1: sparse})))["dx"]
        == "no diagnosis"
    )


@pytest.mark.parametrize(
    ("pmdd_cycles", "quiet_cycles", "dx"),
    [(1, 1, "MRMD"), (2, 2, "PMDD"), (2, 3, "no diagnosis")],
)
def test_label_needs_two_cycles_and_half_of_them(
    pmdd_cycles: int, quiet_cycles: int, dx: str
) -> None:
    """1 of 2 PMDD cycles is not PMDD; 2 of 4 (0.5) is; 2 of 5 (0.4) is not."""
    cycles = [strong_cycle(1, k, 11) for k in range(1, pmdd_cycles + 1)]
    cycles += [strong_cycle(1, 10 + k, 0) for k in range(quiet_cycles)]
    if dx == "MRMD":  # 1 PMDD + 1 MRMD cycle: A holds twice, B once
        cycles = [strong_cycle(1, 1, 11), strong_cycle(1, 2, 1)]
    assert subject(table(*cycles))["dx"] == dx


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return load_cpass_data(Path(get_settings().models.data_dir))


def test_real_data_counts(real: pd.DataFrame) -> None:
    result = cpass(real)
    assert len(result.subjects) == 20
    assert len(result.cycles) == 37
    counts = result.subjects["dx"].fillna("NA").value_counts().to_dict()
    assert counts == {"no diagnosis": 8, "NA": 5, "PMDD": 3, "MRMD": 3, "PME": 1}
    assert result.cycles["dx"].value_counts().to_dict() == {
        "PMDD": 14,
        "no diagnosis": 13,
        "MRMD": 9,
        "PME": 1,
    }


def test_subject_158_cycle_2_item_15_fails_at_29_999999999999993(real: pd.DataFrame) -> None:
    result = cpass(real)
    item = result.items.set_index(["subject", "cycle", "item"]).loc[(158, 2, 15)]
    assert item["percent_change"] == 29.999999999999993
    assert item["meets_pmdd"] == 0.0
    cycle = result.cycles.set_index(["subject", "cycle"]).loc[(158, 2)]
    assert cycle["dx"] == "PMDD"
    assert cycle["n_domains"] == 7


def test_subject_2_cycle_2_item_8_is_exactly_30_and_fails_otherwise(real: pd.DataFrame) -> None:
    item = cpass(real).items.set_index(["subject", "cycle", "item"]).loc[(2, 2, 8)]
    assert item["percent_change"] == 30.0
    assert item["max_sev_pre"] < 4
    assert item["meets_pmdd"] == 0.0
