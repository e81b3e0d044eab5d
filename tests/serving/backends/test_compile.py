"""Compiling a loaded model: installation, per-part fallback, pickling, and the manager."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import pytest

from fembalance_ml.serving.backends import Backend, Kernel, NotCompilableError, compile_model
from fembalance_ml.serving.backends.select import make_backend
from fembalance_ml.serving.manager import ModelManager
from tests.serving.backends.conftest import MODELS, load_model
from tests.serving.toy import ScaledSum


class RefusesOnePart:
    """A backend that cannot compile one named part (a converter that fails)."""

    def __init__(self, inner: Backend, refused: str, error: type[Exception]) -> None:
        self.inner = inner
        self.refused = refused
        self.error = error
        self.name = inner.name
        self.device = inner.device

    def compile(self, part: str, estimator: Any) -> Kernel | None:
        """The inner backend's kernel, except for the refused part."""
        if part == self.refused:
            raise self.error(f"cannot compile {part}")
        return self.inner.compile(part, estimator)


@pytest.mark.parametrize("error", [NotCompilableError, RuntimeError])
def test_a_part_that_fails_to_compile_stays_on_the_reference(error: type[Exception]) -> None:
    model = load_model("pcos")
    rows = np.full((1, len(model.clinical.features)), np.nan)
    rows[0, 0] = 1.0
    expected = model.predict_proba("clinical", rows)
    report = compile_model(model, RefusesOnePart(make_backend("onnx"), "clinical", error))
    assert report.parts["screening"] == "onnx"
    assert report.parts["clinical_standardise"] == "onnx"
    assert report.parts["clinical"].startswith("reference (")
    assert "cannot compile clinical" in report.parts["clinical"]
    np.testing.assert_allclose(model.predict_proba("clinical", rows), expected, rtol=1e-12)
    model.warmup()


def test_symptom_tables_stay_on_the_reference(backend: Backend) -> None:
    report = compile_model(load_model("symptom_analysis"), backend)
    assert report.parts == {"forecast_tables": "reference (numpy, not compiled)"}


def test_a_model_without_kernels_is_reported_as_reference(backend: Backend) -> None:
    report = compile_model(ScaledSum(2.0), backend)
    assert report.parts == {"model": "reference (no kernels)"}


@pytest.mark.parametrize("name", ["pcos", "cycle_prediction"])
def test_installed_kernels_are_not_pickled(backend: Backend, name: str) -> None:
    model = load_model(name)
    report = compile_model(model, backend)
    assert set(report.parts.values()) == {backend.name}
    copy = pickle.loads(pickle.dumps(model))
    copy.warmup()
    assert pickle.dumps(copy) == pickle.dumps(load_model(name))


def test_unknown_parts_are_refused() -> None:
    with pytest.raises(ValueError, match="no such"):
        load_model("cycle_prediction").install_kernels({"nope": np.asarray})
    with pytest.raises(ValueError, match="no such"):
        load_model("pcos").install_kernels({"nope": np.asarray})
    with pytest.raises(ValueError, match="no compilable"):
        load_model("symptom_analysis").install_kernels({"forecast_tables": np.asarray})


def test_manager_compiles_before_warmup_and_reports_per_version(backend: Backend) -> None:
    wanted = {"pcos": "latest", "cycle_prediction": "latest", "symptom_analysis": "latest"}
    manager = ModelManager(MODELS, wanted, backend=backend)
    manager.load_all()
    assert manager.ready
    pcos = manager.status("pcos")
    info = pcos.backends[pcos.version or ""]
    assert info["backend"] == backend.name
    assert info["device"] == backend.device
    assert info["parts"]["screening"] == backend.name
    cycle = manager.describe("cycle_prediction")
    assert cycle["backends"][cycle["version"]]["parts"] == {
        "point_model": backend.name,
        "scale_model": backend.name,
    }
    symptoms = manager.status("symptom_analysis")
    assert symptoms.backends[symptoms.version or ""]["parts"] == {
        "forecast_tables": "reference (numpy, not compiled)"
    }


def test_manager_defaults_to_the_reference_backend() -> None:
    manager = ModelManager(MODELS, {"cycle_prediction": "latest"})
    manager.load_all()
    status = manager.status("cycle_prediction")
    assert status.backends[status.version or ""] == {
        "backend": "sklearn",
        "device": "cpu",
        "parts": {"point_model": "reference", "scale_model": "reference"},
    }
