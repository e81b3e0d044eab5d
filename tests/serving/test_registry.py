"""One more spec in the list an app is built with serves a new model: route, batch,
settings, metrics, cache, limits.

`tests/support/tiny_model` is a package shaped like a domain package (types, a model, a
predict function, a spec); these tests build an app with its spec beside the served ones,
write two verified versions of it into a private models tree, and use it through the real
app like the three served models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from fembalance_ml.api.batch_cost import batch_cost
from fembalance_ml.main import SERVED_MODELS, build_app
from fembalance_ml.serving.artifacts import write_version
from fembalance_ml.serving.registry import ModelRegistry
from fembalance_ml.serving.spec import ModelSpec
from tests.conftest import body, copy_models, make_settings
from tests.support.tiny_model.model import TinyModel
from tests.support.tiny_model.spec import DISCLAIMER, NAME, ROUTE, SPEC

TINY = f"/api/v1/predict/{ROUTE}"
BATCH = "/api/v1/predict/batch"


PREDICTED = "ml_predictions_total"
CACHE = "ml_cache_events_total"


def counted(metric: str, labels: dict[str, str]) -> float:
    """A counter's value in this process (0 before its series exists)."""
    return REGISTRY.get_sample_value(metric, labels) or 0.0


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """The committed models plus the tiny model at v1.0.0 (weight 2) and v1.1.0 (latest)."""
    root = copy_models(tmp_path / "models")
    write_version(root, NAME, "v1.0.0", TinyModel(2.0), {"model_type": "tiny"}, set_latest=False)
    write_version(root, NAME, "v1.1.0", TinyModel(3.0), {"model_type": "tiny"})
    return root


# The served models and the tiny one: what an app serving it is built with.
WITH_TINY: list[ModelSpec[Any, Any, Any]] = [*SERVED_MODELS, SPEC]


def test_a_registered_model_is_served_everywhere(
    models: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The settings key is the route alias here; the model's name works as well.
    monkeypatch.setenv("MODEL_VERSIONS__TINY", "v1.0.0")
    settings = make_settings(
        models,
        rate_limit_overrides={NAME: "50/minute"},
        state_dir=tmp_path / "state",
        model_watch_seconds=0,
        log_level="WARNING",
    )
    catalogue = ModelRegistry(WITH_TINY)
    assert settings.versions_by_name(catalogue) == {NAME: "v1.0.0"}
    assert settings.cached_routes(catalogue) == {"cycle", "symptoms", ROUTE}
    ok = {"model": NAME, "version": "v1.0.0", "status": "ok"}
    invalid = {**ok, "status": "invalid"}
    # Without Redis a hit comes from the worker's own memory.
    hit = {"model": NAME, "result": "hit_local"}
    before = (counted(PREDICTED, ok), counted(PREDICTED, invalid), counted(CACHE, hit))
    with TestClient(build_app(settings, WITH_TINY)) as client:
        first = client.post(TINY, json={"user_id": "person-1", "x": 2})
        assert first.status_code == 200, first.text
        answer = first.json()
        # v1.0.0 (weight 2) serves, as configured, although v1.1.0 is `latest`.
        assert list(answer) == [
            "score",
            "model_version",
            "disclaimer",
            "disclaimer_code",
            "experiment_group",
            "prediction_id",
        ]
        assert answer["score"] == 4.0
        assert answer["model_version"] == "v1.0.0"
        assert answer["disclaimer"] == DISCLAIMER.template
        assert answer["disclaimer_code"] == "tiny"
        assert first.headers["X-Prediction-ID"] == answer["prediction_id"]
        assert first.headers["X-Cache"] == "miss"
        assert first.headers["X-RateLimit-Limit"] == "50"

        again = client.post(TINY, json={"user_id": "person-1", "x": 2})
        assert again.headers["X-Cache"] == "hit"
        assert again.json()["score"] == 4.0
        assert again.json()["prediction_id"] != answer["prediction_id"]

        # The domain's InvalidQuestion is a 422; so is input the request type refuses.
        refused = client.post(TINY, json={"x": 13})
        assert refused.status_code == 422
        assert refused.json()["error"]["code"] == "invalid_input"
        assert "does not answer" in refused.json()["error"]["message"]
        assert client.post(TINY, json={"x": -1}).status_code == 422

        items = [
            {"model_name": ROUTE, "input": {"x": 1}},
            {"model_name": "pcos", "input": body("pcos")},
            {"model_name": ROUTE, "input": {"x": 13}},
        ]
        batch = client.post(BATCH, json={"requests": items})
        assert batch.status_code == 200, batch.text
        scored, pcos, unanswerable = batch.json()["predictions"]
        assert scored["model_name"] == ROUTE
        assert scored["score"] == 2.0
        assert scored["model_version"] == "v1.0.0"
        assert "risk_level" in pcos
        assert unanswerable["model_name"] == ROUTE
        assert unanswerable["error"]["code"] == "invalid_input"

        metrics = client.get("/metrics").text
        assert f'ml_model_ready{{model="{NAME}"}} 1.0' in metrics
        assert f'ml_predictions_total{{model="{NAME}",status="ok",version="v1.0.0"}}' in metrics
        # Two fresh answers (one single, one batch item), two refused; one cache hit.
        assert counted(PREDICTED, ok) - before[0] == 2
        assert counted(PREDICTED, invalid) - before[1] == 2
        assert counted(CACHE, hit) - before[2] == 1

        served = client.get("/api/v1/models").json()
        assert NAME in str(served)

        spec = client.get("/openapi.json").json()
        operation = spec["paths"][TINY]["post"]
        assert operation["operationId"] == "predictTiny"
        assert operation["summary"] == "Predict Tiny"
        schemas = spec["components"]["schemas"]
        assert ROUTE in schemas["BatchModelName"]["enum"]
        assert "TinyBatchItem" in schemas
        assert "TinyBatchAnswer" in schemas
        mapping = schemas["BatchRequest"]["properties"]["requests"]["items"]["discriminator"]
        assert mapping["mapping"][ROUTE] == "#/components/schemas/TinyBatchItem"


def test_a_registered_model_has_its_batch_cost() -> None:
    costs = ModelRegistry(WITH_TINY).costs
    assert batch_cost([{"model_name": ROUTE, "input": {"x": 1}}] * 3, costs) == 15
    assert batch_cost([{"model_name": "tiny_unknown", "input": {}}], costs) == 1
    # Without it, the tiny model's items are unknown: one unit each, refused in their slot.
    served = ModelRegistry(SERVED_MODELS).costs
    assert batch_cost([{"model_name": ROUTE, "input": {"x": 1}}] * 3, served) == 3


def test_a_registry_knows_only_the_models_it_was_given() -> None:
    with_tiny, served = ModelRegistry(WITH_TINY), ModelRegistry(SERVED_MODELS)
    assert with_tiny.find(ROUTE) is SPEC
    assert with_tiny.canonical(ROUTE.upper()) == NAME
    assert served.find(ROUTE) is None
    assert NAME not in served.by_name
    assert ROUTE not in served.by_route


def test_names_and_aliases_must_be_unique() -> None:
    with pytest.raises(ValueError, match="already registered"):
        ModelRegistry([*WITH_TINY, SPEC])
    with pytest.raises(ValueError, match="already registered"):
        build_app(make_settings(), [*WITH_TINY, SPEC])


def test_the_served_models_are_listed_once_in_contract_order() -> None:
    served = ModelRegistry(SERVED_MODELS)
    assert [(s.name, s.route) for s in served.specs()] == [
        ("pcos", "pcos"),
        ("cycle_prediction", "cycle"),
        ("symptom_analysis", "symptoms"),
    ]
    for key in ("cycle", "CYCLE_PREDICTION", " symptoms "):
        assert served.find(key) is not None
