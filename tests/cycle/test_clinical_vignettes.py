"""The cycle vignettes of docs/CLINICAL.md: each rule fires where it must and only there.

Every vignette runs through the service with a real (small) trained model, so a rule that
stops firing, or a forecast that still predicts an abnormal cycle, fails here.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.cycle.schemas import CycleResult
from fembalance_ml.serving.artifacts import load_verified
from tests.conftest import MODELS
from tests.cycle import vignettes
from tests.cycle.vignettes import FIRST, Vignette

ABNORMAL = {"late_period", "absent_period", "possible_postmenopausal_bleeding"}


def _answer(model: CycleModel, vignette: Vignette) -> CycleResult:
    return vignettes.answer(model, vignette)


def _codes(result: CycleResult) -> set[str]:
    return vignettes.codes(result)


REGULAR = [28] * 7

MUST_FIRE = [
    ("short_cycles", Vignette("cycles of 23, 22 and 23 days", [23, 22, 23], 5)),
    ("long_cycles", Vignette("review: 50 and 55 days at 25", [50, 55], 5, age=25)),
    ("long_cycles", Vignette("review: 28,28,28,60,28,90,28", [28, 28, 28, 60, 28, 90, 28], 5)),
    ("long_cycles", Vignette("a 56-day gap read as a missed log", [28, 28, 56, 28, 28], 5)),
    ("long_cycles", Vignette("a single 39-day cycle", [28, 39, 29], 5)),
    ("prolonged_menstruation", Vignette("a 9-day period", REGULAR, 5, period_lengths={7: 9})),
    ("possible_missed_log", Vignette("56 days among 28s", [28, 28, 56, 28, 28], 5)),
    ("late_period", Vignette("review: regular 28, 11 days late", REGULAR, 28 + 11)),
    ("late_period", Vignette("review: regular 28, 29 days late", REGULAR, 28 + 29)),
    ("absent_period", Vignette("regular, 95 days without a period", REGULAR, 95)),
    ("absent_period", Vignette("irregular, 120 days", [24, 38, 26, 36, 30], 120)),
    (
        "possible_postmenopausal_bleeding",
        Vignette("review: age 56, bleed after 420 days", [28, 28, 28, 420], 3, age=56),
    ),
    (
        "possible_postmenopausal_bleeding",
        Vignette("age 48, bleed after 400 days", [30, 31, 29, 400], 2, age=48),
    ),
    (
        "possible_postmenopausal_bleeding",
        Vignette("age unknown, bleed after 370 days", [28, 29, 370], 4, age=None),
    ),
    ("regularity_not_assessed", Vignette("age 16, regular cycles", REGULAR, 5, age=16)),
    ("regularity_not_assessed", Vignette("age 50, regular cycles", REGULAR, 5, age=50)),
    ("highly_variable", Vignette("22, 40, 24, 38, 23", [22, 40, 24, 38, 23], 5)),
    # Adolescents (ACOG CO 651): under 21 or over 45 days; bleeding over 7 days.
    ("long_cycles", Vignette("50-day cycles at 15", [50, 50, 50], 5, age=15)),
    ("short_cycles", Vignette("19-day cycles at 14", [19, 19, 20], 5, age=14)),
    (
        "prolonged_menstruation",
        Vignette("review: three 8-day periods at 14", REGULAR, 5, 14, {5: 8, 6: 8, 7: 8}),
    ),
    ("prolonged_menstruation", Vignette("one 8-day period at 14", REGULAR, 5, 14, {7: 8})),
    # A period of 14 days or more: a doctor soon (the code /symptoms uses).
    ("urgent_care", Vignette("a 14-day period", REGULAR, 5, period_lengths={7: 14})),
    ("urgent_care", Vignette("a 20-day period at 16", REGULAR, 5, 16, {6: 20})),
]

MUST_NOT_FIRE = [
    ("short_cycles", Vignette("cycles of 24 and 25 days (FIGO's lower limit)", [24, 25, 24], 5)),
    ("long_cycles", Vignette("cycles of 38 and 37 days (FIGO's upper limit)", [38, 37, 38], 5)),
    ("prolonged_menstruation", Vignette("8-day periods", REGULAR, 5, period_lengths={6: 8, 7: 8})),
    ("possible_missed_log", Vignette("review: 50 and 55 days, too few", [50, 55], 5, age=25)),
    ("possible_missed_log", Vignette("90 days among 28s: 3x, not 2x", [28, 28, 28, 90], 5)),
    ("late_period", Vignette("regular 28, 4 days after the due date", REGULAR, 28 + 4)),
    ("absent_period", Vignette("regular, 89 days", REGULAR, 89)),
    (
        "possible_postmenopausal_bleeding",
        Vignette("age 40, bleed after 200 days", [30, 31, 29, 200], 2, age=40),
    ),
    # Issue 22: was a must-fire vignette (6 months from 45); over-alarming, since
    # post-menopausal bleeding is bleeding 12 months or more after the last period.
    (
        "possible_postmenopausal_bleeding",
        Vignette("age 48, bleed after 200 days", [30, 31, 29, 200], 2, age=48),
    ),
    (
        "possible_postmenopausal_bleeding",
        Vignette("age 50, the long gap over a year ago", [28, 400, *[28] * 14], 5, age=50),
    ),
    ("regularity_not_assessed", Vignette("age 18, regular cycles", REGULAR, 5, age=18)),
    ("regularity_not_assessed", Vignette("age 45, regular cycles", REGULAR, 5, age=45)),
    ("regularity_not_assessed", Vignette("age not given", REGULAR, 5, age=None)),
    ("highly_variable", Vignette("28, 30, 27, 29, 28", [28, 30, 27, 29, 28], 5)),
    # Adolescents (ACOG CO 651): 21-45 days is typical in the first years.
    ("long_cycles", Vignette("review: 35-42-day cycles at 14", [35, 42, 38, 40, 36], 5, 14)),
    ("short_cycles", Vignette("review: 22-23-day cycles at 13", [22, 23, 22, 23], 5, 13)),
    ("long_cycles", Vignette("45-day cycles at 16", [45, 44, 45], 5, age=16)),
    ("prolonged_menstruation", Vignette("7-day periods at 14", REGULAR, 5, 14, {6: 7, 7: 7})),
    ("urgent_care", Vignette("a 13-day period", REGULAR, 5, period_lengths={7: 13})),
    (
        "possible_postmenopausal_bleeding",
        Vignette("review: 31 after a 455-day gap", [28, 29, 455], 3, age=31),
    ),
]


@pytest.mark.parametrize(
    ("code", "vignette"), MUST_FIRE, ids=[f"{code}: {v.name}" for code, v in MUST_FIRE]
)
def test_rule_fires(small_model: CycleModel, code: str, vignette: Vignette) -> None:
    answer = _answer(small_model, vignette)
    flag = next(flag for flag in answer.flags if flag.code == code)
    assert len(flag.message) > 40


@pytest.mark.parametrize(
    ("code", "vignette"), MUST_NOT_FIRE, ids=[f"{code}: {v.name}" for code, v in MUST_NOT_FIRE]
)
def test_rule_does_not_fire(small_model: CycleModel, code: str, vignette: Vignette) -> None:
    assert code not in _codes(_answer(small_model, vignette))


@pytest.mark.parametrize(
    ("code", "guideline"),
    [
        ("short_cycles", "FIGO 2018"),
        ("long_cycles", "FIGO 2018"),
        ("prolonged_menstruation", "FIGO 2018"),
        ("late_period", "this service's own threshold"),
        ("absent_period", "NICE CKS"),
        ("possible_postmenopausal_bleeding", "NICE NG12"),
        ("regularity_not_assessed", "FIGO 2018"),
        ("highly_variable", "this service's own"),
        ("urgent_care", "NICE NG88"),
    ],
)
def test_every_message_names_its_guideline(
    small_model: CycleModel, code: str, guideline: str
) -> None:
    vignette = next(v for fired, v in MUST_FIRE if fired == code)
    message = next(f.message for f in _answer(small_model, vignette).flags if f.code == code)
    assert guideline in message


def test_long_cycles_at_25_get_no_missed_log_excuse(small_model: CycleModel) -> None:
    answer = _answer(small_model, Vignette("50 and 55", [50, 55], 5, age=25))
    assert "long_cycles" in _codes(answer)
    assert "possible_missed_log" not in _codes(answer)
    # The long cycles are the history: no 29-day population forecast.
    assert answer.predicted_cycle_length > 38


def test_long_gaps_make_a_history_irregular(small_model: CycleModel) -> None:
    answer = _answer(small_model, Vignette("review", [28, 28, 28, 60, 28, 90, 28], 5))
    assert answer.regularity == "irregular"
    assert "long_cycles" in _codes(answer)


def test_missed_log_reading_is_given_beside_the_long_cycle(small_model: CycleModel) -> None:
    answer = _answer(small_model, Vignette("56 among 28s", [28, 28, 56, 28, 28], 5))
    assert {"long_cycles", "possible_missed_log"} <= _codes(answer)
    missed = next(f.message for f in answer.flags if f.code == "possible_missed_log")
    assert "length estimate only" in missed
    assert answer.regularity == "irregular"  # the 56-day cycle counts for regularity
    assert answer.predicted_cycle_length < 32  # but not for the length estimate


@pytest.mark.parametrize(
    "vignette",
    [
        Vignette("11 days late", REGULAR, 28 + 11),
        Vignette("29 days late", REGULAR, 28 + 29),
        Vignette("absent 95 days", REGULAR, 95),
        Vignette("age 56 after 420 days", [28, 28, 28, 420], 3, age=56),
    ],
    ids=lambda v: v.name,
)
def test_abnormal_cycle_is_not_predicted(small_model: CycleModel, vignette: Vignette) -> None:
    answer = _answer(small_model, vignette)
    assert _codes(answer) & ABNORMAL
    assert answer.status.current_phase == "unknown"
    assert answer.ovulation_date is None
    assert answer.fertile_window is None
    assert answer.upcoming == []
    assert answer.confidence == "low"


@pytest.mark.parametrize("days_late", [11, 29, 60])
def test_late_interval_is_never_narrower_than_the_delay(
    small_model: CycleModel, days_late: int
) -> None:
    vignette = Vignette(f"{days_late} days late", REGULAR, 28 + days_late)
    answer = _answer(small_model, vignette)
    as_of = vignette.request().as_of
    assert as_of is not None
    interval = answer.prediction_interval
    assert interval is not None
    assert answer.predicted_start_date is not None
    assert answer.status.days_late is not None
    assert answer.status.days_late >= days_late - 1
    assert (interval.latest - interval.earliest).days >= answer.status.days_late
    assert as_of < interval.earliest <= answer.predicted_start_date <= interval.latest


def test_pregnancy_test_is_advised_when_late_or_absent(small_model: CycleModel) -> None:
    late = _answer(small_model, Vignette("late", REGULAR, 28 + 11))
    absent = _answer(small_model, Vignette("absent", REGULAR, 95))
    for answer, code in ((late, "late_period"), (absent, "absent_period")):
        message = next(f.message for f in answer.flags if f.code == code)
        assert "pregnancy test" in message
        assert "clinician" in message


def test_absent_message_names_3_or_6_months_by_regularity(small_model: CycleModel) -> None:
    regular = _answer(small_model, Vignette("regular", REGULAR, 95))
    irregular = _answer(small_model, Vignette("irregular", [24, 38, 26, 36, 30], 120))
    text = {
        a.regularity: next(f.message for f in a.flags if f.code == "absent_period")
        for a in (regular, irregular)
    }
    assert "3 months" in text["regular"]
    assert "6 months" not in text["regular"]
    assert "6 months" in text["irregular"]


def test_postmenopausal_bleeding_says_see_a_doctor_soon(small_model: CycleModel) -> None:
    """From 55 on, the NG12 urgent pathway (within 2 weeks); 45-54, a doctor soon."""
    at_56 = _answer(small_model, Vignette("age 56", [28, 28, 28, 420], 3, age=56))
    message = next(f.message for f in at_56.flags if f.code == "possible_postmenopausal_bleeding")
    assert "within 2 weeks" in message
    assert "NICE NG12" in message
    assert "possible_missed_log" not in _codes(at_56)
    at_48 = _answer(small_model, Vignette("age 48", [30, 31, 29, 400], 2, age=48))
    message = next(f.message for f in at_48.flags if f.code == "possible_postmenopausal_bleeding")
    assert "doctor soon" in message
    unknown = _answer(small_model, Vignette("age unknown", [28, 29, 370], 4, age=None))
    flag = vignettes.flag(unknown, "possible_postmenopausal_bleeding")
    assert "age was not given" in flag.message
    assert flag.params["age_known"] is False


def test_a_14_day_period_needs_a_doctor_soon(small_model: CycleModel) -> None:
    answer = _answer(small_model, Vignette("14 days", REGULAR, 5, period_lengths={7: 14}))
    assert answer.flags[0].code == "urgent_care"
    assert "doctor soon" in answer.flags[0].message
    assert answer.flags[0].params == {"count": 1, "longest_days": 14, "limit_days": 14}
    assert "prolonged_menstruation" in _codes(answer)


@pytest.mark.parametrize(
    ("code", "vignette"),
    [
        ("long_cycles", Vignette("50-day cycles at 15", [50, 50, 50], 5, age=15)),
        ("short_cycles", Vignette("19-day cycles at 14", [19, 19, 20], 5, age=14)),
        ("prolonged_menstruation", Vignette("8 days at 14", REGULAR, 5, 14, {7: 8})),
    ],
    ids=lambda v: getattr(v, "name", v),
)
def test_adolescent_messages_cite_acog(
    small_model: CycleModel, code: str, vignette: Vignette
) -> None:
    flag = vignettes.flag(_answer(small_model, vignette), code)
    assert "ACOG Committee Opinion 651" in flag.message
    assert "FIGO" not in flag.message
    assert flag.params["limit_days"] in {21, 45, 7}


def test_flags_carry_their_values_as_params(small_model: CycleModel) -> None:
    """Every flag of these vignettes names its numbers in `params` (issue 22)."""
    for _, vignette in MUST_FIRE:
        for flag in _answer(small_model, vignette).flags:
            assert flag.params, f"{vignette.name}: {flag.code} has no params"


@pytest.mark.parametrize("code", ["late_period", "highly_variable"])
def test_no_message_cites_figo_for_a_delay_or_a_change(small_model: CycleModel, code: str) -> None:
    """Issue 22: FIGO's 7-9 days are the spread of a year's cycles, not a delay or a change."""
    vignette = next(v for fired, v in MUST_FIRE if fired == code)
    message = next(f.message for f in _answer(small_model, vignette).flags if f.code == code)
    assert "7 to 9 days" not in message
    assert "beyond the normal variation" not in message


@pytest.mark.parametrize(("age", "words"), [(16, "first period"), (50, "menopause")])
def test_no_regularity_claim_outside_18_to_45(
    small_model: CycleModel, age: float, words: str
) -> None:
    answer = _answer(small_model, Vignette("regular", REGULAR, 5, age=age))
    assert answer.regularity == "insufficient_data"
    assert answer.confidence != "high"
    message = next(f.message for f in answer.flags if f.code == "regularity_not_assessed")
    assert "18 to 45" in message
    assert words in message


def test_a_normal_cycle_keeps_its_wilcox_fertile_window(small_model: CycleModel) -> None:
    answer = _answer(small_model, Vignette("regular", REGULAR, 5))
    assert answer.flags == []
    assert answer.ovulation_date is not None
    assert answer.fertile_window is not None
    # Wilcox 1995: the five days before ovulation and its day, only ever widened.
    assert answer.fertile_window.start <= answer.ovulation_date - timedelta(days=5)
    assert answer.fertile_window.end >= answer.ovulation_date
    assert answer.status.current_phase == "follicular"


@pytest.mark.parametrize("lengths", [[60, 60], [55], [58, 62]], ids=str)
def test_the_served_model_forecasts_long_cycles_as_long(lengths: list[int]) -> None:
    """Long cycles are a PCOS sign: the served model must not read them as unlogged starts.

    v1.6.0's gap rule forecast two 60-day cycles at 29.8 days (27-34), then `late_period`
    a week later; docs/CLINICAL.md says why `latest` stays on a model that does not.
    """
    model: CycleModel = load_verified(MODELS / "cycle_prediction", "latest").model
    answer = _answer(model, Vignette("long cycles", lengths, 5))
    shortest = min(lengths)
    assert answer.predicted_cycle_length >= 0.75 * shortest
    last_start = FIRST + timedelta(days=sum(lengths))
    assert (answer.prediction_interval.latest - last_start).days >= shortest
