"""Time every compiled part of the committed models on each backend (a report, not a test).

`python -m fembalance_ml.serving.backends.bench --device cpu --rows 1,1000,100000` prints, per model
part, backend and batch size: microseconds per call, per row, and the largest difference
from the sklearn reference on that batch. `scripts/gpu_check.sh` runs it with --device cuda.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from fembalance_ml.cli_parser import CommandParser
from fembalance_ml.config import get_settings
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.serving.backends.base import Kernel
from fembalance_ml.serving.backends.reference import reference_kernel
from fembalance_ml.serving.backends.sampling import random_rows
from fembalance_ml.serving.backends.select import make_backend
from fembalance_ml.serving.backends.specs import NotCompilableError

MODELS = ("pcos", "cycle_prediction")
SEED = 20260101


def compiled_parts(models_root: Path) -> dict[str, Any]:
    """`model/part` -> estimator, for every sklearn part of the committed models."""
    parts: dict[str, Any] = {}
    for name in MODELS:
        model = load_verified(models_root / name, "latest").model
        for part, estimator in model.kernels().items():
            parts[f"{name}/{part}"] = estimator
    return parts


def time_call(kernel: Kernel, rows: np.ndarray, budget: float) -> tuple[float, np.ndarray]:
    """(median seconds per call within `budget`, the output), after one untimed call."""
    output = kernel(rows)  # the first call pays allocation and lazy initialisation
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while not samples or (time.perf_counter() < deadline and len(samples) < 2000):
        started = time.perf_counter()
        kernel(rows)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), output


def kernels_for(estimator: Any, backends: list[str], device: str) -> dict[str, Kernel]:
    """The reference and each requested backend's kernel for one estimator."""
    found: dict[str, Kernel] = {"sklearn": reference_kernel(estimator)}
    for name in backends:
        if name == "sklearn":
            continue
        label = f"torch-{device}" if name == "torch" else name
        try:
            kernel = make_backend(name, device if name == "torch" else "cpu").compile("", estimator)
        except NotCompilableError as exc:
            print(f"  {label}: not compiled ({exc})")
            continue
        if kernel is not None:
            found[label] = kernel
    return found


def run(
    models_root: Path, backends: list[str], device: str, sizes: list[int], budget: float
) -> None:
    """Print the timing table; `vs onnx` is how many times faster than ONNX Runtime."""
    rng = np.random.default_rng(SEED)
    print(
        f"{'part':32} {'backend':10} {'rows':>7} {'us/call':>11} {'us/row':>9} "
        f"{'vs onnx':>8} {'max|diff|':>9}"
    )
    for label, estimator in compiled_parts(models_root).items():
        kernels = kernels_for(estimator, backends, device)
        for size in sizes:
            rows = random_rows(estimator, size, rng)
            expected = kernels["sklearn"](rows)
            onnx_seconds = None
            for name, kernel in kernels.items():
                if name == "sklearn" and "sklearn" not in backends:
                    continue  # the reference only checks the others
                seconds, output = time_call(kernel, rows, budget)
                onnx_seconds = seconds if name == "onnx" else onnx_seconds
                ratio = f"{onnx_seconds / seconds:8.2f}" if onnx_seconds else f"{'-':>8}"
                diff = float(np.max(np.abs(output - expected)))
                print(
                    f"{label:32} {name:10} {size:7d} {seconds * 1e6:11.1f} "
                    f"{seconds * 1e6 / size:9.3f} {ratio} {diff:9.1e}"
                )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and print the table."""
    parser = CommandParser(prog="fembalance-ml bench", description=__doc__)
    parser.add_argument("--models-dir", type=Path, default=get_settings().models.path)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--backends", default="sklearn,onnx,torch")
    parser.add_argument("--rows", default="1,1000,100000")
    parser.add_argument("--budget", type=float, default=0.3, help="seconds per table cell")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.rows.split(",")]
    run(args.models_dir, args.backends.split(","), args.device, sizes, args.budget)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
