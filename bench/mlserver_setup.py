"""MLServer in a virtual environment of its own, serving the PCOS screening pipeline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import joblib

BENCH_DIR = Path(__file__).resolve().parent
VENV = BENCH_DIR / ".venv-mlserver"
PACKAGES = ("mlserver==1.7.1", "mlserver-sklearn==1.7.1", "scikit-learn==1.9.1")
INSTALL_TIMEOUT_S = 900
MODEL_NAME = "pcos"
MAX_BATCH_SIZE = 32
MAX_BATCH_TIME_S = 0.002


def mlserver_executable() -> Path:
    """The `mlserver` command inside the bench's own environment."""
    return VENV / "bin" / "mlserver"


def ensure_installed() -> None:
    """Create the environment and install the pinned packages unless already there."""
    marker = VENV / ".bench-installed"
    if marker.exists() and marker.read_text() == "\n".join(PACKAGES):
        return
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=120)
    print(f"installing {' '.join(PACKAGES)} into {VENV}", flush=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PACKAGES],
        check=True,
        timeout=INSTALL_TIMEOUT_S,
    )
    marker.write_text("\n".join(PACKAGES))


def prepare_repository(model_file: Path, directory: Path, ports: dict[str, int]) -> Path:
    """Write settings, model settings and the screening pipeline as model.joblib."""
    directory.mkdir(parents=True, exist_ok=True)
    pcos_model = joblib.load(model_file)
    joblib.dump(pcos_model.screening.pipeline, directory / "model.joblib")
    # parallel_workers 0: inference runs in the process that serves HTTP, like one
    # gunicorn worker; MLServer's default (1) adds a separate inference process.
    settings = {
        "host": "127.0.0.1",
        "http_port": ports["http"],
        "grpc_port": ports["grpc"],
        "metrics_port": ports["metrics"],
        "parallel_workers": 0,
        "debug": False,
    }
    model_settings = {
        "name": MODEL_NAME,
        "implementation": "mlserver_sklearn.SKLearnModel",
        "max_batch_size": MAX_BATCH_SIZE,
        "max_batch_time": MAX_BATCH_TIME_S,
        "parameters": {"uri": "./model.joblib", "version": "v2.1.0"},
    }
    (directory / "settings.json").write_text(json.dumps(settings, indent=2))
    (directory / "model-settings.json").write_text(json.dumps(model_settings, indent=2))
    return directory
