"""Clinical vignettes of docs/CLINICAL.md, "PCOS risk": each rule fires where it must, only there.

Scored with the committed model (models/pcos/latest), the one the service serves, so the
reproductions from issue 15 are checked against the real answer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.pcos.model import PcosModel
from fembalance_ml.pcos.schemas import PcosRequest, PcosResult
from fembalance_ml.pcos.service import predict
from fembalance_ml.serving.artifacts import load_verified
from tests.conftest import MODELS

TODAY = datetime.date(2026, 11, 29)
NO_SYMPTOMS: dict[str, Any] = {
    "irregular_periods": 0,
    "excess_hair_growth": 0,
    "acne": 0,
    "weight_gain": 0,
    "hair_loss": 0,
    "dark_skin_patches": 0,
}
LEVELS = ("Low", "Medium", "High")
ALL_CODES = frozenset(
    {
        "two_or_more_criteria",
        "thyroid_check",
        "prolactin_check",
        "high_testosterone",
        "very_high_testosterone",
        "adolescent_criteria",
    }
)


@dataclass(frozen=True)
class Vignette:
    """A person's answers and what the answer must (and must not) say."""

    name: str
    features: dict[str, Any]
    flags: frozenset[str] = frozenset()
    """Flag codes that must fire; every other code must stay silent."""
    criteria: dict[str, bool | None] = field(default_factory=dict)
    met: int | None = None
    level_at_least: str = "Low"


def _v(name: str, flags: tuple[str, ...] = (), **kwargs: Any) -> Vignette:
    features = {**NO_SYMPTOMS, **kwargs.pop("features")}
    return Vignette(name, features, frozenset(flags), **kwargs)


OD, HA, PCOM = "ovulatory_dysfunction", "hyperandrogenism", "polycystic_ovarian_morphology"
VIGNETTES = [
    # --- criteria count and the Medium floor (PCOS 2023: 2 of 3 criteria) ---
    _v(
        "adult_60_day_cycles_and_hair_loss",  # issue 15, item 3
        ("two_or_more_criteria",),
        features={"cycle_length_days": 60, "hair_loss": 1, "age": 35, "bmi": 20},
        criteria={OD: True, HA: True, PCOM: None},
        met=2,
        level_at_least="Medium",
    ),
    _v(
        "adult_irregular_hirsutism_20_follicles",
        ("two_or_more_criteria",),
        features={
            "irregular_periods": 1,
            "excess_hair_growth": 1,
            "age": 29,
            "follicle_count_left": 24,
            "follicle_count_right": 21,
        },
        criteria={OD: True, HA: True, PCOM: True},
        met=3,
        level_at_least="Medium",
    ),
    _v(
        "adult_60_day_cycles_only",
        features={"cycle_length_days": 60, "age": 35, "bmi": 20},
        criteria={OD: True, HA: None, PCOM: None},
        met=1,
    ),
    _v(
        "adult_no_features",
        features={"cycle_length_days": 28, "age": 30, "bmi": 22},
        criteria={OD: False, HA: None, PCOM: None},
        met=0,
    ),
    # --- exclusion labs: thyroid and prolactin (PCOS 2023: exclude mimics) ---
    _v(
        "irregular_with_tsh_60_prolactin_150",  # issue 15, item 4
        ("thyroid_check", "prolactin_check"),
        features={"irregular_periods": 1, "tsh_miu_l": 60, "prl_ng_ml": 150},
        criteria={OD: True},
        met=1,
    ),
    _v("low_tsh", ("thyroid_check",), features={"age": 30, "tsh_miu_l": 0.1}),
    _v("tsh_at_upper_limit", features={"age": 30, "tsh_miu_l": 4.5}),
    _v("tsh_at_lower_limit", features={"age": 30, "tsh_miu_l": 0.4}),
    _v("tsh_just_above", ("thyroid_check",), features={"age": 30, "tsh_miu_l": 4.6}),
    _v("prolactin_at_limit", features={"age": 30, "prl_ng_ml": 25}),
    _v("prolactin_just_above", ("prolactin_check",), features={"age": 30, "prl_ng_ml": 25.5}),
    _v("normal_tsh_and_prolactin", features={"age": 30, "tsh_miu_l": 2.0, "prl_ng_ml": 12}),
    # --- adolescents (PCOS 2023: within 8 years of menarche) ---
    _v(
        "girl_15_acne_40_day_cycles_22_follicles",  # issue 15, item 5
        ("adolescent_criteria",),
        features={
            "acne": 1,
            "age": 15,
            "cycle_length_days": 40,
            "follicle_count_left": 22,
            "follicle_count_right": 22,
        },
        criteria={OD: False, HA: None, PCOM: None},
        met=0,
    ),
    _v(
        "first_year_after_menarche_60_day_cycles",
        ("adolescent_criteria",),
        features={
            "irregular_periods": 1,
            "age": 13,
            "years_since_menarche": 0.5,
            "cycle_length_days": 60,
        },
        criteria={OD: None},
        met=0,
    ),
    _v(
        "two_years_after_menarche_40_day_cycles",
        ("adolescent_criteria",),
        features={"age": 14, "years_since_menarche": 2, "cycle_length_days": 40},
        criteria={OD: False},
    ),
    _v(
        "two_years_after_menarche_50_day_cycles",
        ("adolescent_criteria",),
        features={"age": 14, "years_since_menarche": 2, "cycle_length_days": 50},
        criteria={OD: True},
    ),
    _v(
        "two_years_after_menarche_19_day_cycles",
        ("adolescent_criteria",),
        features={"age": 14, "years_since_menarche": 2, "cycle_length_days": 19},
        criteria={OD: True},
    ),
    _v(
        "two_years_after_menarche_reports_irregular",
        ("adolescent_criteria",),
        features={"irregular_periods": 1, "age": 14, "years_since_menarche": 2},
        criteria={OD: None},
    ),
    _v(
        "five_years_after_menarche_40_day_cycles",
        ("adolescent_criteria",),
        features={"age": 17, "years_since_menarche": 5, "cycle_length_days": 40},
        criteria={OD: True},
    ),
    _v(
        "five_years_after_menarche_reports_irregular",
        ("adolescent_criteria",),
        features={"irregular_periods": 1, "age": 17, "years_since_menarche": 5},
        criteria={OD: True},
    ),
    _v(
        "adolescent_hirsutism_counts",
        ("adolescent_criteria",),
        features={"excess_hair_growth": 1, "age": 16},
        criteria={HA: True},
    ),
    _v(
        "adolescent_hair_loss_does_not_count",
        ("adolescent_criteria",),
        features={"hair_loss": 1, "age": 16},
        criteria={HA: None},
    ),
    _v(
        "adolescent_acne_with_normal_testosterone_undecided",
        ("adolescent_criteria",),
        features={"acne": 1, "age": 16, "total_testosterone_nmol_l": 1.0},
        criteria={HA: None},
    ),
    _v(
        "adolescent_hirsutism_and_50_day_cycles",
        ("adolescent_criteria", "two_or_more_criteria"),
        features={
            "excess_hair_growth": 1,
            "age": 16,
            "years_since_menarche": 4,
            "cycle_length_days": 50,
        },
        criteria={OD: True, HA: True, PCOM: None},
        met=2,
        level_at_least="Medium",
    ),
    _v(
        "adult_by_menarche_though_17",
        features={
            "age": 17,
            "years_since_menarche": 8.5,
            "follicle_count_left": 22,
            "follicle_count_right": 10,
        },
        criteria={PCOM: True},
    ),
    _v(
        "adult_at_18_menarche_unknown",
        features={"acne": 1, "age": 18},
        criteria={HA: True},
    ),
    # --- testosterone (biochemical hyperandrogenism) ---
    _v(
        "raised_testosterone_no_signs",
        ("high_testosterone",),
        features={"age": 28, "total_testosterone_nmol_l": 3.0},
        criteria={HA: True},
        met=1,
    ),
    _v(
        "testosterone_at_limit_no_signs",
        features={"age": 28, "total_testosterone_nmol_l": 2.0},
        criteria={HA: False},
        met=0,
    ),
    _v(
        "very_high_testosterone",
        ("very_high_testosterone",),
        features={"age": 28, "total_testosterone_nmol_l": 7.5},
        criteria={HA: True},
    ),
    _v(
        "adolescent_raised_testosterone_counts",
        ("adolescent_criteria", "high_testosterone"),
        features={"age": 16, "total_testosterone_nmol_l": 2.8},
        criteria={HA: True},
    ),
]


@pytest.fixture(scope="module")
def served() -> PcosModel:
    """The committed model that `latest` points at."""
    model: PcosModel = load_verified(MODELS / "pcos", "latest").model
    return model


def answer(model: PcosModel, features: dict[str, Any]) -> PcosResult:
    """The service's answer to `features`."""
    request = PcosRequest.model_validate({"features": features})
    return predict(model, request, today=TODAY)


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.name)
def test_vignette(served: PcosModel, vignette: Vignette) -> None:
    response = answer(served, vignette.features)
    codes = {flag.code for flag in response.flags}
    assert codes & vignette.flags == vignette.flags, "a flag that must fire did not"
    assert not codes & (ALL_CODES - vignette.flags), "a flag fired that must not"
    criteria = response.criteria.model_dump()
    for name, expected in vignette.criteria.items():
        assert criteria[name] is expected, name
    if vignette.met is not None:
        assert response.criteria_met == vignette.met
    assert response.criteria_met == sum(value is True for value in criteria.values())
    assert LEVELS.index(response.risk_level) >= LEVELS.index(vignette.level_at_least)
    assert not any("do not suggest" in text for text in response.recommendations)
    # v1 clients show recommendations and may not know `flags`: every flag is said there.
    said = " ".join(response.recommendations)
    assert all(f.message in said or f.code == "two_or_more_criteria" for f in response.flags)
    if "two_or_more_criteria" in codes:
        assert "rule out other causes" in said


def test_two_criteria_raise_a_low_score_to_medium_and_send_to_a_doctor(
    served: PcosModel,
) -> None:
    """Issue 15, item 3: the score alone says Low; the criteria make it Medium."""
    features = {**NO_SYMPTOMS, "cycle_length_days": 60, "hair_loss": 1, "age": 35, "bmi": 20}
    response = answer(served, features)
    assert response.risk_score < served.screening.thresholds.low
    assert response.risk_level == "Medium"
    assert response.confidence == 0.5
    text = " ".join(response.recommendations)
    assert "a doctor needs to assess this and rule out other causes" in text
    flag = next(f for f in response.flags if f.code == "two_or_more_criteria")
    assert "2 of the 3" in flag.message
    assert "rule out other causes" in flag.message


def test_low_never_reassures_and_says_when_to_see_a_doctor(served: PcosModel) -> None:
    response = answer(served, {**NO_SYMPTOMS, "cycle_length_days": 28, "age": 30, "bmi": 22})
    assert response.risk_level == "Low"
    assert "lower than average for the answers you gave" in response.recommendations[0]
    assert "see a doctor anyway if your periods are irregular" in response.recommendations[0]


def test_thyroid_and_prolactin_do_not_feed_the_score(served: PcosModel) -> None:
    """Issue 15, item 4: TSH 60 and prolactin 150 change flags, never the score."""
    base = {**NO_SYMPTOMS, "irregular_periods": 1}
    without = answer(served, base)
    labs = answer(served, {**base, "tsh_miu_l": 60, "prl_ng_ml": 150})
    assert labs.risk_score == without.risk_score
    assert labs.risk_level == without.risk_level
    assert labs.variant == "screening"
    every_feature = {c["feature"] for c in labs.contributions}
    assert not {"tsh_miu_l", "prl_ng_ml"} & (every_feature | set(labs.key_factors))
    messages = {f.code: f.message for f in labs.flags}
    assert "Thyroid" in messages["thyroid_check"]
    assert "ranges vary" in messages["thyroid_check"]
    assert "prolactin" in messages["prolactin_check"]
    assert "ranges vary" in messages["prolactin_check"]


def test_labs_leave_the_clinical_score_alone(served: PcosModel) -> None:
    base = {**NO_SYMPTOMS, "irregular_periods": 1, "amh_ng_ml": 8.0, "lh_miu_ml": 9.0}
    without = answer(served, base)
    labs = answer(served, {**base, "tsh_miu_l": 60, "prl_ng_ml": 150})
    assert labs.variant == without.variant == "clinical"
    assert labs.risk_score == without.risk_score


def test_adolescent_score_ignores_ultrasound_and_amh(served: PcosModel) -> None:
    """Issue 15, item 5: 22 follicles at 15 neither meet a criterion nor raise the score."""
    base = {**NO_SYMPTOMS, "acne": 1, "age": 15, "cycle_length_days": 40}
    without = answer(served, base)
    ultrasound = {"follicle_count_left": 22, "follicle_count_right": 22, "amh_ng_ml": 12.0}
    given = answer(served, {**base, **ultrasound})
    assert given.variant == without.variant == "screening"
    assert given.risk_score == without.risk_score
    assert not set(ultrasound) & set(given.key_factors)
    assert not set(ultrasound) & set(given.missing_features)
    adult = answer(served, {**base, **ultrasound, "age": 25})
    assert adult.variant == "clinical"
    assert adult.criteria.polycystic_ovarian_morphology is True


def test_adolescent_flag_explains_acne_and_reassessment(served: PcosModel) -> None:
    response = answer(served, {**NO_SYMPTOMS, "acne": 1, "age": 15})
    message = next(f.message for f in response.flags if f.code == "adolescent_criteria")
    assert "acne alone" in message
    assert "re-assesses later" in message


def test_testosterone_message_says_lab_ranges_vary(served: PcosModel) -> None:
    response = answer(served, {**NO_SYMPTOMS, "total_testosterone_nmol_l": 3.1})
    assert "ranges vary" in response.flags[0].message


def test_api_answers_with_criteria_met_and_flags(client: TestClient) -> None:
    features = {**NO_SYMPTOMS, "irregular_periods": 1, "tsh_miu_l": 60, "prl_ng_ml": 150}
    reply = client.post("/api/v1/predict/pcos", json={"features": features})
    assert reply.status_code == 200
    body = reply.json()
    assert body["criteria_met"] == 1
    assert [f["code"] for f in body["flags"]] == ["thyroid_check", "prolactin_check"]
    assert "tsh_miu_l" not in body["key_factors"]


@pytest.mark.parametrize(
    "change",
    [
        {"age": 14, "years_since_menarche": 20},
        {"total_testosterone_nmol_l": 80},  # 80 ng/dL sent as nmol/L
        {"total_testosterone_nmol_l": "2.0"},
        {"years_since_menarche": -1},
    ],
)
def test_api_refuses_impossible_menarche_and_testosterone(
    client: TestClient, change: dict[str, Any]
) -> None:
    reply = client.post("/api/v1/predict/pcos", json={"features": {**NO_SYMPTOMS, **change}})
    assert reply.status_code == 422
    assert reply.json()["error"]["code"]
    assert "80" not in reply.json()["error"]["message"]
