"""Backends that run a loaded model's sklearn parts: sklearn itself, ONNX Runtime, torch."""

from fembalance_ml.serving.backends.base import (
    Backend,
    BackendReport,
    BackendUnavailableError,
    Kernel,
    compile_model,
)
from fembalance_ml.serving.backends.reference import ReferenceBackend
from fembalance_ml.serving.backends.select import select_backend
from fembalance_ml.serving.backends.specs import NotCompilableError

__all__ = [
    "Backend",
    "BackendReport",
    "BackendUnavailableError",
    "Kernel",
    "NotCompilableError",
    "ReferenceBackend",
    "compile_model",
    "select_backend",
]
