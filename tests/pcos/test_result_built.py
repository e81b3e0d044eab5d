"""`service.built` makes the result `PcosResult.model_construct` makes, attribute for attribute."""

from __future__ import annotations

import datetime

from fembalance_ml.pcos import service
from fembalance_ml.pcos.model import PcosModel
from fembalance_ml.pcos.schemas import PcosRequest, PcosResult
from fembalance_ml.serving.artifacts import load_verified
from tests.conftest import MODELS
from tests.pcos.golden_corpus import corpus

TODAY = datetime.date(2026, 6, 1)
SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


def test_built_results_are_model_constructs() -> None:
    model: PcosModel = load_verified(MODELS / "pcos", "latest").model
    checked = 0
    for body in corpus(7, 300):
        try:
            request = PcosRequest.model_validate(body)
        except ValueError:
            continue
        one = next(service.scored(model, [request]))
        fields = service.answer_fields(request, one, TODAY)
        made, reference = service.built(dict(fields)), PcosResult.model_construct(**fields)
        assert set(fields) == set(PcosResult.model_fields)
        for slot in SLOTS:
            assert getattr(made, slot) == getattr(reference, slot), slot
        assert made == reference
        assert made.model_dump_json() == reference.model_dump_json()
        checked += 1
    assert checked > 200
