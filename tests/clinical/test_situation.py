"""What the rules derive from age, context and the day asked about."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from fembalance_ml.clinical.menopause import postmenopausal_bleeding
from fembalance_ml.clinical.person import PersonContext
from fembalance_ml.clinical.situation import Situation

AS_OF = date(2026, 6, 1)


def situation(age: float | None = 30, **context: Any) -> Situation:
    given = PersonContext.model_validate(context) if context else None
    return Situation.of(as_of=AS_OF, age=age, context=given)


@pytest.mark.parametrize(
    ("age", "menarche", "norms"),
    [
        (17.9, None, "adolescent"),
        (18.0, None, "adult"),
        (None, None, "adult"),
        (19.0, 16.5, "adolescent"),  # 2.5 years since the first period
        (19.0, 16.0, "adult"),  # 3 years
        (16.0, 11.0, "adolescent"),  # under 18 whatever the years
    ],
)
def test_norms_follow_age_and_years_since_menarche(
    age: float | None, menarche: float | None, norms: str
) -> None:
    context = {"age_at_menarche": menarche} if menarche is not None else {}
    assert situation(age, **context).norms == norms


@pytest.mark.parametrize(
    ("context", "could_be"),
    [
        ({}, True),
        ({"pregnancy": "not_pregnant"}, False),
        ({"pregnancy": "possibly_pregnant"}, True),
        ({"menopause": "natural"}, False),
        ({"menopause": "perimenopause"}, True),
        ({"never_menstruated": True}, False),
        ({"contraception": "implant"}, True),
    ],
)
def test_pregnancy_is_ruled_out_only_by_what_she_said(
    context: dict[str, Any], could_be: bool
) -> None:
    assert situation(**context).could_be_pregnant is could_be


def test_a_birth_explains_no_period_while_breastfeeding_or_for_3_months() -> None:
    birth = AS_OF - timedelta(days=200)
    nursing = situation(delivery_date=birth.isoformat(), breastfeeding="fully")
    weaned = situation(delivery_date=birth.isoformat(), breastfeeding="no")
    recent = situation(delivery_date=(AS_OF - timedelta(days=80)).isoformat())
    before_birth = birth - timedelta(days=300)
    assert nursing.no_period_explained_by_birth(before_birth)
    assert not weaned.no_period_explained_by_birth(before_birth)
    assert recent.no_period_explained_by_birth(before_birth)
    assert not nursing.no_period_explained_by_birth(birth + timedelta(days=60))


def test_assumptions_name_only_what_was_not_said() -> None:
    silent = {note.code: note for note in situation(None).assumptions()}
    assert silent["context_not_stated"].params["not_stated"] == [
        "pregnancy",
        "contraception",
        "recent_birth",
        "menopause",
    ]
    assert "age_not_stated" in silent
    told = situation(
        30, pregnancy="not_pregnant", contraception="none", breastfeeding="no", menopause="no"
    )
    assert told.assumptions() == []
    partly = situation(30, pregnancy="not_pregnant")
    (note,) = partly.assumptions()
    assert "pregnancy" not in note.params["not_stated"]  # type: ignore[operator]
    assert "does not rule out pregnancy" not in note.message


def starts_with_gap(gap: int, days_ago: int = 10) -> list[date]:
    last = AS_OF - timedelta(days=days_ago)
    return [last - timedelta(days=gap + 28), last - timedelta(days=gap), last]


@pytest.mark.parametrize(
    ("age", "gap", "context", "code"),
    [
        (56, 420, {}, "possible_postmenopausal_bleeding"),
        (45, 365, {}, "possible_postmenopausal_bleeding"),
        (None, 370, {}, "possible_postmenopausal_bleeding"),
        (44.9, 400, {}, None),
        (48, 364, {}, None),
        (48, 200, {}, None),
        (50, 400, {"contraception": "injection"}, None),
        (50, 400, {"pregnancy": "pregnant"}, None),
        (50, 400, {"hrt": "sequential"}, "bleeding_on_hrt"),
    ],
)
def test_bleeding_after_the_menopause_needs_its_age_and_its_gap(
    age: float | None, gap: int, context: dict[str, Any], code: str | None
) -> None:
    finding = postmenopausal_bleeding(starts_with_gap(gap), situation(age, **context))
    assert (finding.code if finding else None) == code


def test_from_55_it_is_the_suspected_cancer_pathway() -> None:
    finding = postmenopausal_bleeding(starts_with_gap(400), situation(56))
    assert finding is not None
    assert finding.params["suspected_cancer_pathway"] is True
    assert "2 weeks" in finding.message
    younger = postmenopausal_bleeding(starts_with_gap(400), situation(50))
    assert younger is not None
    assert younger.params["suspected_cancer_pathway"] is False


def test_a_stated_menopause_flags_any_bleed_after_its_date() -> None:
    told = situation(52, menopause="natural", menopause_date="2025-01-10")
    assert postmenopausal_bleeding([date(2026, 5, 1)], told) is not None
    assert postmenopausal_bleeding([date(2025, 1, 10)], told) is None


def test_a_bleed_over_a_year_ago_is_not_new() -> None:
    old = starts_with_gap(400, days_ago=400)
    assert postmenopausal_bleeding(old, situation(56)) is None
