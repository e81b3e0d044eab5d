"""Fixtures for backend tests: the committed models, real rows, and each backend.

The torch backend runs on the CPU unless TORCH_TEST_DEVICE=cuda (scripts/gpu_check.sh sets
it), in which case a machine without CUDA fails instead of quietly testing the CPU.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fembalance_ml.config import PROJECT_ROOT, get_settings
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.serving.backends import Backend
from fembalance_ml.serving.backends.select import make_backend
from fembalance_ml.training.cycle.data import load_all
from fembalance_ml.training.cycle.fitting import build_examples, model_inputs
from fembalance_ml.training.pcos.dataset import feature_matrix, load_pcos

MODELS = PROJECT_ROOT / "models"
COMPILED_BACKENDS = ("onnx", "torch")


def torch_test_device() -> str:
    """`cpu`, or `cuda` when TORCH_TEST_DEVICE asks for the GPU."""
    return os.environ.get("TORCH_TEST_DEVICE", "cpu")


def load_model(name: str) -> Any:
    """A fresh, verified copy of a committed model (each test may install its own kernels)."""
    return load_verified(MODELS / name, "latest").model


@pytest.fixture(scope="session", params=COMPILED_BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each compiled backend in turn; torch on TORCH_TEST_DEVICE."""
    name: str = request.param
    if name == "torch":
        pytest.importorskip("torch", reason="torch is not installed in this environment")
        return make_backend("torch", torch_test_device())
    return make_backend(name)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """DATA_DIR, where the real data sets live."""
    return get_settings().models.data_dir


@pytest.fixture(scope="session")
def real_rows(data_dir: Path) -> dict[str, np.ndarray]:
    """Real model inputs by part: PCOS cohort rows and cycle-history feature rows."""
    pcos = load_model("pcos")
    cohort = load_pcos(data_dir)
    rows = {}
    for variant in ("screening", "clinical"):
        matrix = feature_matrix(cohort, pcos.variant(variant).features)
        rows[variant] = rows[f"{variant}_standardise"] = matrix
    # The cycle model's own input rows: history features, plus pooled ones from v1.5.0.
    histories = model_inputs(load_model("cycle_prediction"), build_examples(load_all(data_dir)))
    rows["point_model"] = rows["scale_model"] = histories
    return rows
