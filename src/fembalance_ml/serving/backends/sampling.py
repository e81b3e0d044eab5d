"""In-range random rows for a fitted estimator, for parity checks and timings."""

from __future__ import annotations

from typing import Any

import numpy as np

from fembalance_ml.serving.backends.specs import LinearPipelineSpec, TreeEnsembleSpec, spec_for


def random_rows(
    estimator: Any, count: int, rng: np.random.Generator, missing: float = 0.1
) -> np.ndarray:
    """Rows spread over the range the estimator was fitted on, a share of them NaN.

    Tree features are drawn around the split thresholds (and exactly on some of them, the
    hardest case for a compiled comparison); linear features around their training mean.
    """
    spec = spec_for(estimator)
    if isinstance(spec, TreeEnsembleSpec):
        rows = _tree_rows(spec, count, rng)
    else:
        rows = _linear_rows(spec, count, rng)
    rows[rng.random(rows.shape) < missing] = np.nan
    return rows


def _linear_rows(spec: LinearPipelineSpec, count: int, rng: np.random.Generator) -> np.ndarray:
    width = spec.mean.size
    return spec.mean + spec.scale * rng.normal(0.0, 1.5, size=(count, width))


def _tree_rows(spec: TreeEnsembleSpec, count: int, rng: np.random.Generator) -> np.ndarray:
    rows = np.zeros((count, spec.n_features))
    inner = ~spec.is_leaf
    for feature in range(spec.n_features):
        cuts = spec.threshold[inner & (spec.feature == feature)]
        cuts = cuts[np.isfinite(cuts)]
        if cuts.size == 0:
            rows[:, feature] = rng.normal(size=count)
            continue
        low, high = float(cuts.min()), float(cuts.max())
        margin = max(high - low, 1.0) * 0.2
        rows[:, feature] = rng.uniform(low - margin, high + margin, size=count)
        on_cut = rng.random(count) < 0.05
        rows[on_cut, feature] = rng.choice(cuts, size=int(on_cut.sum()))
    return rows
