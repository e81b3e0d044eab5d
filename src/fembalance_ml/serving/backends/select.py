"""Settings -> backend. `auto` is the fastest for this service's one-row requests.

Measured on the 2-core CPU machine (see `python -m fembalance_ml.serving.backends.bench`): one row
costs ~5-25 µs on ONNX Runtime, ~40-250 µs on torch (CPU) and ~100-450 µs on sklearn; a
GPU adds transfers and per-level kernel launches to every call, so it pays only for
large batches. Hence:

- INFERENCE_BACKEND=auto: onnx if onnxruntime imports, else sklearn; but DEVICE=cuda
  (asked explicitly) means torch on the GPU.
- INFERENCE_BACKEND=torch: torch on DEVICE (auto: cuda when torch sees one, else cpu).
- An explicit backend or device this machine cannot run is an error at start-up, never
  a silent change of what was asked for.
"""

from __future__ import annotations

import importlib.util
from typing import Literal

from fembalance_ml.serving.backends.base import Backend, BackendUnavailableError
from fembalance_ml.serving.backends.reference import ReferenceBackend

BackendName = Literal["auto", "sklearn", "onnx", "torch"]
DeviceName = Literal["auto", "cpu", "cuda"]


def onnx_available() -> bool:
    """True when onnxruntime and onnx are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "onnx"))


def torch_available() -> bool:
    """True when torch is installed."""
    return importlib.util.find_spec("torch") is not None


def cuda_available() -> bool:
    """True when torch is installed and sees a CUDA device."""
    if not torch_available():
        return False
    import torch

    return bool(torch.cuda.is_available())


def resolve(backend: BackendName, device: DeviceName) -> tuple[str, str]:
    """The (backend, device) that settings ask for on this machine, or BackendUnavailableError."""
    if device == "cuda" and not cuda_available():
        raise BackendUnavailableError("DEVICE=cuda, but torch is missing or sees no CUDA device")
    if backend == "auto":
        if device == "cuda":
            return "torch", "cuda"
        return ("onnx", "cpu") if onnx_available() else ("sklearn", "cpu")
    if backend == "torch":
        if not torch_available():
            raise BackendUnavailableError("INFERENCE_BACKEND=torch, but torch is not installed")
        if device == "auto":
            return "torch", "cuda" if cuda_available() else "cpu"
        return "torch", device
    if device == "cuda":
        raise BackendUnavailableError(f"INFERENCE_BACKEND={backend} runs on the CPU only")
    if backend == "onnx" and not onnx_available():
        raise BackendUnavailableError("INFERENCE_BACKEND=onnx, but onnxruntime is not installed")
    return backend, "cpu"


def make_backend(name: str, device: str = "cpu") -> Backend:
    """A backend instance by resolved name and device."""
    if name == "onnx":
        from fembalance_ml.serving.backends.onnx import OnnxBackend

        return OnnxBackend()
    if name == "torch":
        from fembalance_ml.serving.backends.torch_backend import TorchBackend

        return TorchBackend(device)
    if name == "sklearn":
        return ReferenceBackend()
    raise ValueError(f"unknown backend {name!r}")


def select_backend(backend: BackendName = "auto", device: DeviceName = "auto") -> Backend:
    """The backend that INFERENCE_BACKEND and DEVICE choose on this machine."""
    return make_backend(*resolve(backend, device))
