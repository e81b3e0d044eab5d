"""The reference backend: the unpickled sklearn objects themselves."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import is_classifier, is_regressor

from fembalance_ml.serving.backends.base import Kernel
from fembalance_ml.serving.backends.specs import NotCompilableError


class ReferenceBackend:
    """Installs nothing: every part runs on the model's own sklearn path."""

    name = "sklearn"
    device = "cpu"

    def compile(self, part: str, estimator: Any) -> Kernel | None:
        """None: keep the model's sklearn path."""
        del part, estimator
        return None


def reference_kernel(estimator: Any) -> Kernel:
    """The sklearn call a compiled kernel of `estimator` must reproduce (for parity checks)."""
    if is_classifier(estimator):
        return lambda rows: np.asarray(estimator.predict_proba(rows)[:, 1], dtype=float)
    if is_regressor(estimator):
        return lambda rows: np.asarray(estimator.predict(rows), dtype=float)
    if hasattr(estimator, "transform"):
        return lambda rows: np.asarray(estimator.transform(rows), dtype=float)
    raise NotCompilableError(f"{type(estimator).__name__} has no kernel")
