"""The clients generated from docs/openapi.json: current with the spec, compiling, working.

docs/openapi.json is the contract of record; `make clients` regenerates it and both clients.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fembalance_ml.main import build_app
from fembalance_ml.config import Settings
from tests.conftest import body
from tests.support.servers import REPO_ROOT, gunicorn_server

SPEC = REPO_ROOT / "docs" / "openapi.json"
CLIENTS = REPO_ROOT / "clients"
TYPESCRIPT = CLIENTS / "typescript"
GENERATOR = REPO_ROOT / ".venv-clients" / "bin" / "openapi-python-client"


def _require(path: Path) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: `make client-tools` installs it")


def test_committed_spec_is_the_served_spec() -> None:
    """docs/openapi.json changes in the same commit as the code that changes the spec."""
    served = build_app(Settings(_env_file=None, environment="development")).openapi()  # type: ignore[call-arg]
    assert json.loads(SPEC.read_text()) == served, "run `make spec` and commit docs/openapi.json"


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"])
    found = [*comparison.left_only, *comparison.right_only, *comparison.diff_files]
    for name, sub in comparison.subdirs.items():
        found += [f"{name}/{item}" for item in _differences(left / name, right / name)]
    return found


def test_python_client_is_generated_from_the_committed_spec(tmp_path: Path) -> None:
    """Regenerating gives the committed client, and the generator prints no warning."""
    _require(GENERATOR)
    output = tmp_path / "python"
    env = {**os.environ, "PATH": f"{REPO_ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            *("--path", str(SPEC), "--output-path", str(output)),
            *("--config", str(CLIENTS / "openapi-python-client.yaml"), "--meta", "setup"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "warning" not in (run.stdout + run.stderr).lower(), run.stdout + run.stderr
    assert _differences(CLIENTS / "python", output) == [], "run `make clients` and commit"


def test_typescript_types_are_current_and_compile(tmp_path: Path) -> None:
    """openapi-typescript reproduces src/schema.d.ts and tsc accepts the usage file."""
    _require(TYPESCRIPT / "node_modules" / ".bin" / "tsc")
    npx = shutil.which("npx") or "npx"
    generated = tmp_path / "schema.d.ts"
    run = subprocess.run(
        [
            npx,
            "--no-install",
            "openapi-typescript",
            str(SPEC),
            *("--default-non-nullable", "false", "-o", str(generated)),
        ],
        cwd=TYPESCRIPT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "warn" not in (run.stdout + run.stderr).lower(), run.stdout + run.stderr
    assert generated.read_text() == (TYPESCRIPT / "src" / "schema.d.ts").read_text()
    compiled = subprocess.run(
        [npx, "--no-install", "tsc", "--noEmit"],
        cwd=TYPESCRIPT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


@pytest.mark.integration
def test_python_client_calls_every_prediction_route_of_a_live_server() -> None:
    """The generated client, as an integrator would use it, against real gunicorn."""
    from fembalance_ml_client import AuthenticatedClient
    from fembalance_ml_client.api.predictions import (
        predict_batch,
        predict_cycle,
        predict_pcos,
        predict_symptoms,
    )
    from fembalance_ml_client.models import (
        BatchRequest,
        CycleRequest,
        CycleResponse,
        PcosRequest,
        PcosResponse,
        SymptomRequest,
        SymptomResponse,
    )

    key = "client-test-api-key-0123456789abcdef01234"
    env = {"API_KEY_REQUIRED": "true", "VALID_API_KEYS": key, "MODEL_WATCH_SECONDS": "0"}
    with (
        gunicorn_server(env=env) as server,
        AuthenticatedClient(base_url=server.url, token=key) as client,
        AuthenticatedClient(base_url=server.url, token="wrong") as stranger,
    ):
        pcos = predict_pcos.sync(client=client, body=PcosRequest.from_dict(body("pcos")))
        assert isinstance(pcos, PcosResponse)
        assert 0.0 <= pcos.risk_score <= 1.0
        cycle = predict_cycle.sync(client=client, body=CycleRequest.from_dict(body("cycle")))
        assert isinstance(cycle, CycleResponse)
        symptoms = predict_symptoms.sync(
            client=client, body=SymptomRequest.from_dict(body("symptoms"))
        )
        assert isinstance(symptoms, SymptomResponse)
        batch_body = {"requests": [{"model_name": "pcos", "input": body("pcos")}]}
        batch = predict_batch.sync_detailed(client=client, body=BatchRequest.from_dict(batch_body))
        assert batch.status_code == 200
        refused = predict_pcos.sync_detailed(
            client=stranger, body=PcosRequest.from_dict(body("pcos"))
        )
        assert refused.status_code == 401
