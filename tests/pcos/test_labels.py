"""Plain labels for every PCOS input, published at GET /api/v1/pcos/features."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fembalance_ml.pcos.features import CLINICAL_FEATURES, SYMPTOMS
from fembalance_ml.pcos.labels import LABELS, feature_listing
from fembalance_ml.pcos.schemas import PcosFeatures


def test_every_accepted_input_has_a_label_and_no_label_is_stale() -> None:
    assert set(LABELS) == set(PcosFeatures.model_fields)
    assert all(label.template[0].isupper() for label, _unit in LABELS.values())


def test_listing_follows_the_schema() -> None:
    listed = {f["name"]: f for f in feature_listing()["features"]}
    assert list(listed) == list(PcosFeatures.model_fields)
    for name in SYMPTOMS:
        assert listed[name]["type"] == "boolean"
        assert listed[name]["required"] is True
    assert listed["follicle_count_left"]["type"] == "integer"
    assert listed["age"] == {**listed["age"], "minimum": 8.0, "maximum": 70.0, "unit": "years"}
    assert listed["tsh_miu_l"]["group"] == "exclusion_lab"
    assert listed["tsh_miu_l"]["feeds_score"] is False
    assert {n for n, f in listed.items() if f["feeds_score"]} == set(CLINICAL_FEATURES)


def test_endpoint_serves_the_listing(client: TestClient) -> None:
    answer = client.get("/api/v1/pcos/features")
    assert answer.status_code == 200
    assert answer.json() == feature_listing()
