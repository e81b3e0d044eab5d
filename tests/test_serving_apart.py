"""The service never imports training or research code (README, "Serving, training, research").

Training (`fembalance_ml.training`: data loaders, fits, evaluation, reports, model cards)
runs offline; the service only unpickles and runs what it produced. Keeping the two apart
keeps pandas-heavy fitting code, and any change to it, out of the serving process.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

from fembalance_ml.config import PROJECT_ROOT
from fembalance_ml.training.__main__ import TRAINERS
from tests.conftest import body

SRC = PROJECT_ROOT / "src" / "fembalance_ml"
# Modules that may name the training package: the package itself and the command line
# (`fembalance-ml train` imports it when that command runs, never at start-up).
MAY_IMPORT_TRAINING = {SRC / "training", SRC / "cli.py"}
OFF_LIMITS = ("fembalance_ml.training", "research", "scripts", "bench")

# Builds the app as a server does (cli.APP, "module:attribute" or "module:factory()"),
# loads every model, answers one request per model, then prints the loaded modules.
SERVE_AND_LIST = """
import importlib, json, sys
from fastapi.testclient import TestClient
from fembalance_ml.cli import APP

module_name, _, attribute = APP.partition(":")
target = getattr(importlib.import_module(module_name), attribute.removesuffix("()"))
app = target() if attribute.endswith("()") else target
bodies = json.loads(sys.argv[1])
with TestClient(app) as client:
    statuses = {"ready": client.get("/health/ready").status_code}
    for route, body in bodies.items():
        statuses[route] = client.post(f"/api/v1/predict/{route}", json=body).status_code
print(json.dumps({"statuses": statuses, "modules": sorted(sys.modules)}))
"""


def served_modules(tmp_path: Path) -> tuple[dict[str, int], list[str]]:
    """Statuses of the start-up probe and one prediction per model, and sys.modules after."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT / "src"), str(PROJECT_ROOT)]),
        "ENVIRONMENT": "development",
        "MODEL_PATH": str(PROJECT_ROOT / "models"),
        "STATE_DIR": str(tmp_path / "state"),
        "API_KEY_REQUIRED": "false",
        "REDIS_URL": "",
    }
    bodies = json.dumps({name: body(name) for name in ("pcos", "cycle", "symptoms")})
    done = subprocess.run(
        [sys.executable, "-c", SERVE_AND_LIST, bodies],
        cwd=tmp_path,  # no developer .env
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["statuses"], report["modules"]


def test_the_running_service_imports_no_training_or_research_module(tmp_path: Path) -> None:
    statuses, modules = served_modules(tmp_path)
    assert statuses == {"ready": 200, "pcos": 200, "cycle": 200, "symptoms": 200}
    # The probe saw the real service: every domain's model code is loaded...
    assert {"fembalance_ml.pcos.model", "fembalance_ml.cycle.model"} <= set(modules)
    assert "fembalance_ml.symptoms.ordinal" in modules
    # ...and nothing that builds models or measures them.
    loaded = [m for m in modules if any(m == p or m.startswith(p + ".") for p in OFF_LIMITS)]
    assert loaded == []


def _imports(path: Path) -> set[str]:
    """Every module named by an import statement of `path`, lazy ones included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_serving_module_names_the_training_package_even_lazily() -> None:
    offenders = {
        str(path.relative_to(SRC)): sorted(
            name for name in _imports(path) if name.startswith("fembalance_ml.training")
        )
        for path in SRC.rglob("*.py")
        if not any(path == allowed or allowed in path.parents for allowed in MAY_IMPORT_TRAINING)
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_every_training_command_imports_and_has_a_main() -> None:
    assert set(TRAINERS) == {"pcos", "cycle", "symptoms"}
    for module_name in TRAINERS.values():
        assert module_name.startswith("fembalance_ml.training.")
        assert callable(importlib.import_module(module_name).main)
