"""A/B routing, shadow comparison and hot reload over real model versions."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from fembalance_ml.serving.artifacts import point_latest
from tests.conftest import body, copy_models, make_settings

ADMIN = {"Authorization": "Bearer admin-key-for-tests"}


def client_over(models: Path) -> TestClient:
    settings = make_settings(models, admin_api_keys="admin-key-for-tests", model_watch_seconds=0)
    return TestClient(build_app(settings))


def test_ab_split_is_sticky_and_labelled(tmp_path: Path) -> None:
    models = copy_models(tmp_path, ("v2.2.0", "v2.8.0"))
    (models / "experiments.json").write_text(
        json.dumps(
            {
                "pcos": {
                    "control": "v2.1.0",
                    "treatment": "v2.2.0",
                    "treatment_share": 0.5,
                    "shadow": "v2.8.0",
                }
            }
        )
    )
    with client_over(models) as client:
        seen = {}
        for i in range(40):
            request = body("pcos") | {"user_id": f"user-{i}"}
            first = client.post("/api/v1/predict/pcos", json=request).json()
            second = client.post("/api/v1/predict/pcos", json=request).json()
            assert (first["model_version"], first["experiment_group"]) == (
                second["model_version"],
                second["experiment_group"],
            )
            seen[first["experiment_group"]] = first["model_version"]
        assert seen == {"control": "v2.1.0", "treatment": "v2.2.0"}
        metrics = client.get("/metrics").text
        assert 'ml_predictions_total{model="pcos",status="ok",version="v2.2.0"}' in metrics
        assert (
            'agreement="agree",model="pcos",served_version="v2.1.0",shadow_version="v2.8.0"'
            in metrics
        )
        listed = {m["name"]: m for m in client.get("/api/v1/models").json()["models"]}
        assert listed["pcos"]["experiment"]["treatment_share"] == 0.5


def test_reload_needs_the_admin_key(tmp_path: Path) -> None:
    with client_over(copy_models(tmp_path)) as client:
        refused = client.post("/api/v1/models/pcos/reload")
        assert refused.status_code == 401
        wrong = client.post("/api/v1/models/pcos/reload", headers={"Authorization": "Bearer x"})
        assert wrong.status_code == 401
        assert client.post("/api/v1/models/nope/reload", headers=ADMIN).status_code == 404


def test_reload_swaps_versions_and_refuses_a_tampered_one(tmp_path: Path) -> None:
    models = copy_models(tmp_path, ("v2.2.0", "v2.8.0"))
    (models / "pcos" / "v2.8.0" / "model.pkl").write_bytes(b"tampered")
    point_latest(models / "pcos", "v2.1.0")
    with client_over(models) as client:
        moved = client.post("/api/v1/models/pcos/reload?version=v2.2.0", headers=ADMIN)
        assert moved.json() == {"model": "pcos", "version": "v2.2.0", "reloaded": True}
        assert client.post("/api/v1/predict/pcos", json=body("pcos")).json()["model_version"] == (
            "v2.2.0"
        )
        refused = client.post("/api/v1/models/pcos/reload?version=v2.8.0", headers=ADMIN)
        assert refused.status_code == 409
        detail = refused.json()["error"]["details"][0]
        assert detail["serving_version"] == "v2.2.0"
        assert "SHA-256" in detail["reason"]
        assert client.post("/api/v1/predict/pcos", json=body("pcos")).json()["model_version"] == (
            "v2.2.0"
        )
        assert client.get("/health/ready").status_code == 200


def test_reload_under_concurrent_requests_loses_nothing(tmp_path: Path) -> None:
    models = copy_models(tmp_path, ("v2.2.0",))
    point_latest(models / "pcos", "v2.1.0")
    failures: list[int] = []
    versions: set[str] = set()
    with client_over(models) as client:
        stop = threading.Event()

        def hammer() -> None:
            while not stop.is_set():
                answer = client.post("/api/v1/predict/pcos", json=body("pcos"))
                if answer.status_code != 200:
                    failures.append(answer.status_code)
                else:
                    versions.add(answer.json()["model_version"])

        workers = [threading.Thread(target=hammer) for _ in range(4)]
        for worker in workers:
            worker.start()
        for version in ("v2.2.0", "v2.1.0", "v2.2.0"):
            reloaded = client.post(f"/api/v1/models/pcos/reload?version={version}", headers=ADMIN)
            assert reloaded.status_code == 200
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    assert failures == []
    assert versions == {"v2.1.0", "v2.2.0"}
