"""The app is built by its factory, from the models it is given, and nothing at import.

The composition root (fembalance_ml/main.py) is the one serving-side module that names the
domain packages; importing the app's modules builds no app, no registry, no manager and
starts no thread; two apps built with different model lists share no model.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

import fembalance_ml
from fembalance_ml.main import SERVED_MODELS, build_app
from tests.conftest import body, make_settings
from tests.support.tiny_model.spec import ROUTE as TINY
from tests.support.tiny_model.spec import SPEC as TINY_SPEC

PACKAGE = Path(fembalance_ml.__file__).resolve().parent
DOMAINS = ("pcos", "cycle", "symptoms")
# What the app's side imports: every module of these packages, and these modules.
SERVING_SIDE = (
    "api",
    "serving",
    "ledger",
    "monitoring",
    "security",
    "http",
    "observability",
    "runtime",
)
SERVING_MODULES = ("config", "cli", "gunicorn_conf", "main")

# Imports every serving-side module in a fresh interpreter, then reports what exists.
PROBE = """
import gc, importlib, json, pkgutil, sys, threading
import fembalance_ml
for package in {packages!r}:
    module = importlib.import_module(f"fembalance_ml.{package}")
    for info in pkgutil.walk_packages(module.__path__, f"fembalance_ml.{package}."):
        if ".migrations" not in info.name:  # alembic scripts: run by alembic only
            importlib.import_module(info.name)
for name in ("config", "main"):
    importlib.import_module(f"fembalance_ml.{name}")
from fastapi import FastAPI
from fembalance_ml.api.served import PredictionService
from fembalance_ml.monitoring.drift_monitor import DriftMonitor
from fembalance_ml.ledger.writer import LedgerWriter
from fembalance_ml.serving.manager import ModelManager
from fembalance_ml.serving.registry import ModelRegistry
built = (FastAPI, ModelRegistry, ModelManager, PredictionService, DriftMonitor, LedgerWriter)
found = sorted({type(o).__name__ for o in gc.get_objects() if isinstance(o, built)})
app_module = sys.modules["fembalance_ml.api.app"]
print(json.dumps({
    "built": found,
    "threads": threading.active_count(),
    "module_app": hasattr(app_module, "app"),
}))
""".replace("{packages!r}", repr(SERVING_SIDE))


def test_importing_the_serving_side_builds_and_registers_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={"PYTHONPATH": str(PACKAGE.parent), "PATH": "/usr/bin:/bin"},
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["built"] == []
    assert seen["threads"] == 1
    assert not seen["module_app"]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_only_the_composition_root_names_the_domain_specs() -> None:
    files = [p for package in SERVING_SIDE for p in (PACKAGE / package).rglob("*.py")]
    files += [PACKAGE / f"{name}.py" for name in SERVING_MODULES]
    naming = sorted(
        str(path.relative_to(PACKAGE))
        for path in files
        if any(f"fembalance_ml.{domain}.spec" in _imported_modules(path) for domain in DOMAINS)
    )
    assert naming == ["main.py"]
    # Neither config nor serving reads a registry of their own any more.
    for path in [PACKAGE / "config.py", *(PACKAGE / "serving").rglob("*.py")]:
        imported = _imported_modules(path)
        assert not any(m.startswith(f"fembalance_ml.{d}") for m in imported for d in DOMAINS)
    assert "fembalance_ml.serving.registry" not in _imported_modules(PACKAGE / "config.py")


def test_two_apps_built_with_different_models_do_not_see_each_others() -> None:
    settings = make_settings(ledger_enabled=False, model_watch_seconds=0, log_level="WARNING")
    served = build_app(settings, SERVED_MODELS)
    tiny_only = build_app(settings, [SERVED_MODELS[0], TINY_SPEC])
    served_paths = set(served.openapi()["paths"])
    tiny_paths = set(tiny_only.openapi()["paths"])
    assert f"/api/v1/predict/{TINY}" in tiny_paths - served_paths
    assert "/api/v1/predict/cycle" in served_paths - tiny_paths
    served_names = served.openapi()["components"]["schemas"]["BatchModelName"]["enum"]
    tiny_names = tiny_only.openapi()["components"]["schemas"]["BatchModelName"]["enum"]
    assert served_names == ["pcos", "cycle", "symptoms"]
    assert tiny_names == ["pcos", TINY]
    assert served.state.models.names() == ["pcos", "cycle_prediction", "symptom_analysis"]
    assert tiny_only.state.models.find("cycle") is None
    items = {
        "requests": [
            {"model_name": TINY, "input": {"x": 1}},
            {"model_name": "cycle", "input": body("cycle")},
        ]
    }
    with TestClient(served) as client:
        unknown, answered = client.post("/api/v1/predict/batch", json=items).json()["predictions"]
        assert unknown["error"]["message"] == (
            "Unknown model_name; use one of: pcos, cycle, symptoms."
        )
        assert "predicted_start_date" in answered
        assert client.post(f"/api/v1/predict/{TINY}", json={"x": 1}).status_code == 404
    with TestClient(tiny_only) as client:
        answer = client.post("/api/v1/predict/batch", json=items).json()["predictions"]
        # Not loaded (no tiny model in the committed tree), but known: 503, not unknown.
        assert answer[0]["error"]["code"] == "model_not_ready"
        assert answer[1]["error"]["message"] == "Unknown model_name; use one of: pcos, tiny."
        assert client.post("/api/v1/predict/cycle", json=body("cycle")).status_code == 404
