"""Request validation: the contract's rejections."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from fembalance_ml.pcos.schemas import PcosFeatures, PcosRequest

SYMPTOMS: dict[str, Any] = {
    "irregular_periods": 1,
    "excess_hair_growth": True,
    "acne": 0,
    "weight_gain": False,
    "hair_loss": 0,
    "dark_skin_patches": 0,
}


def test_minimal_request_is_accepted() -> None:
    request = PcosRequest.model_validate({"features": SYMPTOMS})
    assert request.features.irregular_periods is True
    assert request.features.age is None


@pytest.mark.parametrize(
    "change",
    [
        {"acne": 2},
        {"acne": "1"},
        {"weight_kg": -3},
        {"bmi": 500},
        {"age": "27"},
        {"unknown_symptom": 1},
        {"follicle_count_left": 3.5},
        {"tsh_miu_l": float("nan")},
    ],
)
def test_bad_values_are_rejected(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        PcosFeatures.model_validate({**SYMPTOMS, **change})


def test_missing_required_symptom_is_rejected() -> None:
    incomplete = {k: v for k, v in SYMPTOMS.items() if k != "hair_loss"}
    with pytest.raises(ValidationError, match="hair_loss"):
        PcosFeatures.model_validate(incomplete)


def test_bmi_is_computed_from_height_and_weight() -> None:
    features = PcosFeatures.model_validate({**SYMPTOMS, "height_cm": 160, "weight_kg": 64})
    assert features.bmi == pytest.approx(25.0)


def test_given_bmi_wins_over_height_and_weight() -> None:
    given = {**SYMPTOMS, "bmi": 30, "height_cm": 160, "weight_kg": 64}
    assert PcosFeatures.model_validate(given).bmi == 30


def test_impossible_bmi_from_height_and_weight_is_rejected() -> None:
    with pytest.raises(ValidationError, match="BMI"):
        PcosFeatures.model_validate({**SYMPTOMS, "height_cm": 100, "weight_kg": 290})


def test_request_rejects_unknown_top_level_field_and_long_user_id() -> None:
    with pytest.raises(ValidationError):
        PcosRequest.model_validate({"features": SYMPTOMS, "extra": 1})
    with pytest.raises(ValidationError):
        PcosRequest.model_validate({"features": SYMPTOMS, "user_id": "x" * 129})
