"""The level rules: the floor, the cap and the no-signs rule, one case either side of each."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from fembalance_ml.pcos.features import OVARIAN_MORPHOLOGY, SYMPTOMS
from fembalance_ml.pcos.levels import (
    RiskLevel,
    capped_for_criteria,
    level_for,
    no_signs,
    reachable_criteria,
)
from fembalance_ml.pcos.schemas import Criteria


def criteria(od: bool | None, ha: bool | None, pcom: bool | None) -> Criteria:
    return Criteria(
        ovulatory_dysfunction=od, hyperandrogenism=ha, polycystic_ovarian_morphology=pcom
    )


def symptoms(**given: Any) -> Any:
    markers = dict.fromkeys(OVARIAN_MORPHOLOGY)
    return SimpleNamespace(**{**dict.fromkeys(SYMPTOMS, False), **markers, **given})


@pytest.mark.parametrize(
    ("given", "adolescent", "expected"),
    [
        (criteria(False, False, True), False, 1),  # 25/25 follicles, normal T, regular
        (criteria(False, True, False), False, 1),  # 19/19 follicles and hirsutism
        (criteria(False, None, False), False, 1),  # 15/15 follicles, nothing else
        (criteria(False, None, True), False, 2),  # testosterone unknown: could still be 2
        (criteria(None, None, None), False, 3),
        (criteria(True, True, True), False, 3),
        (criteria(False, True, None), True, 1),  # adolescent: PCOM is never used
        (criteria(None, True, None), True, 2),
    ],
)
def test_reachable_counts_met_and_unknown(given: Criteria, adolescent: bool, expected: int) -> None:
    assert reachable_criteria(given, adolescent) == expected


@pytest.mark.parametrize(
    ("level", "given", "adolescent", "expected"),
    [
        ("High", criteria(False, False, True), False, "Medium"),
        ("High", criteria(False, True, False), False, "Medium"),
        ("High", criteria(False, None, True), False, "High"),  # HA unknown: may reach 2
        ("High", criteria(True, True, None), False, "High"),
        ("High", criteria(False, True, None), True, "Medium"),  # adolescent, regular cycles
        ("Medium", criteria(False, False, False), False, "Medium"),  # the cap never raises
        ("Low", criteria(False, False, False), False, "Low"),
    ],
)
def test_the_cap(level: RiskLevel, given: Criteria, adolescent: bool, expected: str) -> None:
    assert capped_for_criteria(level, given, adolescent) == expected


def test_no_signs_needs_no_symptom_no_criterion_and_regular_cycles() -> None:
    regular = criteria(False, None, None)
    assert no_signs(symptoms(), regular, 0, adolescent=False)
    assert not no_signs(symptoms(acne=True), regular, 0, adolescent=True)  # acne is a sign
    assert not no_signs(symptoms(), criteria(True, None, None), 1, adolescent=False)
    # Cycles not assessable (on the pill, after a birth): nothing says "no signs".
    assert not no_signs(symptoms(), criteria(None, None, None), 0, adolescent=False)
    assert not no_signs(symptoms(), criteria(False, True, None), 1, adolescent=False)


def test_no_signs_waits_for_an_unresolved_ovarian_marker() -> None:
    amh_only = symptoms(amh_ng_ml=12.0)
    assert not no_signs(amh_only, criteria(False, None, None), 0, adolescent=False)
    # Morphology assessed negative, or not used (adolescent): no marker is left open.
    assert no_signs(symptoms(amh_ng_ml=12.0), criteria(False, None, False), 0, adolescent=False)
    assert no_signs(amh_only, criteria(False, None, None), 0, adolescent=True)


@pytest.mark.parametrize(
    ("band", "given", "met", "person", "expected"),
    [
        ("Medium", criteria(False, None, None), 0, symptoms(), "Low"),  # healthy 16-year-old
        ("High", criteria(False, None, False), 0, symptoms(), "Low"),  # 15/15 follicles
        ("Low", criteria(True, True, None), 2, symptoms(irregular_periods=True), "Medium"),
        ("High", criteria(False, False, True), 1, symptoms(), "Medium"),
        ("High", criteria(True, True, True), 3, symptoms(acne=True), "High"),
        ("Medium", criteria(True, None, None), 1, symptoms(), "Medium"),
    ],
)
def test_level_for(band: RiskLevel, given: Criteria, met: int, person: Any, expected: str) -> None:
    assert level_for(band, person, given, met, adolescent=False) == expected
