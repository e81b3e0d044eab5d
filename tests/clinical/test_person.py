"""The person's context: what it accepts, what it refuses, and where it points."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from fembalance_ml.clinical.person import (
    PersonContext,
    check_context_dates,
    check_menarche_before_age,
)
from fembalance_ml.schema_types import FieldRuleError


def rule_of(error: ValidationError) -> FieldRuleError:
    rule = error.errors()[0]["ctx"]["error"]
    assert isinstance(rule, FieldRuleError)
    return rule


def test_every_field_is_optional() -> None:
    assert PersonContext().dates() == []


@pytest.mark.parametrize(
    ("given", "fields"),
    [
        ({"pregnancy_start_date": "2026-01-01"}, {"pregnancy_start_date", "pregnancy"}),
        (
            {"pregnancy": "possibly_pregnant", "pregnancy_start_date": "2026-01-01"},
            {"pregnancy_start_date", "pregnancy"},
        ),
        (
            {"menopause": "perimenopause", "menopause_date": "2026-01-01"},
            {"menopause_date", "menopause"},
        ),
        (
            {"never_menstruated": True, "age_at_menarche": 12},
            {"never_menstruated", "age_at_menarche"},
        ),
        ({"pregnancy": "pregnant", "menopause": "surgical"}, {"pregnancy", "menopause"}),
        (
            {
                "pregnancy": "pregnant",
                "pregnancy_start_date": "2026-01-01",
                "delivery_date": "2026-02-01",
            },
            {"pregnancy_start_date", "delivery_date"},
        ),
    ],
    ids=[
        "date without pregnancy",
        "date when only possible",
        "date of a perimenopause",
        "menarche and never",
        "pregnant after a menopause",
        "a birth during the pregnancy",
    ],
)
def test_a_contradiction_names_both_fields(given: dict[str, Any], fields: set[str]) -> None:
    with pytest.raises(ValidationError) as raised:
        PersonContext.model_validate(given)
    rule = rule_of(raised.value)
    assert rule.rule == "context_conflict"
    assert {location[-1] for location in rule.locations} == fields


@pytest.mark.parametrize(
    "given",
    [
        {
            "pregnancy": "pregnant",
            "pregnancy_start_date": "2026-01-01",
            "delivery_date": "2024-05-01",
        },
        {"menopause": "natural", "menopause_date": "2025-01-01", "hrt": "continuous"},
        {"contraception": "copper_iud", "emergency_contraception_date": "2026-01-03"},
        {"never_menstruated": False, "age_at_menarche": 12.5},
    ],
    ids=["an earlier birth", "menopause on HRT", "coil and EC", "menarche given"],
)
def test_consistent_contexts_are_accepted(given: dict[str, Any]) -> None:
    PersonContext.model_validate(given)


@pytest.mark.parametrize(
    "given",
    [
        {"contraception": "the pill"},
        {"pregnancy": True},
        {"age_at_menarche": 6.9},
        {"age_at_menarche": 25.1},
        {"age_at_menarche": "12"},
        {"never_menstruated": 1},
        {"delivery_date": "2026-13-01"},
        {"delivery_date": "1899-12-31"},
        {"hrt": "yes"},
        {"unknown_field": 1},
    ],
)
def test_values_outside_the_vocabulary_are_refused(given: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        PersonContext.model_validate(given)


def test_dates_after_as_of_are_named_without_their_values() -> None:
    context = PersonContext.model_validate(
        {"delivery_date": "2026-03-02", "emergency_contraception_date": "2026-02-01"}
    )
    with pytest.raises(FieldRuleError) as raised:
        check_context_dates(context, date(2026, 3, 1))
    assert raised.value.rule == "after_as_of"
    assert raised.value.locations == [("context", "delivery_date")]
    assert "2026-03-02" not in str(raised.value)
    check_context_dates(context, date(2026, 3, 2))
    check_context_dates(None, date(2026, 3, 1))


def test_menarche_cannot_come_after_the_age_given() -> None:
    context = PersonContext(age_at_menarche=14)
    with pytest.raises(FieldRuleError) as raised:
        check_menarche_before_age(context, 13.5, ("age",))
    assert raised.value.locations == [("context", "age_at_menarche"), ("age",)]
    check_menarche_before_age(context, 14.0, ("age",))
    check_menarche_before_age(context, None, ("age",))
