"""One request is scored in plain Python; the numbers are the backends' and sklearn's.

`VariantModel.explain` takes a single row through Python floats (no numpy, no ONNX
Runtime call) and several rows through the installed backend kernel. Both must agree
with the reference (sklearn's own pipeline) and, bit for bit, with each other, on every
committed version and for every backend, so that an answer never depends on whether it
came from the single route or from a batch.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from fembalance_ml.config import PROJECT_ROOT
from fembalance_ml.pcos.model import VARIANTS, PcosModel
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.serving.backends import compile_model
from fembalance_ml.serving.backends.sampling import random_rows
from fembalance_ml.serving.backends.select import make_backend

MODELS = PROJECT_ROOT / "models" / "pcos"
VERSIONS = sorted(path.name for path in MODELS.glob("v*"))
ROWS = 300


def loaded(version: str, backend: str) -> PcosModel:
    model: PcosModel = load_verified(MODELS, version).model
    if backend != "sklearn":
        compile_model(model, make_backend(backend))
    return model


def as_rows(matrix: np.ndarray) -> list[list[float | None]]:
    return [[None if math.isnan(v) else v for v in row] for row in matrix.tolist()]


@pytest.mark.parametrize("backend", ["sklearn", "onnx"])
@pytest.mark.parametrize("version", VERSIONS)
def test_one_row_matches_many_rows_bit_for_bit_and_the_reference(
    version: str, backend: str
) -> None:
    model = loaded(version, backend)
    rng = np.random.default_rng(11)
    for variant in VARIANTS:
        fitted = model.variant(variant)
        matrix = random_rows(fitted.pipeline, ROWS, rng, missing=0.3)
        rows = as_rows(matrix)
        many_scores, many_parts = fitted.explain(rows)
        singles = [fitted.explain([row]) for row in rows]
        assert [s[0][0] for s in singles] == many_scores
        assert [s[1][0] for s in singles] == many_parts
        # The reference is sklearn's pipeline on the model's own inputs: clipped where the
        # variant clips (v2.4.0's follicle counts), as given everywhere else.
        inputs = fitted.clipped(matrix)
        assert fitted.clips or inputs is matrix
        reference = fitted.pipeline.predict_proba(inputs)[:, 1]
        np.testing.assert_allclose(many_scores, reference, rtol=1e-12, atol=1e-15)
        # Contributions are coef * z with z as sklearn's imputer and scaler give it.
        standardised = fitted.pipeline[:-1].transform(inputs)
        expected_parts = standardised * fitted.pipeline[-1].coef_[0]
        np.testing.assert_array_equal(np.array(many_parts), expected_parts)


def test_an_absent_feature_contributes_nothing_and_extremes_stay_probabilities() -> None:
    model = loaded(VERSIONS[-1], "sklearn")
    fitted = model.variant("screening")
    width = len(fitted.features)
    (score,), (parts,) = fitted.explain([[None] * width])
    assert parts == [0.0] * width
    assert score == pytest.approx(1.0 / (1.0 + math.exp(-fitted.intercept)), rel=1e-15)
    spec_rows: Any = random_rows(fitted.pipeline, 1, np.random.default_rng(3), missing=0.0)
    scale = fitted.pipeline[1].scale_
    for sign in (1.0, -1.0):
        far = (spec_rows[0] + sign * 1e6 * scale * np.sign(fitted.pipeline[-1].coef_[0])).tolist()
        (extreme,), _ = fitted.explain([far])
        assert 0.0 <= extreme <= 1.0
        assert extreme == (1.0 if sign > 0 else pytest.approx(0.0, abs=1e-300))


def test_a_row_of_the_wrong_width_is_refused() -> None:
    fitted = loaded(VERSIONS[-1], "sklearn").variant("screening")
    with pytest.raises(ValueError, match="expected"):
        fitted.explain([[1.0]])


@pytest.mark.parametrize("backend", ["sklearn", "onnx"])
def test_follicle_counts_under_20_are_one_input_and_20_or_more_another(backend: str) -> None:
    """v2.4.0's clinical variant: only whether an ovary meets the 2023 threshold counts."""
    fitted = loaded("v2.4.0", backend).variant("clinical")
    left = fitted.features.index("follicle_count_left")
    right = fitted.features.index("follicle_count_right")

    def rows(counts: list[float]) -> list[list[float | None]]:
        out: list[list[float | None]] = []
        for count in counts:
            row: list[float | None] = [None] * len(fitted.features)
            row[left] = row[right] = count
            out.append(row)
        return out

    under, over = rows([0.0, 12.0, 15.0, 19.0]), rows([20.0, 22.0, 25.0, 60.0])
    for group in (under, over):
        scores, parts = fitted.explain(group)
        assert len(set(scores)) == 1
        assert [fitted.explain([row]) for row in group] == [
            ([s], [p]) for s, p in zip(scores, parts, strict=True)
        ]
    assert fitted.explain(over)[0][0] > fitted.explain(under)[0][0]
    # An older version still reads the raw count.
    raw = loaded("v2.3.0", backend).variant("clinical")
    assert not raw.clips
    assert len(set(raw.explain(under)[0])) == len(under)
