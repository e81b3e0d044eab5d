"""Rotterdam criteria (2023 guideline) from the answers."""

from __future__ import annotations

from typing import Any

import pytest

from fembalance_ml.pcos.criteria import assess
from fembalance_ml.pcos.schemas import PcosFeatures

NONE: dict[str, Any] = {
    "irregular_periods": 0,
    "excess_hair_growth": 0,
    "acne": 0,
    "weight_gain": 0,
    "hair_loss": 0,
    "dark_skin_patches": 0,
}


def _features(**changes: Any) -> PcosFeatures:
    return PcosFeatures.model_validate({**NONE, **changes})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, False),
        ({"irregular_periods": 1}, True),
        ({"cycle_length_days": 40}, True),
        ({"cycle_length_days": 19}, True),
        ({"cycle_length_days": 28}, False),
        ({"cycle_length_days": 35}, False),
    ],
)
def test_ovulatory_dysfunction(changes: dict[str, Any], expected: bool) -> None:
    assert assess(_features(**changes)).ovulatory_dysfunction is expected


@pytest.mark.parametrize("sign", ["excess_hair_growth", "acne", "hair_loss"])
def test_any_clinical_sign_means_hyperandrogenism(sign: str) -> None:
    assert assess(_features(**{sign: 1})).hyperandrogenism is True


def test_no_clinical_sign_cannot_exclude_biochemical_hyperandrogenism() -> None:
    assert assess(_features(dark_skin_patches=1)).hyperandrogenism is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, None),
        ({"follicle_count_left": 20}, True),
        ({"follicle_count_left": 5, "follicle_count_right": 21}, True),
        ({"follicle_count_left": 19, "follicle_count_right": 12}, False),
        ({"follicle_count_left": 12}, None),
        ({"amh_ng_ml": 15.0}, None),
    ],
)
def test_polycystic_ovarian_morphology(changes: dict[str, Any], expected: bool | None) -> None:
    assert assess(_features(**changes)).polycystic_ovarian_morphology is expected
