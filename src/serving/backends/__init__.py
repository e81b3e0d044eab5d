"""Backends that run a loaded model's sklearn parts: sklearn itself, ONNX Runtime, torch."""

from src.serving.backends.base import (
    Backend,
    BackendReport,
    BackendUnavailableError,
    Kernel,
    compile_model,
)
from src.serving.backends.reference import ReferenceBackend
from src.serving.backends.select import select_backend
from src.serving.backends.specs import NotCompilableError

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
