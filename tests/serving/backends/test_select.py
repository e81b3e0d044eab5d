"""Settings -> backend: the `auto` rule, explicit choices, and what a machine cannot do."""

from __future__ import annotations

import pytest

from fembalance_ml.config import Settings
from fembalance_ml.serving.backends import BackendUnavailableError
from fembalance_ml.serving.backends import select as chooser


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """A pretend machine: which of onnxruntime, torch and CUDA it has."""
    has = {"onnx": True, "torch": True, "cuda": False}
    monkeypatch.setattr(chooser, "onnx_available", lambda: has["onnx"])
    monkeypatch.setattr(chooser, "torch_available", lambda: has["torch"])
    monkeypatch.setattr(chooser, "cuda_available", lambda: has["torch"] and has["cuda"])
    return has


def test_auto_is_onnx_on_the_cpu_even_with_a_gpu(machine: dict[str, bool]) -> None:
    assert chooser.resolve("auto", "auto") == ("onnx", "cpu")
    machine["cuda"] = True
    assert chooser.resolve("auto", "auto") == ("onnx", "cpu")


def test_auto_without_onnxruntime_is_sklearn(machine: dict[str, bool]) -> None:
    machine["onnx"] = False
    assert chooser.resolve("auto", "auto") == ("sklearn", "cpu")
    assert chooser.resolve("auto", "cpu") == ("sklearn", "cpu")


def test_device_cuda_means_torch_on_the_gpu(machine: dict[str, bool]) -> None:
    machine["cuda"] = True
    assert chooser.resolve("auto", "cuda") == ("torch", "cuda")
    assert chooser.resolve("torch", "cuda") == ("torch", "cuda")


def test_torch_device_auto_follows_the_machine(machine: dict[str, bool]) -> None:
    assert chooser.resolve("torch", "auto") == ("torch", "cpu")
    machine["cuda"] = True
    assert chooser.resolve("torch", "auto") == ("torch", "cuda")


@pytest.mark.parametrize(
    ("backend", "device", "missing"),
    [
        ("auto", "cuda", "cuda"),
        ("torch", "auto", "torch"),
        ("onnx", "auto", "onnx"),
    ],
)
def test_what_the_machine_lacks_is_an_error(
    machine: dict[str, bool], backend: chooser.BackendName, device: chooser.DeviceName, missing: str
) -> None:
    machine[missing] = False
    with pytest.raises(BackendUnavailableError):
        chooser.resolve(backend, device)


def test_cpu_only_backends_refuse_cuda(machine: dict[str, bool]) -> None:
    machine["cuda"] = True
    with pytest.raises(BackendUnavailableError, match="CPU only"):
        chooser.resolve("onnx", "cuda")


@pytest.mark.parametrize(("name", "expected"), [("sklearn", "sklearn"), ("onnx", "onnx")])
def test_select_backend_builds_the_named_backend(name: str, expected: str) -> None:
    settings = Settings(_env_file=None, inference_backend=name, device="cpu")
    backend = chooser.select_backend(settings.inference.backend, settings.inference.device)
    assert (backend.name, backend.device) == (expected, "cpu")


def test_select_torch_on_cpu() -> None:
    pytest.importorskip("torch", reason="torch is not installed in this environment")
    backend = chooser.select_backend("torch", "cpu")
    assert (backend.name, backend.device) == ("torch", "cpu")


def test_settings_default_to_auto_and_reject_unknown_names() -> None:
    settings = Settings(_env_file=None)
    assert (settings.inference.backend, settings.inference.device) == ("auto", "auto")
    with pytest.raises(ValueError, match=r"inference\.backend"):
        Settings(_env_file=None, inference_backend="tensorrt")
