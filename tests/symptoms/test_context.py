"""What the person's age and context change in a symptom analysis (issue 22).

The rules themselves are checked by the vignettes (test_red_flags.py); here: the answer's
`assumptions`, the screen's notes, the forecast where there is no cycle, the words that
depend on the situation, and `params` on every flag.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pandas as pd

from fembalance_ml.symptoms.forecast import SymptomForecastModel
from fembalance_ml.symptoms.red_flag_rules import MERGED_CODES
from fembalance_ml.symptoms.schemas import RedFlag, SymptomRequest, SymptomResult
from fembalance_ml.symptoms.service import predict
from tests.symptoms.test_service import subject_body
from tests.symptoms.vignette_builder import NOT_PREGNANT, PILL, each, flag, onset
from tests.symptoms.vignettes import VIGNETTES, Vignette, flags_of

TODAY = date(2027, 1, 1)
FULL_CONTEXT = {
    "pregnancy": "not_pregnant",
    "contraception": "none",
    "breastfeeding": "no",
    "menopause": "no",
}


def named(name: str) -> Vignette:
    return next(v for v in VIGNETTES if v.name == name)


def answer(model: SymptomForecastModel, vignette: Vignette) -> SymptomResult:
    return predict(model, vignette.request(), today=TODAY)


def flag_of(vignette: Vignette, code: str) -> RedFlag:
    return next(f for f in flags_of(vignette) if f.code == code)


def test_assumptions_say_what_the_request_left_out(model: SymptomForecastModel) -> None:
    healthy = named("healthy ordinary log")
    silent = answer(model, healthy).assumptions
    assert [a.code for a in silent] == ["context_not_stated", "age_not_stated"]
    assert silent[0].params["not_stated"] == [
        "pregnancy",
        "contraception",
        "recent_birth",
        "menopause",
    ]
    assert "does not rule out pregnancy" in silent[0].message
    told = answer(model, replace(healthy, age=31, context=FULL_CONTEXT)).assumptions
    assert told == []
    partly = answer(model, replace(healthy, age=31, context=NOT_PREGNANT)).assumptions
    assert partly[0].params["not_stated"] == ["contraception", "recent_birth", "menopause"]


def test_in_pregnancy_no_forecast_and_the_screen_reads_the_cycles_before(
    model: SymptomForecastModel,
) -> None:
    pregnant = named("pregnant, healthy log")
    result = answer(model, pregnant)
    assert result.forecast == []
    assert answer(model, replace(pregnant, context=None)).forecast  # a cycle to forecast
    (note,) = result.pmdd_screen.notes
    assert note.code == "pmdd_screen_in_pregnancy"
    assert note.params == {"pregnancy_start_date": onset(7).isoformat(), "onsets_left_out": 0}
    assert result.pmdd_screen.message is not None
    assert "cycles before the pregnancy" in result.pmdd_screen.message
    assert "midwife" in result.pmdd_screen.message
    # Starts logged after the pregnancy began are bleeding in pregnancy, not menses.
    earlier = replace(
        pregnant, context={"pregnancy": "pregnant", "pregnancy_start_date": str(onset(5))}
    )
    result = answer(model, earlier)
    assert result.pmdd_screen.notes[0].params["onsets_left_out"] == 2
    assert all(c.start_date <= onset(5) for c in result.pmdd_screen.cycles)
    assert result.red_flags[0].code == "urgent_care"
    assert result.red_flags[0].params["rules"] == ["bleeding_or_pain_in_pregnancy"]


def test_on_hormonal_contraception_the_screen_is_run_as_usual_with_a_note(
    data: pd.DataFrame, model: SymptomForecastModel
) -> None:
    body: dict[str, Any] = subject_body(data, 158)
    plain = predict(model, SymptomRequest.model_validate(body), today=TODAY).pmdd_screen
    body["context"] = PILL
    noted = predict(model, SymptomRequest.model_validate(body), today=TODAY).pmdd_screen
    assert (noted.result, noted.cycles) == (plain.result, plain.cycles)
    assert noted.result == "mrmd"
    assert [n.code for n in noted.notes] == ["pmdd_screen_on_hormonal_contraception"]
    assert noted.notes[0].params == {"contraception": "combined_hormonal"}
    assert noted.message is not None
    assert plain.message is not None
    assert noted.message.startswith(plain.message)
    assert "mask or change premenstrual symptoms" in noted.message
    assert plain.notes == []


def test_no_forecast_after_the_menopause_or_in_the_months_after_a_birth(
    model: SymptomForecastModel,
) -> None:
    for name, reason in (
        ("spotting after a stated menopause", "menopause"),
        ("lochia for 5 weeks after a birth", "after_birth"),
        ("pregnant, healthy log", "pregnancy"),
    ):
        result = answer(model, named(name))
        assert result.forecast == []
        why = result.assumptions[-1]
        assert why.code == "no_symptom_forecast"
        assert why.params == {"reason": reason}
        assert "no menstrual cycle to forecast" in why.message
    healthy = answer(model, named("healthy ordinary log"))
    assert healthy.forecast
    assert "no_symptom_forecast" not in {a.code for a in healthy.assumptions}


def test_pain_with_dizziness_mentions_pregnancy_only_when_it_is_possible() -> None:
    possible = flag_of(
        named("severe mid-cycle pelvic pain with dizziness and nausea"), "urgent_care"
    )
    assert "ectopic pregnancy" in possible.guidance
    assert possible.params["pain_with_dizziness_or_fainting.could_be_pregnant"] is True
    ruled_out = flag_of(named("severe pelvic pain with dizziness, not pregnant"), "urgent_care")
    assert "pregnancy is ruled out" in ruled_out.guidance
    assert "ectopic" not in ruled_out.guidance
    assert "today" in ruled_out.guidance


def test_fainting_asks_for_a_pregnancy_test_only_when_she_could_be_pregnant() -> None:
    fainted = named("fainting mid-cycle")
    assert "pregnancy test" in flag_of(fainted, "fainting").guidance
    told = replace(fainted, context=NOT_PREGNANT)
    assert "pregnancy" not in flag_of(told, "fainting").guidance
    assert "NICE CG109" in flag_of(told, "fainting").guidance


def test_visible_blood_names_the_suspected_cancer_pathway_from_its_age() -> None:
    urine = named("blood in urine mid-cycle, once")
    for age, pathway in ((None, False), (30, False), (45, True), (60, True)):
        found = flag_of(replace(urine, age=age), "blood_in_urine")
        assert found.params["suspected_cancer_pathway"] is pathway
        assert found.params["age_threshold"] == 45
        assert ("From 45, NICE NG12" in found.guidance) is pathway
        assert "even if it happened once" in found.guidance  # any age: the service's choice
    rectal = named("rectal bleeding mid-cycle, once")
    assert not flag_of(replace(rectal, age=49), "rectal_bleeding").params[
        "suspected_cancer_pathway"
    ]
    at_50 = flag_of(replace(rectal, age=50), "rectal_bleeding")
    assert "From 50, NICE NG12" in at_50.guidance
    assert "FIT" in at_50.guidance


def test_discharge_after_55_names_ng12() -> None:
    alone = named("unusual discharge alone")
    assert "NG12" not in flag_of(alone, "possible_infection").guidance
    older = flag_of(replace(alone, age=56), "possible_infection")
    assert older.params["after_menopause_or_55"] is True
    assert "NICE NG12" in older.guidance
    with_pain = flag_of(named("unusual discharge with pelvic pain"), "possible_infection")
    assert "pelvic inflammatory disease" in with_pain.guidance
    assert with_pain.params["with_pain"] is True


def test_a_late_period_names_its_days_and_signs() -> None:
    found = flag_of(
        named("a period 12 days late with pelvic pain, spotting and dizziness"), "urgent_care"
    )
    assert found.params["late_period_with_pain_or_bleeding.days_late"] == 12
    assert found.params["late_period_with_pain_or_bleeding.signs"] == [
        "pain",
        "bleeding",
        "dizziness",
    ]
    assert "12 days late" in found.guidance
    assert "pregnancy test" in found.guidance
    told = flag_of(
        named("a period 12 days late with pelvic pain, not pregnant"), "late_period_with_symptoms"
    )
    assert "ruled out" in told.guidance
    assert "clinician" in told.guidance


def test_crisis_support_from_logged_thoughts_comes_first_whatever_else_fires() -> None:
    vignette = Vignette(
        "suicidal thoughts during extreme bleeding",
        flag(),
        each((7,), 2, "heavy_bleeding", 6) + each((7,), 3, "self_harm", 2),
    )
    flags = flags_of(vignette)
    assert [f.code for f in flags][:2] == ["crisis_support", "urgent_care"]
    assert flags[0].params["rules"] == ["suicidal_thoughts_or_self_harm"]
    for words in ("emergency services", "crisis line", "now", "988 (US and Canada)"):
        assert words in flags[0].guidance


def test_every_flag_of_every_vignette_carries_its_values_as_json() -> None:
    seen = set()
    for vignette in VIGNETTES:
        for found in flags_of(vignette):
            seen.add(found.code)
            assert found.params, (vignette.name, found.code)
            assert json.loads(json.dumps(found.params)) == found.params
            if found.code in MERGED_CODES:
                rules = found.params["rules"]
                assert isinstance(rules, list)
                assert all(key == "rules" or key.split(".")[0] in rules for key in found.params)
    assert {"urgent_care", "crisis_support", "fainting", "unscheduled_bleeding"} <= seen


def test_merged_flags_say_each_rules_words_once() -> None:
    twenty = flag_of(named("a 20-day bleed"), "urgent_care")
    assert twenty.guidance.count("Seek medical help today") == 1
    both = Vignette(
        "extreme bleeding and pain with fever",
        flag(),
        each((5,), 2, "heavy_bleeding", 6)
        + each((5,), 12, "pelvic_pain", 4)
        + each((5,), 12, "fever", 3),
    )
    urgent = flag_of(both, "urgent_care")
    assert urgent.params["rules"] == ["extreme_bleeding_or_pain", "pain_with_fever"]
    assert "Seek medical help today" in urgent.guidance
    assert "pelvic inflammatory disease" in urgent.guidance
    assert "NICE CKS Pelvic inflammatory disease" in urgent.source
    assert urgent.source.count("NICE NG126") == 1
    assert len(urgent.evidence) == 2
    assert (onset(5) + timedelta(days=11)).isoformat() in urgent.evidence[1]
