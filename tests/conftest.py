"""Shared fixtures: an app over the committed models tree, and request bodies."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.config import PROJECT_ROOT, Settings
from fembalance_ml.main import build_app

MODELS = PROJECT_ROOT / "models"

# The bodies of ../shared/tools/contract_check.py: what a real client sends.
PCOS_BODY: dict[str, Any] = {
    "user_id": "test-user-1",
    "features": {
        "irregular_periods": 1,
        "excess_hair_growth": 1,
        "acne": 0,
        "weight_gain": 1,
        "hair_loss": 0,
        "dark_skin_patches": 0,
        "age": 27,
        "height_cm": 162,
        "weight_kg": 70,
    },
}
CYCLE_BODY: dict[str, Any] = {
    "user_id": "test-user-1",
    "as_of": "2026-03-01",
    "horizon_cycles": 3,
    "cycles": [
        {"start_date": d}
        for d in (
            "2025-09-02",
            "2025-09-30",
            "2025-10-29",
            "2025-11-25",
            "2025-12-24",
            "2026-01-21",
            "2026-02-18",
        )
    ],
}
SYMPTOMS_BODY: dict[str, Any] = {
    "user_id": "test-user-1",
    "as_of": "2026-02-25",
    "cycles": [{"start_date": d} for d in ("2025-12-24", "2026-01-21", "2026-02-18")],
    "logs": [
        {"date": d, "symptom": s, "severity": v}
        for d, s, v in (
            ("2026-01-15", "anger_irritability", 5),
            ("2026-01-16", "anger_irritability", 5),
            ("2026-01-18", "swelling_bloating", 4),
            ("2026-01-21", "cramps", 4),
            ("2026-01-22", "cramps", 3),
            ("2026-01-26", "anger_irritability", 1),
        )
    ],
}


def body(name: str) -> dict[str, Any]:
    """A fresh copy of a valid request body, safe to modify in a test."""
    bodies = {"pcos": PCOS_BODY, "cycle": CYCLE_BODY, "symptoms": SYMPTOMS_BODY}
    return copy.deepcopy(bodies[name])


def make_settings(model_path: Path = MODELS, **overrides: Any) -> Settings:
    """Settings for an in-process app; ignores any .env file of the developer."""
    return Settings(_env_file=None, model_path=model_path, **overrides)  # type: ignore[call-arg]


def copy_models(target: Path, extra_pcos_versions: tuple[str, ...] = ()) -> Path:
    """A private copy of the committed models tree, with extra copies of PCOS v2.1.0.

    The copies are real, verifiable versions (same model, metadata naming the new version).
    A version the committed tree already has (v2.2.0) is used as it is.
    """
    for model_dir in MODELS.iterdir():
        if model_dir.is_dir():
            shutil.copytree(model_dir, target / model_dir.name, symlinks=True)
    for version in extra_pcos_versions:
        folder = target / "pcos" / version
        if folder.exists():
            continue
        shutil.copytree(MODELS / "pcos" / "v2.1.0", folder)
        metadata = json.loads((folder / "metadata.json").read_text())
        (folder / "metadata.json").write_text(json.dumps({**metadata, "version": version}))
    return target


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Where the real data sets live (the DATA_DIR setting)."""
    return make_settings().models.data_dir


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """One app over the committed models, shared by the tests that only read."""
    with TestClient(build_app(make_settings()), raise_server_exceptions=False) as test_client:
        yield test_client
