"""Red-flag rules against the clinical vignettes."""

from __future__ import annotations

import pytest

from fembalance_ml.symptoms.red_flag_rules import RULES, red_flags, rules_metadata
from tests.symptoms.vignettes import VIGNETTES, Vignette, healthy_entries


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.name for v in VIGNETTES])
def test_vignette_raises_exactly_its_flags(vignette: Vignette) -> None:
    request = vignette.request()
    codes = {flag.code for flag in red_flags(request.cycles, request.logs)}
    assert codes == vignette.expected


def test_every_rule_has_a_vignette_that_flags_it_and_one_that_does_not() -> None:
    flagged = {code for v in VIGNETTES for code in v.expected}
    assert flagged == {rule.code for rule in RULES}
    assert any(not v.expected for v in VIGNETTES[1:])


def test_the_healthy_base_really_logs_symptoms() -> None:
    assert len(healthy_entries()) > 80


def test_evidence_names_dates_and_guidance_names_its_source() -> None:
    vignette = next(v for v in VIGNETTES if v.name == "spotting mid-cycle, twice")
    request = vignette.request()
    (flag,) = red_flags(request.cycles, request.logs)
    assert flag.evidence == ["bleeding logged between periods in 2 cycles (2025-03-16, 2025-06-08)"]
    assert "NICE NG88" in flag.guidance
    assert "FIGO" in flag.source


def test_prolonged_evidence_says_where_the_length_came_from() -> None:
    vignette = next(v for v in VIGNETTES if v.name == "9 days of bleeding logs, twice")
    request = vignette.request()
    (flag,) = red_flags(request.cycles, request.logs)
    assert all("lasted 9 days (bleeding logs)" in line for line in flag.evidence)


def test_rule_metadata_lists_sources_and_thresholds() -> None:
    listed = rules_metadata()
    assert [r["code"] for r in listed] == [rule.code for rule in RULES]
    assert all(r["source"] and r["threshold"] for r in listed)
