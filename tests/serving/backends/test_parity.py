"""Every compiled part agrees with its sklearn reference, on real and on random rows.

Tolerances. The compiled graphs compute in float64 like sklearn (linear steps in the same
order, tree splits as `x <= threshold` on float64 thresholds, NaN following
missing_go_to_left), so differences are float64 rounding (~1e-15). The bounds below are
the contract's, float32 rounding: rtol 1e-5 / atol 1e-6 for probabilities and
standardised values; for the regressors (cycle lengths in days) max |diff| <= 1e-6 days
AND the served quantity, the day rounded half up, agrees on every row not within 1e-6 of
a half-day (a float32 threshold could send an input lying exactly on a split the other
way, and the random rows put 5% of values exactly on split thresholds to exercise that).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from fembalance_ml.serving.backends import Backend
from fembalance_ml.serving.backends.reference import reference_kernel
from fembalance_ml.serving.backends.sampling import random_rows
from tests.serving.backends.conftest import load_model

PARTS = [
    ("pcos", "screening"),
    ("pcos", "screening_standardise"),
    ("pcos", "clinical"),
    ("pcos", "clinical_standardise"),
    ("cycle_prediction", "point_model"),
    ("cycle_prediction", "scale_model"),
]
DAYS_ATOL = 1e-6


def assert_parity(part: str, got: np.ndarray, expected: np.ndarray) -> None:
    """The contract's tolerance for the kind of quantity the part computes."""
    assert got.shape == expected.shape
    assert np.all(np.isfinite(got))
    if part.endswith("_model"):
        assert float(np.max(np.abs(got - expected))) <= DAYS_ATOL
        clear = np.abs((expected % 1.0) - 0.5) > DAYS_ATOL
        rounded_got = [math.floor(v + 0.5) for v in got[clear]]
        rounded_expected = [math.floor(v + 0.5) for v in expected[clear]]
        assert rounded_got == rounded_expected
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def _estimator(model_name: str, part: str) -> Any:
    return load_model(model_name).kernels()[part]


@pytest.mark.parametrize(("model_name", "part"), PARTS)
def test_real_rows_agree(
    backend: Backend, real_rows: dict[str, np.ndarray], model_name: str, part: str
) -> None:
    estimator = _estimator(model_name, part)
    rows = real_rows[part]
    kernel = backend.compile(part, estimator)
    assert kernel is not None
    assert_parity(part, kernel(rows), reference_kernel(estimator)(rows))


@pytest.mark.parametrize(("model_name", "part"), PARTS)
def test_random_rows_with_missing_values_agree(
    backend: Backend, model_name: str, part: str
) -> None:
    estimator = _estimator(model_name, part)
    rows = random_rows(estimator, 3000, np.random.default_rng(11), missing=0.2)
    assert np.isnan(rows).any()
    kernel = backend.compile(part, estimator)
    assert kernel is not None
    assert_parity(part, kernel(rows), reference_kernel(estimator)(rows))


@pytest.mark.parametrize(("model_name", "part"), PARTS)
def test_one_row_and_empty_batches_agree(backend: Backend, model_name: str, part: str) -> None:
    estimator = _estimator(model_name, part)
    kernel = backend.compile(part, estimator)
    assert kernel is not None
    one = random_rows(estimator, 1, np.random.default_rng(5), missing=0.0)
    assert_parity(part, kernel(one), reference_kernel(estimator)(one))
    assert kernel(one[:0]).shape[0] == 0


def test_wrong_width_is_refused(backend: Backend) -> None:
    estimator = _estimator("cycle_prediction", "point_model")
    kernel = backend.compile("point_model", estimator)
    assert kernel is not None
    with pytest.raises(Exception, match=r"(?i)shape|dimension|index|invalid"):
        kernel(np.zeros((2, 3)))
