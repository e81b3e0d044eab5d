"""Metrics an SRE can alert on: every answer counted, one model vocabulary, series at zero."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from fembalance_ml.main import build_app
from tests.conftest import body, make_settings
from tests.support.tiny_model.spec import NAME as TINY_MODEL

MODEL_NAMES = {"pcos", "cycle_prediction", "symptom_analysis"}
KEY = "metrics-test-key-0123456789abcdef0123"


@pytest.fixture(scope="module")
def keyed() -> Iterator[TestClient]:
    """An app that requires a key, with a small body limit."""
    settings = make_settings(
        api_key_required=True, valid_api_keys=[KEY], max_body_bytes=4096, model_watch_seconds=0
    )
    with TestClient(build_app(settings), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {KEY}"
        yield client


def sample(name: str, **labels: str) -> float:
    """The current value of one series in this process (0 when absent)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def http_count(route: str, method: str, status: int) -> float:
    return sample("http_requests_total", route=route, method=method, status=str(status))


def test_series_exist_at_zero_before_any_request(keyed: TestClient) -> None:
    """Alerts on increase() see the first event: the series are there from the start."""
    text = keyed.get("/metrics").text
    for line in (
        'http_requests_total{method="POST",route="/api/v1/predict/pcos",status="429"}',
        'http_requests_total{method="POST",route="/api/v1/predict/batch",status="413"}',
        'ml_rate_limited_total{route="/api/v1/predict/symptoms"}',
        'ml_redis_fallback_total{component="cache"}',
        'ml_cache_events_total{model="cycle_prediction",result="miss"}',
        'ml_model_ready{model="symptom_analysis"} 1.0',
    ):
        assert line in text, line
    assert re.search(r'ml_predictions_total\{model="cycle_prediction",status="error",', text)


@pytest.mark.parametrize(
    ("method", "path", "route", "status", "kwargs"),
    [
        ("POST", "/api/v1/predict/pcos", "/api/v1/predict/pcos", 200, {"json": body("pcos")}),
        ("POST", "/api/v1/predict/pcos", "/api/v1/predict/pcos", 422, {"json": {}}),
        ("GET", "/api/v1/predict/pcos", "/api/v1/predict/pcos", 405, {}),
        ("GET", "/api/v1/no/such/thing", "unmatched", 404, {}),
        ("POST", "/api/v1/predict/cycle", "/api/v1/predict/cycle", 413, {"content": b"x" * 5000}),
        (
            "POST",
            "/api/v1/predict/pcos",
            "/api/v1/predict/pcos",
            401,
            {"json": body("pcos"), "headers": {"Authorization": "Bearer wrong"}},
        ),
    ],
)
def test_every_answer_is_counted_by_route_template(
    keyed: TestClient, method: str, path: str, route: str, status: int, kwargs: dict[str, object]
) -> None:
    """Errors and refusals count too, under the route template, never the raw path."""
    before = http_count(route, method, status)
    seconds_before = sample("http_request_duration_seconds_count", route=route)
    response = keyed.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert http_count(route, method, status) == before + 1
    assert sample("http_request_duration_seconds_count", route=route) == seconds_before + 1
    assert path == route or "/no/such/thing" not in keyed.get("/metrics").text


def test_a_batch_observes_one_latency_per_item(keyed: TestClient) -> None:
    """The latency histogram moves with the prediction counter, batch items included."""
    before = sample("ml_prediction_duration_seconds_count", model="pcos")
    items = [{"model_name": "pcos", "input": body("pcos")} for _ in range(7)]
    response = keyed.post("/api/v1/predict/batch", json={"requests": items})
    assert response.status_code == 200
    assert sample("ml_prediction_duration_seconds_count", model="pcos") == before + 7


def test_every_model_label_uses_the_models_tree_names(keyed: TestClient) -> None:
    """One vocabulary, so ml_model_info joins with every other ml_* series."""
    for name in ("cycle", "symptoms"):
        assert keyed.post(f"/api/v1/predict/{name}", json=body(name)).status_code == 200
    text = keyed.get("/metrics").text
    # Prometheus series are process-wide: a test serving the tiny model leaves its label.
    used = set(re.findall(r'\bmodel="([^"]+)"', text)) - {TINY_MODEL}
    assert used == MODEL_NAMES
    assert "pid=" not in text


@pytest.mark.parametrize("amount", [0.00005, 0.0003, 0.02, 0.5, 3.0])
def test_observe_many_records_what_repeated_observe_records(amount: float) -> None:
    from prometheus_client import CollectorRegistry, Histogram

    from fembalance_ml.observability.metrics import observe_many

    registry = CollectorRegistry()
    buckets = (0.0001, 0.001, 0.1, 1.0)
    one = Histogram("one_by_one", "", ["model"], buckets=buckets, registry=registry)
    many = Histogram("all_at_once", "", ["model"], buckets=buckets, registry=registry)
    for _ in range(7):
        one.labels("m").observe(amount)
    observe_many(many.labels("m"), amount, 7)
    observe_many(many.labels("m"), amount, 0)

    def samples(name: str) -> dict[tuple[str, str], float]:
        return {
            (s.name.removeprefix(name), s.labels.get("le", "")): s.value
            for metric in registry.collect()
            if metric.name == name
            for s in metric.samples
            if not s.name.endswith("_created")
        }

    got, expected = samples("all_at_once"), samples("one_by_one")
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-12), key
    assert got[("_count", "")] == 7
