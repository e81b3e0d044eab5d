"""The wheel, installed with pip into Python 3.12 and 3.13, serves outside the checkout.

scripts/wheel_smoke.py does the work (also `make wheel-smoke`): the venvs `.venv-py312` and
`.venv-py313` are kept between runs and rebuilt only when requirements.txt changes, so a
run costs a wheel build, a reinstall of the package and a service start per version.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.wheel_smoke import build_wheel, find_python, smoke
from tests.deploy.examples import PREDICTIONS


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once for the module."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_the_installed_wheel_serves_each_model(version: str, wheel: Path) -> None:
    """--help, then `fembalance-ml serve` with MODEL_PATH from a temporary folder: one
    prediction per model answers 200 (smoke asserts each step)."""
    python = find_python(version)
    if python is None:
        name = f"PYTHON{version.replace('.', '')}"
        pytest.skip(f"no Python {version} here (python{version}, pyenv, or {name}=path)")
    requests = [(path, body) for path, body, _ in PREDICTIONS]
    seconds = smoke(version, python, wheel, requests)
    assert seconds > 0
