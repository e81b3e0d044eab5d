"""Input checks of the symptom request: each is a ValueError, so the API answers 422."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from fembalance_ml.symptoms.schemas import MAX_LOGS, SymptomRequest
from fembalance_ml.symptoms.vocabulary import ALL_SYMPTOMS, N_DRSP_ITEMS, vocabulary_listing


def body(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "cycles": [{"start_date": "2026-01-03", "period_length_days": 5}],
        "logs": [{"date": "2026-01-20", "symptom": "anger_irritability", "severity": 4}],
        "as_of": "2026-02-10",
    }
    base.update(changes)
    return base


def rejected(data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        SymptomRequest.model_validate(data)
    return str(caught.value)


def log(**changes: Any) -> dict[str, Any]:
    return {"date": "2026-01-20", "symptom": "anxiety", "severity": 3, **changes}


def test_a_valid_body_passes() -> None:
    request = SymptomRequest.model_validate(body())
    assert request.logs[0].severity == 4


def test_unknown_symptom_lists_the_valid_ones() -> None:
    message = rejected(body(logs=[log(symptom="anxeity")]))
    assert "anxeity" in message
    assert "depressed_blue" in message
    assert "painful_urination" in message


@pytest.mark.parametrize("severity", [0, 7, 3.5, "3", True])
def test_severity_is_a_whole_number_from_1_to_6(severity: object) -> None:
    rejected(body(logs=[log(severity=severity)]))


@pytest.mark.parametrize("severity", [1, 6, 4.0])
def test_severity_bounds_are_accepted(severity: float) -> None:
    # 4.0 is an integer to JSON Schema, and the published spec says integer.
    parsed = SymptomRequest.model_validate(body(logs=[log(severity=severity)])).logs[0].severity
    assert parsed == severity
    assert isinstance(parsed, int)


@pytest.mark.parametrize("bad", ["2026-02-30", "20/01/2026", "2026-01-20T10:00:00", 1768867200, ""])
def test_dates_that_do_not_parse_are_refused(bad: object) -> None:
    assert "YYYY-MM-DD" in rejected(body(logs=[log(date=bad)]))


# ISO 8601 forms `date.fromisoformat` reads that are not YYYY-MM-DD, and near misses.
@pytest.mark.parametrize(
    "bad",
    [
        *("2026-W03-2", "2026W032", "20260120", "2026-01-20\n", "2026-01-2", "+026-01-20"),
        "2026-1-20 ",
        "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0662\u0660",  # Arabic-Indic digits
    ],
)
def test_only_the_yyyy_mm_dd_form_is_a_date(bad: str) -> None:
    assert "YYYY-MM-DD" in rejected(body(logs=[log(date=bad)]))


@pytest.mark.parametrize("bad", ["1899-12-31", "2201-01-01", "0001-01-01"])
def test_real_days_out_of_range_are_refused_as_such(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SymptomRequest.model_validate(body(logs=[log(date=bad)]))
    assert [error["type"] for error in caught.value.errors()] == ["date_out_of_range"]


def test_logs_after_as_of_are_refused() -> None:
    assert "after as_of" in rejected(body(logs=[log(date="2026-02-11")]))
    SymptomRequest.model_validate(body(logs=[log(date="2026-02-10")]))


def test_more_than_20000_logs_are_refused() -> None:
    message = rejected(body(logs=[log()] * (MAX_LOGS + 1)))
    assert "at most 20000" in message


def test_unknown_fields_are_refused_everywhere() -> None:
    rejected(body(extra=1))
    rejected(body(logs=[log(note="x")]))
    rejected(body(cycles=[{"start_date": "2026-01-03", "flow": "heavy"}]))


def test_same_symptom_twice_on_a_day_is_refused() -> None:
    assert "two logs of anxiety" in rejected(body(logs=[log(), log(severity=5)]))


def test_period_starts_too_close_are_refused() -> None:
    starts = [{"start_date": "2026-01-03"}, {"start_date": "2026-01-06"}]
    assert "only 3 days apart" in rejected(body(cycles=starts))


def test_at_least_one_period_start_is_needed() -> None:
    rejected(body(cycles=[]))


def test_vocabulary_listing_has_the_drsp_items_in_order_then_physical() -> None:
    listing = vocabulary_listing()
    names = [s["name"] for s in listing["symptoms"]]
    assert names[0] == "depressed_blue"
    assert names[N_DRSP_ITEMS - 1] == "relationship_interference"
    assert listing["symptoms"][6] == {
        "name": "anger_irritability",
        "label": "Anger or irritability",
        "kind": "drsp",
        "drsp_item": 7,
        "domain": "ANGER",
    }
    assert {"cramps", "pelvic_pain", "back_pain"} <= set(names)
    assert len(names) == len(ALL_SYMPTOMS) == len(set(names))
    assert listing["severity_scale"]["max"] == 6


def test_issue_22_warning_signs_are_physical_items_after_the_earlier_ones() -> None:
    names = [s["name"] for s in vocabulary_listing()["symptoms"]]
    added = [
        "fainting",
        "fever",
        "one_sided_pain",
        "shoulder_tip_pain",
        "abnormal_discharge",
        "suicidal_thoughts",
        "self_harm",
    ]
    assert names[-len(added) :] == added
    assert names[-len(added) - 1] == "dizziness"  # the last item before issue 22
    kinds = {s["name"]: s["kind"] for s in vocabulary_listing()["symptoms"]}
    assert {kinds[name] for name in added} == {"physical"}
    assert SymptomRequest.model_validate(body(logs=[log(symptom="self_harm")]))
