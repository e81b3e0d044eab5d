"""Install the wheel into a virtual environment of another Python and serve from it.

`python -m scripts.wheel_smoke 3.12 3.13` (or `make wheel-smoke`): builds the wheel, installs
it with requirements.txt into `.venv-py312`, `.venv-py313` (kept between runs, rebuilt when
requirements.txt changes), then, from a folder outside the checkout and with no PYTHONPATH,
runs `fembalance-ml --help` and `fembalance-ml serve` with MODEL_PATH at the committed models,
and asks each model for one prediction. tests/deploy/test_wheel.py runs it under `make test`
for each interpreter this machine has.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 120.0
INSTALL_TIMEOUT_S = 1200.0
PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
PIP_REINSTALL = ["-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall"]


def find_python(version: str) -> Path | None:
    """An interpreter for `version` (3.12) that runs: PYTHON312, pyenv's, or python3.12 on
    PATH (a pyenv shim for a version that is not selected does not run: it is skipped)."""
    named = os.environ.get(f"PYTHON{version.replace('.', '')}")
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [Path(named)] if named else []
    candidates += sorted(pyenv_root.glob(f"versions/{version}.*/bin/python{version}"), reverse=True)
    on_path = shutil.which(f"python{version}")
    candidates += [Path(on_path)] if on_path else []
    for python in candidates:
        runs = subprocess.run([str(python), "-c", "import venv"], capture_output=True, check=False)
        if runs.returncode == 0:
            return python
    return None


def venv_for(version: str, python: Path) -> Path:
    """`.venv-py312` with requirements.txt installed; rebuilt when requirements.txt changes.

    In the checkout, or under WHEEL_SMOKE_VENVS when set: a folder outside the checkout
    keeps the venvs across fresh clones (CI), where building one costs minutes.
    """
    folder = Path(os.environ.get("WHEEL_SMOKE_VENVS") or REPO)
    venv = folder / f".venv-py{version.replace('.', '')}"
    digest = hashlib.sha256((REPO / "requirements.txt").read_bytes()).hexdigest()[:16]
    stamp = venv / f".requirements-{digest}"
    if not stamp.exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([str(python), "-m", "venv", str(venv)], check=True)
        # --no-compile: byte-compiling scipy, pandas and scikit-learn whole is most of an
        # install's time; the service compiles only the modules it imports, on first use.
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile"]
        subprocess.run(
            [*pip, "-r", str(REPO / "requirements.txt")], check=True, timeout=INSTALL_TIMEOUT_S
        )
        stamp.touch()
    return venv


def build_wheel(into: Path) -> Path:
    """The project's wheel, built with this interpreter's setuptools (no download)."""
    subprocess.run(
        [*PIP_WHEEL, "--wheel-dir", str(into), str(REPO)],
        check=True,
        timeout=300,
    )
    return next(into.glob("fembalance_ml_api-*.whl"))


def install(venv: Path, wheel: Path) -> None:
    """Replace whatever version of the package the venv holds with `wheel`."""
    subprocess.run(
        [str(venv / "bin" / "python"), *PIP_REINSTALL, str(wheel)],
        check=True,
        timeout=300,
    )


def clean_environment(**extra: str) -> dict[str, str]:
    """The caller's environment less anything that would import the checkout's code."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "MODEL_PATH", "ENVIRONMENT"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def call(url: str, body: Mapping[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    """(status, JSON answer) of a GET, or of a POST of `body`."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@contextmanager
def served(venv: Path, models: Path, workdir: Path) -> Iterator[str]:
    """`fembalance-ml serve` from the venv, in `workdir`, until ready; yields its URL."""
    port = free_port()
    environment = clean_environment(
        MODEL_PATH=str(models), HOST="127.0.0.1", PORT=str(port), MAX_WORKERS="1"
    )
    log = (workdir / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(venv / "bin" / "fembalance-ml"), "serve"],
        cwd=workdir,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while call_or_none(f"{url}/health/ready") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (workdir / "serve.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"the installed service did not become ready:\n{tail}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def call_or_none(url: str) -> int | None:
    """The status of a GET, or None while nothing listens."""
    try:
        return call(url)[0]
    except OSError:
        return None


def smoke(version: str, python: Path, wheel: Path, requests: list[tuple[str, Any]]) -> float:
    """Install and serve on `version`; one prediction per (path, body). Returns seconds."""
    started = time.monotonic()
    venv = venv_for(version, python)
    install(venv, wheel)
    with tempfile.TemporaryDirectory(prefix=f"wheel-py{version}-") as folder:
        workdir = Path(folder)
        environment = clean_environment()
        where = subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-c",
                "import fembalance_ml; print(fembalance_ml.__file__)",
            ],
            cwd=workdir,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert where.startswith(str(venv)), f"imported from {where}, not the venv"
        shown = subprocess.run(
            [str(venv / "bin" / "fembalance-ml"), "--help"],
            cwd=workdir,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "check-models" in shown, shown
        assert "MODEL_PATH" in shown, shown
        with served(venv, REPO / "models", workdir) as url:
            for path, body in requests:
                status, answer = call(url + path, body)
                assert status == 200, f"{path}: {status} {answer}"
            # The docs pages' files come from the installed packages (package data, and
            # fastapi-offline's bundles), not from the checkout.
            for page in (
                "/docs",
                "/docs/static/swagger-init.js",
                "/docs/static/redoc.standalone.js",
            ):
                with urllib.request.urlopen(url + page, timeout=30) as answer:
                    assert answer.status == 200, page
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    """Smoke-test the wheel on each named Python version that this machine has."""
    parser = argparse.ArgumentParser(prog="python -m scripts.wheel_smoke")
    parser.add_argument("versions", nargs="*", default=["3.12", "3.13"])
    args = parser.parse_args(argv)
    from tests.deploy.examples import PREDICTIONS

    requests = [(path, body) for path, body, _ in PREDICTIONS]
    with tempfile.TemporaryDirectory() as folder:
        wheel = build_wheel(Path(folder))
        for version in args.versions:
            python = find_python(version)
            if python is None:
                print(f"python {version}: not on this machine, skipped")
                continue
            seconds = smoke(version, python, wheel, requests)
            print(f"python {version}: wheel served {len(requests)} predictions in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
