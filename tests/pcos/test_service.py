"""The service: scores, levels, variants, explanations, batch consistency."""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest

from fembalance_ml.pcos.model import PcosModel
from fembalance_ml.pcos.schemas import PcosRequest, PcosResult
from fembalance_ml.pcos.service import (
    RiskLevel,
    confidence_for,
    floored_for_criteria,
    predict,
    predict_many,
    risk_level_for,
)
from fembalance_ml.serving.artifacts import load_verified
from tests.conftest import MODELS

TODAY = datetime.date(2026, 11, 26)
SYMPTOMS: dict[str, Any] = {
    "irregular_periods": 1,
    "excess_hair_growth": 1,
    "acne": 1,
    "weight_gain": 1,
    "hair_loss": 0,
    "dark_skin_patches": 1,
}


def _request(**extra: Any) -> PcosRequest:
    return PcosRequest.model_validate({"features": {**SYMPTOMS, **extra}})


def _predict(model: PcosModel, request: PcosRequest) -> PcosResult:
    return predict(model, request, today=TODAY)


def test_screening_response_shape(model: PcosModel) -> None:
    response = _predict(model, _request(age=26, bmi=27.5))
    assert 0.0 <= response.risk_score <= 1.0
    assert 0.5 <= response.confidence <= 1.0
    assert response.variant == "screening"
    # The result only: version, disclaimer and group are the serving layer's.
    assert type(response) is PcosResult
    assert response.recommendations
    assert response.missing_features == ["period_length_days", "fast_food", "regular_exercise"]


def test_risk_level_follows_the_model_thresholds(model: PcosModel) -> None:
    for request in (_request(), _request(**dict.fromkeys(SYMPTOMS, 0))):
        response = _predict(model, request)
        assert response.risk_level == risk_level_for(
            response.risk_score, model.screening.thresholds
        )


def test_many_symptoms_score_higher_than_none(model: PcosModel) -> None:
    high = _predict(model, _request(age=25))
    low = _predict(model, PcosRequest.model_validate({"features": dict.fromkeys(SYMPTOMS, 0)}))
    assert high.risk_score > low.risk_score
    assert "irregular_periods" in high.key_factors
    assert low.risk_level == "Low"


def test_follicle_counts_select_the_clinical_variant(model: PcosModel) -> None:
    response = _predict(model, _request(follicle_count_left=22, follicle_count_right=18))
    assert response.variant == "clinical"
    assert response.criteria.polycystic_ovarian_morphology is True
    assert "amh_ng_ml" in response.missing_features
    assert "follicle_count_left" not in response.missing_features


def test_contributions_add_up_to_the_logit(model: PcosModel) -> None:
    for request in (_request(age=30, bmi=31.0), _request(amh_ng_ml=9.0, lh_miu_ml=6.0)):
        response = _predict(model, request)
        fitted = model.variant(response.variant)
        total = sum(c["contribution"] for c in response.contributions) + fitted.intercept
        assert total == pytest.approx(math.log(response.risk_score / (1 - response.risk_score)))


def test_absent_features_contribute_nothing(model: PcosModel) -> None:
    response = _predict(model, _request())
    absent = [c for c in response.contributions if c["value"] is None]
    assert {c["feature"] for c in absent} == set(response.missing_features)
    assert all(c["contribution"] == pytest.approx(0.0, abs=1e-9) for c in absent)


def test_key_factors_are_positive_and_ordered(model: PcosModel) -> None:
    response = _predict(model, _request(age=22, bmi=33.0, follicle_count_right=15))
    by_name = {c["feature"]: c["contribution"] for c in response.contributions}
    strengths = [by_name[name] for name in response.key_factors]
    assert all(s > 0 for s in strengths)
    assert strengths == sorted(strengths, reverse=True)


def test_predict_many_matches_one_by_one(model: PcosModel) -> None:
    requests = [
        _request(),
        _request(age=35, bmi=22.0, fast_food=1),
        _request(follicle_count_left=11, amh_ng_ml=4.2),
        PcosRequest.model_validate({"features": dict.fromkeys(SYMPTOMS, 0)}),
        _request(tsh_miu_l=2.5, height_cm=160, weight_kg=70),
    ]
    batch = predict_many(model, requests, today=TODAY)
    assert [r.variant for r in batch] == [
        "screening",
        "screening",
        "clinical",
        "screening",
        "screening",  # TSH is not a model input: it selects no variant
    ]
    assert batch == [_predict(model, request) for request in requests]


def test_confidence_is_half_on_a_cutoff_and_grows_inside_a_band(model: PcosModel) -> None:
    thresholds = model.screening.thresholds
    assert confidence_for(thresholds.low, thresholds) == pytest.approx(0.5)
    assert confidence_for(0.0, thresholds) == pytest.approx(1.0)
    assert confidence_for(1.0, thresholds) == pytest.approx(1.0)
    middle = (thresholds.low + thresholds.high) / 2
    assert confidence_for(middle, thresholds) == pytest.approx(1.0)


def test_v2_1_0_still_serves_and_ignores_thyroid_and_prolactin() -> None:
    """The previous version stays loadable (rollback, A/B control) with TSH/PRL withheld."""
    previous: PcosModel = load_verified(MODELS / "pcos", "v2.1.0").model
    previous.warmup()
    assert "tsh_miu_l" in previous.clinical.features
    base = _request(amh_ng_ml=9.0, lh_miu_ml=6.0)
    labs = _request(amh_ng_ml=9.0, lh_miu_ml=6.0, tsh_miu_l=60, prl_ng_ml=150)
    without, given = (_predict(previous, r) for r in (base, labs))
    assert given.risk_score == without.risk_score
    by_name = {c["feature"]: c["contribution"] for c in given.contributions}
    assert by_name["tsh_miu_l"] == pytest.approx(0.0, abs=1e-9)
    assert by_name["prl_ng_ml"] == pytest.approx(0.0, abs=1e-9)
    assert not {"tsh_miu_l", "prl_ng_ml"} & set(given.key_factors + given.missing_features)
    assert {f.code for f in given.flags} >= {"thyroid_check", "prolactin_check"}


@pytest.mark.parametrize(
    ("level", "met", "expected"),
    [("Low", 2, "Medium"), ("Low", 3, "Medium"), ("Low", 1, "Low"), ("High", 2, "High")],
)
def test_two_criteria_floor_the_level_at_medium(
    level: RiskLevel, met: int, expected: RiskLevel
) -> None:
    assert floored_for_criteria(level, met) == expected
