"""Red-flag rules against the clinical vignettes."""

from __future__ import annotations

import pytest

from fembalance_ml.symptoms.red_flag_rules import (
    RULE_BY_NAME,
    RULES,
    fired_rules,
    rules_metadata,
)
from fembalance_ml.symptoms.schemas import RedFlag
from tests.symptoms.vignettes import VIGNETTES, Vignette, flags_of, healthy_entries


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.name for v in VIGNETTES])
def test_vignette_fires_exactly_its_rules(vignette: Vignette) -> None:
    flags = flags_of(vignette)
    assert {rule for flag in flags for rule in fired_rules(flag)} == vignette.expected
    assert {flag.code for flag in flags} == {RULE_BY_NAME[r].code for r in vignette.expected}
    assert len({flag.code for flag in flags}) == len(flags)  # one flag a code


def test_every_rule_has_a_vignette_that_fires_it_and_one_that_does_not() -> None:
    flagged = {name for v in VIGNETTES for name in v.expected}
    assert flagged == {rule.name for rule in RULES}
    assert any(not v.expected for v in VIGNETTES[1:])
    assert len(RULE_BY_NAME) == len(RULES)  # rule names are unique


def test_rules_of_one_code_are_contiguous_so_flags_keep_the_table_order() -> None:
    codes = [rule.code for rule in RULES]
    firsts = list(dict.fromkeys(codes))
    assert codes == [code for code in firsts for _ in range(codes.count(code))]


def test_the_healthy_base_really_logs_symptoms() -> None:
    assert len(healthy_entries()) > 80


def test_evidence_names_dates_and_guidance_names_its_source() -> None:
    vignette = next(v for v in VIGNETTES if v.name == "spotting mid-cycle, twice")
    (flag,) = flags_of(vignette)
    assert flag.evidence == ["bleeding logged between periods in 2 cycles (2025-03-16, 2025-06-08)"]
    assert "NICE NG88" in flag.guidance
    assert "FIGO" in flag.source


def test_prolonged_evidence_says_where_the_length_came_from() -> None:
    vignette = next(v for v in VIGNETTES if v.name == "9 days of bleeding logs, twice")
    (flag,) = flags_of(vignette)
    assert all("lasted 9 days (bleeding logs)" in line for line in flag.evidence)


def test_rule_metadata_lists_sources_and_thresholds() -> None:
    listed = rules_metadata()
    assert [(r["code"], r["rule"]) for r in listed] == [(rule.code, rule.name) for rule in RULES]
    assert all(r["source"] and r["threshold"] for r in listed)


def _flags_of(name: str) -> dict[str, RedFlag]:
    return {flag.code: flag for flag in flags_of(next(v for v in VIGNETTES if v.name == name))}


def test_urgent_care_says_when_to_seek_care_today() -> None:
    flag = _flags_of("five days of heavy bleeding rated 6")["urgent_care"]
    assert flag.evidence == [
        "heavy_bleeding rated 6 (extreme) on 5 day(s) (2025-06-23, "
        "2025-06-24, 2025-06-25 and 2 more)"
    ]
    for sign in ("today", "every hour", "faint", "painkillers", "pregnant", "14 days"):
        assert sign in flag.guidance
    assert "NICE NG88" in flag.source
    assert "NG126" in flag.source


def test_a_long_bleed_names_its_length_and_first_day() -> None:
    flag = _flags_of("a 20-day bleed")["urgent_care"]
    # 20 days of spotting from the onset, after the healthy base's spotting the day before.
    assert flag.evidence == ["bleeding logged on 21 consecutive days from 2025-05-25"]
    stated = _flags_of("a stated 20-day period")["urgent_care"]
    assert stated.evidence == ["period of 2025-05-26 lasted 20 days (period_length_days)"]


def test_dizziness_with_heavy_bleeding_is_urgent() -> None:
    flag = _flags_of("dizzy during heavy bleeding")["urgent_care"]
    assert flag.evidence == ["dizziness rated 4+ with heavy bleeding rated 4+ on 2025-06-25"]
    assert "anaemia" in flag.guidance


def test_crisis_support_points_to_emergency_services_and_crisis_lines_now() -> None:
    flag = _flags_of("hopelessness rated 6 for 7 days")["crisis_support"]
    assert flag.evidence[0].startswith("hopelessness or worthlessness_guilt rated 5+ (severe) on 7")
    for words in ("emergency services", "crisis line", "now", "local emergency number"):
        assert words in flag.guidance
    # Every number is said with where it applies.
    for number, where in (("112", "European Union"), ("999", "UK"), ("988", "US and Canada")):
        assert f"{number} ({where}" in flag.guidance


def test_postcoital_bleeding_mentions_cervical_screening() -> None:
    flag = _flags_of("bleeding after sex, once")["postcoital_bleeding"]
    assert flag.evidence == ["bleeding_after_sex logged on 2025-04-11"]
    assert "cervical screening" in flag.guidance
    assert "Post-coital bleeding" in flag.source


def test_visible_blood_says_when_it_came_with_periods() -> None:
    flags = _flags_of("blood in urine with periods, twice")
    assert flags["blood_in_urine"].evidence == [
        "blood_in_urine logged on 2 day(s) (2025-03-04, 2025-05-27), 2 of them during or just "
        "before a period"
    ]
    assert any(
        "blood_in_urine rated 3+ around a period in 2 cycles" in line
        for line in flags["suspected_endometriosis"].evidence
    )
    once = _flags_of("rectal bleeding mid-cycle, once")["rectal_bleeding"]
    assert "during or just before" not in once.evidence[0]


def test_chronic_pelvic_pain_counts_only_non_period_days_in_separate_months() -> None:
    flag = _flags_of("pelvic pain in 3 separate months over 7 months")["suspected_endometriosis"]
    assert flag.evidence == [
        "pelvic_pain rated 3+ on 3 non-period days in 3 separate months, from 2025-01-21 to "
        "2025-08-05"
    ]


def test_immediate_rules_come_first() -> None:
    # Several rules may raise one code since issue 22: the order is the codes'.
    codes = list(dict.fromkeys(rule.code for rule in RULES))
    assert codes[:2] == ["crisis_support", "urgent_care"]
    assert codes.index("postcoital_bleeding") < codes.index("suspected_endometriosis")
