"""The full domain services answer the contract's example bodies the same on every backend."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from fembalance_ml.cycle import service as cycle_service
from fembalance_ml.cycle.schemas import CycleRequest
from fembalance_ml.pcos import service as pcos_service
from fembalance_ml.pcos.schemas import PcosRequest
from fembalance_ml.serving.backends import Backend, compile_model
from tests.conftest import body
from tests.serving.backends.conftest import load_model

TODAY = datetime.date(2026, 3, 1)


def _answer(case: str, backend: Backend | None, payload: dict[str, Any]) -> dict[str, Any]:
    model = load_model("pcos" if case == "pcos" else "cycle_prediction")
    if backend is not None:
        compile_model(model, backend)
    if case == "pcos":
        request = PcosRequest.model_validate(payload)
        return pcos_service.predict(model, request, today=TODAY).model_dump(mode="json")
    cycle = CycleRequest.model_validate(payload)
    return cycle_service.predict(model, cycle, today=TODAY).model_dump(mode="json")


def _clinical_pcos_body() -> dict[str, Any]:
    payload = body("pcos")
    payload["features"] |= {"amh_ng_ml": 7.5, "lh_miu_ml": 9.1, "follicle_count_left": 14}
    return payload


@pytest.mark.parametrize("payload", [body("pcos"), _clinical_pcos_body()])
def test_pcos_answers_match_the_reference(backend: Backend, payload: dict[str, Any]) -> None:
    expected = _answer("pcos", None, payload)
    got = _answer("pcos", backend, payload)
    assert got["risk_score"] == pytest.approx(expected["risk_score"], rel=1e-5, abs=1e-6)
    for mine, theirs in zip(got["contributions"], expected["contributions"], strict=True):
        assert mine["contribution"] == pytest.approx(theirs["contribution"], rel=1e-5, abs=1e-6)
    for field in ("risk_level", "key_factors", "variant", "criteria", "recommendations"):
        assert got[field] == expected[field]


@pytest.mark.parametrize("history", [None, ["2025-12-24"], ["2025-10-01", "2026-02-10"]])
def test_cycle_answers_match_the_reference(backend: Backend, history: list[str] | None) -> None:
    payload = body("cycle")
    if history is not None:
        payload["cycles"] = [{"start_date": day} for day in history]
    assert _answer("cycle", backend, payload) == _answer("cycle", None, payload)
