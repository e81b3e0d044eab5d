"""Dockerfile.prod's commands, minus Docker: a fresh venv with the package, then its CMD."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.dockerfile import Stage, parse_stages
from tests.support.servers import REPO_ROOT, free_port, gunicorn_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DOCKERFILE = REPO_ROOT / "Dockerfile.prod"
PIP_TIMEOUT_S = 900
LOCAL_CHOICES = {"PATH", "HOST", "PORT", "PROMETHEUS_MULTIPROC_DIR"}


def _build_venv(venv: Path) -> Path:
    """A fresh virtual environment as the builder stage makes it; returns its bin folder.

    requirements.txt first, then the package itself without dependencies.
    """
    base_python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    requirements = str(REPO_ROOT / "requirements.txt")
    install = [*pip, "install", "--quiet", "-r", requirements]
    subprocess.run(install, check=True, timeout=PIP_TIMEOUT_S)
    package = [*pip, "install", "--quiet", "--no-deps", str(REPO_ROOT)]
    subprocess.run(package, check=True, timeout=PIP_TIMEOUT_S)
    return venv / "bin"


def _lay_out_workdir(stage: Stage, workdir: Path) -> None:
    """Copy what the stage's COPY instructions take from the build context into `workdir`."""
    for sources, destination in stage.local_copies():
        for source in sources:
            origin = REPO_ROOT / source
            into_folder = destination.endswith("/")
            target = workdir / destination / origin.name if into_folder else workdir / destination
            if origin.is_dir():
                ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
                shutil.copytree(origin, target, ignore=ignore, dirs_exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target)


# pip may download every wheel on a cold cache: more than the suite's 300 s default.
@pytest.mark.timeout(PIP_TIMEOUT_S + 300)
def test_production_cmd_serves_health_from_a_fresh_venv(tmp_path: Path) -> None:
    """With the built package and the image's files, the CMD serves and HEALTHCHECK passes."""
    if not (REPO_ROOT / "requirements.txt").exists():
        pytest.fail("requirements.txt is missing")
    runtime = parse_stages(DOCKERFILE)[-1]
    command = runtime.exec_form("CMD")
    venv_bin = _build_venv(tmp_path / "venv")
    workdir = tmp_path / "app"
    _lay_out_workdir(runtime, workdir)
    image_env = runtime.env()
    env = {
        # Where it listens and keeps metrics is the test harness's choice (loopback, tmp).
        **{key: value for key, value in image_env.items() if key not in LOCAL_CHOICES},
        # The image puts its venv first on PATH; the CMD's bare `gunicorn` must resolve there.
        "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv_bin.parent),
        # The image's ENVIRONMENT=production refuses to start without secrets: give it some.
        "API_KEY_REQUIRED": "true",
        "VALID_API_KEYS": "replay-test-key-of-at-least-32-characters",
        "PSEUDONYM_KEY": "replay-test-pseudonym-key-of-32-characters",
        "MODEL_PATH": str(REPO_ROOT / "models"),
    }
    assert image_env["ENVIRONMENT"] == "production"
    with gunicorn_server(env=env, port=free_port(), command=command, cwd=workdir) as server:
        assert Path(shutil.which(command[0], path=env["PATH"]) or "").parent == venv_bin
        with urllib.request.urlopen(server.url + "/health", timeout=10) as response:
            assert response.status == 200
        port = str(urlsplit(server.url).port)
        probe = subprocess.run(
            runtime.healthcheck(), env={**env, "PORT": port}, capture_output=True, text=True
        )
        assert probe.returncode == 0, probe.stderr
