"""What production does not show: the API spec, and the server's filesystem paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from tests.conftest import MODELS, copy_models, make_settings

CLIENT_KEY = "client-key-0123456789abcdef0123456789abcdef"
ADMIN_KEY = "admin-key-0123456789abcdef0123456789abcdef"
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}


def production_client(models: Path = MODELS, **overrides: Any) -> TestClient:
    """An app with the production profile (keys of the accepted length)."""
    settings = make_settings(
        models,
        environment="production",
        api_key_required=True,
        valid_api_keys=CLIENT_KEY,
        admin_api_keys=ADMIN_KEY,
        allowed_origins="https://app.example.org",
        pseudonym_key="pseudonym-key-0123456789abcdef0123456789abcdef",
        model_watch_seconds=0,
        log_level="WARNING",
        **overrides,
    )
    return TestClient(build_app(settings), raise_server_exceptions=False)


@pytest.mark.parametrize(
    "path", ["/openapi.json", "/docs", "/redoc", "/docs/static/swagger-ui-bundle.js"]
)
def test_production_serves_no_spec(path: str) -> None:
    with production_client() as client:
        assert client.get(path).status_code == 404
        assert (
            client.get(path, headers={"Authorization": f"Bearer {CLIENT_KEY}"}).status_code == 404
        )


def test_development_still_serves_the_spec() -> None:
    with TestClient(build_app(make_settings(model_watch_seconds=0))) as client:
        assert "/api/v1/predict/pcos" in client.get("/openapi.json").json()["paths"]


def assert_no_server_path(text: str, models: Path) -> None:
    for path in {str(models), str(models.resolve()), str(MODELS.parent)}:
        assert path not in text
    assert "/tmp" not in text
    assert "/work" not in text


def test_readiness_names_no_server_path(tmp_path: Path) -> None:
    models = copy_models(tmp_path / "models")
    shutil.rmtree(models / "cycle_prediction")
    (models / "pcos" / "latest").unlink()
    for version in (models / "pcos").glob("v*"):
        (version / "metadata.json").unlink()
    with production_client(models) as client:
        answer = client.get("/health/ready")
    assert answer.status_code == 503
    reasons = {name: m["reason"] for name, m in answer.json()["models"].items()}
    assert reasons["cycle_prediction"]
    assert reasons["pcos"]
    assert reasons["symptom_analysis"] is None
    assert_no_server_path(answer.text, models)


def test_refused_reload_names_no_server_path(tmp_path: Path) -> None:
    models = copy_models(tmp_path / "models", ("v2.2.0",))
    (models / "pcos" / "v2.2.0" / "model.pkl").write_bytes(b"tampered")
    (models / "pcos" / "v2.8.0").mkdir()
    with production_client(models) as client:
        for version in ("v2.2.0", "v2.8.0", "v2.9.9"):
            refused = client.post(f"/api/v1/models/pcos/reload?version={version}", headers=ADMIN)
            assert refused.status_code == 409, refused.text
            assert refused.json()["error"]["details"][0]["reason"]
            assert_no_server_path(refused.text, models)


def logged(capsys: pytest.CaptureFixture[str]) -> dict[str, list[dict[str, Any]]]:
    """The JSON log lines the app wrote to standard output, by event."""
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    events: dict[str, list[dict[str, Any]]] = {}
    for entry in map(json.loads, lines):
        events.setdefault(entry.get("event", ""), []).append(entry)
    return events


def test_development_readiness_names_the_folder_searched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A service installed with pip and started where there are no models says where it
    looked (the absolute MODEL_PATH), outside production; the public production answer
    above names paths relative to the models root only."""
    empty = tmp_path / "no-models-here"
    settings = make_settings(empty, model_watch_seconds=0)
    with TestClient(build_app(settings)) as client:
        answer = client.get("/health/ready")
    assert answer.status_code == 503
    for name, model in answer.json()["models"].items():
        assert model["reason"] == f"no versions under {empty}/{name}"
    # The start-up log names the folder too, in every environment (operators read it).
    events = logged(capsys)
    failed = {e["model"]: e["reason"] for e in events["model_load_failed"]}
    assert failed["pcos"] == f"no versions under {empty}/pcos"
    (started,) = events["startup_complete"]
    assert started["models_path"] == str(empty)


def test_production_logs_the_folder_its_answer_does_not_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "no-models-here"
    with production_client(empty) as client:
        answer = client.get("/health/ready")
    assert answer.json()["models"]["pcos"]["reason"] == "no versions under pcos"
    assert_no_server_path(answer.text, empty)
    failed = {e["model"]: e["reason"] for e in logged(capsys)["model_load_failed"]}
    assert failed["pcos"] == f"no versions under {empty}/pcos"
