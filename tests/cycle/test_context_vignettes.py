"""The person's context in a cycle answer (docs/CLINICAL.md, "The person's context").

Each vignette (context_cases.py) runs through the service with the small trained model.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.cycle.schemas import CycleResult
from tests.cycle.context_cases import (
    BLEED_IN_PREGNANCY,
    BREASTFEEDING_330,
    COMBINED,
    COMBINED_MISSED,
    CONTINUOUS_HRT_BLEED,
    CONTINUOUS_HRT_ONLY,
    COPPER_9_DAYS,
    CYCLES_AFTER_BIRTH,
    EMERGENCY,
    IMPLANT,
    LATE,
    MENARCHE_AT_17,
    MENOPAUSE_BLEED,
    MENOPAUSE_NO_BLEED,
    MUST_FIRE,
    MUST_NOT_FIRE,
    NOT_FEEDING_60,
    NOT_FEEDING_120,
    PERI_LATE,
    PERI_UNDER_40,
    PERI_VARYING,
    PREGNANT,
    SEQUENTIAL_HRT,
    SURGICAL_UNDATED,
    given,
)
from tests.cycle.vignettes import Vignette, answer, codes, flag


def flag_text(result: CycleResult) -> str:
    """Every flag message of an answer, in one string."""
    return " ".join(f.message for f in result.flags)


def assert_no_forecast(result: CycleResult) -> None:
    """Nothing is forecast: no date, interval, length, ovulation, window or later cycles."""
    assert result.predicted_start_date is None
    assert result.prediction_interval is None
    assert result.predicted_cycle_length is None
    assert result.ovulation_date is None
    assert result.fertile_window is None
    assert result.upcoming == []
    assert result.status.current_phase == "unknown"
    assert result.status.days_late is None
    assert result.confidence == "low"
    assert result.cycles_used == 0


@pytest.mark.parametrize(
    ("code", "vignette"), MUST_FIRE, ids=[f"{c}: {v.name}" for c, v in MUST_FIRE]
)
def test_rule_fires(small_model: CycleModel, code: str, vignette: Vignette) -> None:
    found = flag(answer(small_model, vignette), code)
    assert len(found.message) > 40


@pytest.mark.parametrize(
    ("code", "vignette"), MUST_NOT_FIRE, ids=[f"{c}: {v.name}" for c, v in MUST_NOT_FIRE]
)
def test_rule_does_not_fire(small_model: CycleModel, code: str, vignette: Vignette) -> None:
    assert code not in codes(answer(small_model, vignette))


@pytest.mark.parametrize(
    "vignette",
    [
        *(PREGNANT, BLEED_IN_PREGNANCY, BREASTFEEDING_330, NOT_FEEDING_60, NOT_FEEDING_120),
        *(MENOPAUSE_BLEED, MENOPAUSE_NO_BLEED, SURGICAL_UNDATED, CONTINUOUS_HRT_BLEED),
        CONTINUOUS_HRT_ONLY,
    ],
    ids=lambda v: v.name,
)
def test_no_cycle_no_forecast(small_model: CycleModel, vignette: Vignette) -> None:
    assert_no_forecast(answer(small_model, vignette))


@pytest.mark.parametrize(
    "vignette",
    [LATE, COMBINED, IMPLANT, EMERGENCY, SEQUENTIAL_HRT, COPPER_9_DAYS],
    ids=lambda v: v.name,
)
def test_a_cycle_to_forecast_keeps_its_date(small_model: CycleModel, vignette: Vignette) -> None:
    result = answer(small_model, vignette)
    assert result.predicted_start_date is not None
    assert result.prediction_interval is not None
    assert result.predicted_cycle_length is not None


def test_without_a_context_the_same_logs_are_forecast(small_model: CycleModel) -> None:
    """Null forecasts come only from a context: the same logs without one get dates."""
    for _, vignette in MUST_FIRE + MUST_NOT_FIRE:
        result = answer(small_model, replace(vignette, context=None))
        assert result.predicted_start_date is not None, vignette.name
        assert result.prediction_interval is not None, vignette.name


def test_pregnancy_says_bleeding_or_pain_is_urgent(small_model: CycleModel) -> None:
    result = answer(small_model, PREGNANT)
    message = flag(result, "pregnancy").message
    assert "NICE NG126" in message
    assert "bleeding" in message
    assert "pain" in message
    assert "late_period" in codes(answer(small_model, LATE))  # the same log, no context


def test_bleeding_in_pregnancy_is_urgent_and_first(small_model: CycleModel) -> None:
    result = answer(small_model, BLEED_IN_PREGNANCY)
    assert result.flags[0].code == "urgent_care"
    assert "today" in result.flags[0].message
    assert "NICE NG126" in result.flags[0].message
    assert result.flags[0].params["bleeds_in_pregnancy"] == 1


def test_breastfeeding_explains_no_period_and_never_says_menopause(
    small_model: CycleModel,
) -> None:
    result = answer(small_model, BREASTFEEDING_330)
    found = flag(result, "postpartum_amenorrhoea")
    assert "lactational amenorrhoea" in found.message
    assert "do not predict the first one after it" in found.message
    assert found.params["expected"] is True
    assert found.params["days_since_delivery"] == 330
    assert "menopause" not in flag_text(result).lower()
    assert "later than predicted" not in flag_text(result)


def test_no_period_3_months_after_a_birth_without_breastfeeding(small_model: CycleModel) -> None:
    early = flag(answer(small_model, NOT_FEEDING_60), "postpartum_amenorrhoea")
    overdue = flag(answer(small_model, NOT_FEEDING_120), "postpartum_amenorrhoea")
    assert early.params["expected"] is True
    assert "add it to your profile" in early.message  # breastfeeding not stated
    assert overdue.params["expected"] is False
    assert "pregnancy test" in overdue.message
    assert "clinician" in overdue.message
    assert "NICE CKS Amenorrhoea" in overdue.message
    assert "add it to your profile" not in overdue.message  # she said she does not


def test_cycles_since_a_birth_are_the_history(small_model: CycleModel) -> None:
    result = answer(small_model, CYCLES_AFTER_BIRTH)
    assert result.predicted_cycle_length is not None
    assert result.predicted_cycle_length < 60  # not the gap over the pregnancy
    note = next(a for a in result.assumptions if a.code == "history_since_birth")
    assert note.params["starts_left_out"] == 6
    # Without the birth, the 400-day gap at 46 reads as bleeding after a menopause.
    bare = answer(small_model, replace(CYCLES_AFTER_BIRTH, context=None))
    assert "possible_postmenopausal_bleeding" in codes(bare)


def test_combined_pill_has_no_ovulation_and_no_high_confidence(small_model: CycleModel) -> None:
    result = answer(small_model, COMBINED)
    assert result.ovulation_date is None
    assert result.fertile_window is None
    assert result.upcoming == []
    assert result.confidence != "high"
    assert result.regularity == "insufficient_data"
    found = flag(result, "hormonal_contraception")
    assert found.params["method"] == "combined_hormonal"
    assert "withdrawal bleeds" in found.message
    bare = answer(small_model, replace(COMBINED, context=None))
    assert bare.ovulation_date is not None  # the same log without the pill


def test_missed_withdrawal_bleed_asks_about_missed_pills(small_model: CycleModel) -> None:
    found = flag(answer(small_model, COMBINED_MISSED), "missed_withdrawal_bleed")
    assert "pregnancy test" in found.message
    assert "missed" in found.message
    assert "FSRH" in found.message


def test_progestogen_only_says_when_to_see_a_clinician(small_model: CycleModel) -> None:
    result = answer(small_model, IMPLANT)
    message = flag(result, "hormonal_contraception").message
    for words in ("heavy or prolonged", "after sex", "pain", "settled pattern", "pregnant"):
        assert words in message
    assert "FSRH" in message
    assert result.ovulation_date is None
    assert result.confidence == "low"


def test_copper_iud_keeps_the_forecast(small_model: CycleModel) -> None:
    result = answer(small_model, COPPER_9_DAYS)
    assert result.ovulation_date is not None
    assert result.fertile_window is not None
    assert flag(result, "prolonged_menstruation").params["copper_iud"] is True


def test_emergency_contraception_hides_this_cycles_ovulation(small_model: CycleModel) -> None:
    result = answer(small_model, EMERGENCY)
    assert result.ovulation_date is None
    assert result.fertile_window is None
    assert result.confidence != "high"
    message = flag(result, "emergency_contraception").message
    assert "more than 7 days late" in message
    assert "pregnancy test" in message


@pytest.mark.parametrize(
    ("pregnancy", "words"),
    [
        (None, "If you could be pregnant, take a pregnancy test."),
        ("possibly_pregnant", "You told us you could be pregnant: take a pregnancy test."),
        ("not_pregnant", "You told us you are not pregnant"),
    ],
)
def test_a_late_period_always_mentions_pregnancy(
    small_model: CycleModel, pregnancy: str | None, words: str
) -> None:
    vignette = LATE if pregnancy is None else given(LATE, pregnancy=pregnancy)
    result = answer(small_model, vignette)
    late = flag(result, "late_period")
    assert words in late.message
    assert "pregnancy test" in late.message
    absent = flag(answer(small_model, replace(vignette, days_after_last=100)), "absent_period")
    assert "pregnancy test" in absent.message


def test_after_the_menopause_any_bleed_is_checked(small_model: CycleModel) -> None:
    result = answer(small_model, MENOPAUSE_BLEED)
    message = flag(result, "possible_postmenopausal_bleeding").message
    assert "after the menopause you told us about" in message
    assert "menopause" in codes(result)
    on_hrt = flag(answer(small_model, CONTINUOUS_HRT_BLEED), "bleeding_on_hrt")
    assert on_hrt.params["hrt"] == "continuous"
    assert "NICE NG23" in on_hrt.message


def test_adolescent_by_years_since_menarche(small_model: CycleModel) -> None:
    result = answer(small_model, MENARCHE_AT_17)
    assert result.regularity == "insufficient_data"
    assert result.confidence != "high"
    found = flag(result, "regularity_not_assessed")
    assert found.params["years_since_menarche"] == 2.0
    assert "ACOG Committee Opinion 651" in found.message


def test_assumptions_say_what_was_not_stated(small_model: CycleModel) -> None:
    bare = answer(small_model, replace(LATE, age=None))
    assert [a.code for a in bare.assumptions] == ["context_not_stated", "age_not_stated"]
    assert bare.assumptions[0].params["not_stated"] == [
        "pregnancy",
        "contraception",
        "recent_birth",
        "menopause",
    ]
    full = given(
        LATE,
        pregnancy="not_pregnant",
        contraception="none",
        breastfeeding="no",
        menopause="no",
    )
    assert answer(small_model, full).assumptions == []


def test_perimenopause_keeps_pregnancy_and_names_what_needs_a_clinician(
    small_model: CycleModel,
) -> None:
    result = answer(small_model, PERI_VARYING)
    transition = flag(result, "menopausal_transition")
    assert transition.params["norms"] == "transition"
    for words in ("STRAW+10", "still become pregnant", "12 months", "every 3 weeks", "NICE NG23"):
        assert words in transition.message
    assert result.predicted_start_date is not None
    assert "pregnan" in flag(answer(small_model, PERI_LATE), "late_period").message


def test_perimenopause_under_40_keeps_adult_limits_and_says_why(small_model: CycleModel) -> None:
    transition = flag(answer(small_model, PERI_UNDER_40), "menopausal_transition")
    assert transition.params["norms"] == "adult"
    assert "under 40" in transition.message
    assert "premature ovarian insufficiency" in transition.message


def test_perimenopause_changes_only_the_transition_flags(small_model: CycleModel) -> None:
    """The same log without the statement differs only by long/varying cycles and the note."""
    stated = answer(small_model, PERI_VARYING)
    unstated = answer(small_model, replace(PERI_VARYING, context={"menopause": "no"}))
    assert codes(unstated) - codes(stated) == {"long_cycles", "highly_variable"}
    assert codes(stated) - codes(unstated) == {"menopausal_transition"}
    assert stated.predicted_start_date == unstated.predicted_start_date
