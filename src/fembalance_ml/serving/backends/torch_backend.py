"""torch backend: the fitted sklearn objects compiled to tensor programs (CUDA or CPU).

Everything runs in float64, the dtype sklearn computes in, so the kernels agree with the
reference to float64 rounding on any device; trees are walked for every row and every tree
at once, one gather per level.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import torch

from fembalance_ml.serving.backends.base import Kernel
from fembalance_ml.serving.backends.specs import LinearPipelineSpec, TreeEnsembleSpec, spec_for


class TorchBackend:
    """Compiles linear pipelines and gradient-boosted trees to torch modules on `device`."""

    name = "torch"

    def __init__(self, device: str = "cpu", threads: int | None = 1) -> None:
        if device == "cuda" and not torch.cuda.is_available():
            raise RuntimeError("DEVICE=cuda but torch sees no CUDA device")
        if device == "cpu" and threads is not None:
            # One thread per worker: Gunicorn already runs one worker per core.
            torch.set_num_threads(threads)
        self.device = device

    def compile(self, part: str, estimator: Any) -> Kernel | None:
        """A float64 torch kernel for the estimator, or NotCompilableError."""
        del part
        spec = spec_for(estimator)
        device = torch.device(self.device)
        if isinstance(spec, TreeEnsembleSpec):
            return _kernel(_TreeEnsemble(spec, device), spec.n_features, device)
        return _kernel(_LinearPipeline(spec, device), spec.mean.size, device)


class _Program(Protocol):
    def __call__(self, rows: torch.Tensor) -> torch.Tensor: ...


def _kernel(program: _Program, width: int, device: torch.device) -> Kernel:
    def run(rows: np.ndarray) -> np.ndarray:
        array = np.ascontiguousarray(rows, dtype=np.float64)
        if array.ndim != 2 or array.shape[1] != width:
            raise ValueError(f"expected shape (n, {width}), got {array.shape}")
        with torch.inference_mode():
            result = program(torch.from_numpy(array).to(device))
            return np.asarray(result.cpu().numpy(), dtype=np.float64)

    return run


def _tensor(values: np.ndarray, device: torch.device) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(values)).to(device)


class _LinearPipeline:
    """Impute NaN, standardise, and (for a classifier) the logistic probability."""

    def __init__(self, spec: LinearPipelineSpec, device: torch.device) -> None:
        self.fill = _tensor(spec.fill, device)
        self.mean = _tensor(spec.mean, device)
        self.scale = _tensor(spec.scale, device)
        self.coef = None if spec.coef is None else _tensor(spec.coef, device)
        self.intercept = spec.intercept

    def __call__(self, rows: torch.Tensor) -> torch.Tensor:
        """Same operations, same order, as SimpleImputer, StandardScaler, LogisticRegression."""
        filled = torch.where(torch.isnan(rows), self.fill, rows)
        standardised = (filled - self.mean) / self.scale
        if self.coef is None:
            return standardised
        return torch.sigmoid(standardised @ self.coef + self.intercept)


class _TreeEnsemble:
    """All trees walked together: `depth` gathers, then leaf values summed."""

    def __init__(self, spec: TreeEnsembleSpec, device: torch.device) -> None:
        self.feature = _tensor(spec.feature, device)
        self.threshold = _tensor(spec.threshold, device)
        self.left = _tensor(spec.left, device)
        self.right = _tensor(spec.right, device)
        self.missing_left = _tensor(spec.missing_left, device)
        self.value = _tensor(spec.value, device)
        self.roots = _tensor(spec.roots, device)
        self.depth = spec.depth
        self.baseline = spec.baseline

    def __call__(self, rows: torch.Tensor) -> torch.Tensor:
        """sklearn's rule per node: NaN follows missing_go_to_left, else x <= threshold."""
        node = self.roots.expand(rows.shape[0], -1)
        for _ in range(self.depth):
            values = torch.gather(rows, 1, self.feature[node])
            go_left = torch.where(
                torch.isnan(values), self.missing_left[node], values <= self.threshold[node]
            )
            node = torch.where(go_left, self.left[node], self.right[node])
        return self.value[node].sum(dim=1) + self.baseline
