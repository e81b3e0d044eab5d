"""What every backend offers, and how a loaded model's parts are compiled and installed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import structlog

from fembalance_ml.serving.backends.specs import NotAnEstimatorError, NotCompilableError

log = structlog.get_logger(__name__)

Kernel = Callable[[np.ndarray], np.ndarray]
REFERENCE = "reference"


class BackendUnavailableError(Exception):
    """The configured backend or device cannot run on this machine."""


class Backend(Protocol):
    """Turns one fitted sklearn estimator into a vectorised float64-in, float64-out callable."""

    @property
    def name(self) -> str:
        """Short name reported in status: `sklearn`, `onnx` or `torch`."""
        ...

    @property
    def device(self) -> str:
        """Where the compiled kernels run: `cpu` or `cuda`."""
        ...

    def compile(self, part: str, estimator: Any) -> Kernel | None:
        """A compiled kernel, None to keep the model's own sklearn path, or NotCompilableError."""
        ...


@dataclass(frozen=True)
class BackendReport:
    """Per loaded version: the backend, its device, and the backend each part really uses."""

    backend: str
    device: str
    parts: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for `/api/v1/models`."""
        return {"backend": self.backend, "device": self.device, "parts": dict(self.parts)}


def compile_model(model: Any, backend: Backend, *, label: str = "") -> BackendReport:
    """Compile every part `model.kernels()` names, install the kernels, and report.

    A part that does not compile stays on the model's sklearn path; that is logged with
    the reason, never raised: the reference computes the same numbers, only slower.
    """
    kernels = getattr(model, "kernels", None)
    if kernels is None:
        return BackendReport(backend.name, backend.device, {"model": f"{REFERENCE} (no kernels)"})
    compiled: dict[str, Kernel] = {}
    parts: dict[str, str] = {}
    for part, estimator in kernels().items():
        kernel, parts[part] = _compile_part(backend, part, estimator, label)
        if kernel is not None:
            compiled[part] = kernel
    model.install_kernels(compiled)
    log.info(
        "backend_compiled", model=label, backend=backend.name, device=backend.device, parts=parts
    )
    return BackendReport(backend.name, backend.device, parts)


def _compile_part(
    backend: Backend, part: str, estimator: Any, label: str
) -> tuple[Kernel | None, str]:
    """The part's kernel (None: the model's sklearn path) and what status says it runs on."""
    try:
        kernel = backend.compile(part, estimator)
    except NotAnEstimatorError as exc:
        log.info("backend_part_on_reference", model=label, part=part, reason=str(exc))
        return None, f"{REFERENCE} (numpy, not compiled)"
    except NotCompilableError as exc:
        return None, _reference_because(label, part, backend, str(exc))
    except Exception as exc:  # a converter bug must not cost the model its readiness
        return None, _reference_because(label, part, backend, f"{type(exc).__name__}: {exc}")
    return kernel, REFERENCE if kernel is None else backend.name


def _reference_because(label: str, part: str, backend: Backend, reason: str) -> str:
    log.warning(
        "backend_part_on_reference", model=label, part=part, backend=backend.name, reason=reason
    )
    return f"{REFERENCE} ({reason})"
