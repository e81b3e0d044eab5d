"""Estimators outside the hand-written specs: skl2onnx's float32 path, or the reference."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression

from fembalance_ml.serving.backends import NotCompilableError
from fembalance_ml.serving.backends.reference import reference_kernel
from fembalance_ml.serving.backends.select import make_backend
from fembalance_ml.serving.backends.specs import spec_for


@pytest.fixture(scope="module")
def training() -> tuple[np.ndarray, np.ndarray]:
    """A small, easy classification problem."""
    rng = np.random.default_rng(3)
    rows = rng.normal(size=(300, 4))
    return rows, (rows[:, 0] + rows[:, 1] > 0).astype(int)


def test_onnx_converts_other_estimators_with_skl2onnx(training: tuple[np.ndarray, ...]) -> None:
    rows, labels = training
    model = LogisticRegression().fit(rows, labels)
    kernel = make_backend("onnx").compile("bare", model)
    assert kernel is not None
    # float32 inputs and weights: agreement to float32 rounding, not float64.
    np.testing.assert_allclose(kernel(rows), reference_kernel(model)(rows), rtol=1e-5, atol=1e-6)


def test_torch_refuses_what_it_has_no_compiler_for(training: tuple[np.ndarray, ...]) -> None:
    pytest.importorskip("torch", reason="torch is not installed in this environment")
    rows, labels = training
    with pytest.raises(NotCompilableError, match="no compiler"):
        make_backend("torch").compile("bare", LogisticRegression().fit(rows, labels))


def test_non_identity_links_and_categorical_splits_are_refused(
    training: tuple[np.ndarray, ...],
) -> None:
    rows, labels = training
    counts = HistGradientBoostingRegressor(loss="poisson", max_iter=3).fit(rows, labels + 1)
    with pytest.raises(NotCompilableError, match="link"):
        spec_for(counts)
    categories = rows.copy()
    categories[:, 0] = (rows[:, 0] > 0).astype(float)
    mixed = HistGradientBoostingRegressor(categorical_features=[0], max_iter=3)
    with pytest.raises(NotCompilableError, match=r"categorical|numeric"):
        spec_for(mixed.fit(categories, labels))
