"""Batch prediction: order, per-item errors, the cap, and equality with single calls."""

from __future__ import annotations

import math
from typing import Any

from fastapi.testclient import TestClient

from fembalance_ml.api.batch_cost import item_cost
from fembalance_ml.main import build_app, served_registry
from tests.conftest import body, make_settings

# Each served model's batch item cost, by batch model_name.
COSTS = served_registry().costs


def rounded(value: Any) -> Any:
    """The same structure with floats rounded to 12 places."""
    if isinstance(value, float):
        return round(value, 12)
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def batch(client: TestClient, items: list[dict[str, Any]]) -> Any:
    return client.post("/api/v1/predict/batch", json={"requests": items})


def test_answers_in_request_order_with_item_errors(client: TestClient) -> None:
    bad = {"features": {"acne": 2}}
    items = [
        {"model_name": "cycle", "input": body("cycle")},
        {"model_name": "pcos", "input": body("pcos")},
        {"model_name": "pcos", "input": bad},
        {"model_name": "symptoms", "input": body("symptoms")},
        {"model_name": "nonsense", "input": {}},
        {"model_name": "pcos", "input": body("pcos") | {"user_id": "another"}},
    ]
    answer = batch(client, items)
    assert answer.status_code == 200
    predictions = answer.json()["predictions"]
    assert len(predictions) == 6
    assert "predicted_start_date" in predictions[0]
    assert "risk_score" in predictions[1]
    assert predictions[2]["error"]["code"] == "invalid_input"
    assert {d["field"] for d in predictions[2]["error"]["details"]} >= {"features.acne"}
    assert "pmdd_screen" in predictions[3]
    assert predictions[4]["error"]["code"] == "invalid_input"
    assert predictions[5]["risk_score"] == predictions[1]["risk_score"]


def test_batch_equals_single_calls(client: TestClient) -> None:
    requests = []
    for i in range(30):
        request = body("pcos")
        request["features"].update({"age": 18 + i, "acne": i % 2, "hair_loss": (i // 2) % 2})
        if i % 3 == 0:
            request["features"]["follicle_count_left"] = 5 + i
        requests.append(request)
    singles = [client.post("/api/v1/predict/pcos", json=r).json() for r in requests]
    batched = batch(client, [{"model_name": "pcos", "input": r} for r in requests]).json()
    # Each batch answer names its model; the rest is the single call's answer.
    assert all(p.pop("model_name") == "pcos" for p in batched["predictions"])
    # Every answer has its own prediction id; the rest must be equal.
    ids = [p.pop("prediction_id") for p in [*singles, *batched["predictions"]]]
    assert len(set(ids)) == len(ids) == 60
    # A matrix product over many rows may sum in another order than over one row.
    assert rounded(batched["predictions"]) == rounded(singles)
    assert {p["variant"] for p in singles} == {"screening", "clinical"}


def test_domain_refusal_stays_in_its_slot(client: TestClient) -> None:
    future = body("cycle")
    del future["as_of"]
    future["cycles"] = [{"start_date": "2999-01-01"}]
    answer = batch(
        client,
        [{"model_name": "cycle", "input": future}, {"model_name": "cycle", "input": body("cycle")}],
    )
    first, second = answer.json()["predictions"]
    assert first["error"]["code"] == "invalid_input"
    assert first["model_name"] == "cycle"
    assert "predicted_start_date" in second


def test_cycle_items_carry_their_context(client: TestClient) -> None:
    """A batch cycle item with a context answers as the single call does (issue 22)."""
    pregnant = body("cycle") | {
        "context": {"pregnancy": "pregnant", "pregnancy_start_date": "2026-02-18"}
    }
    pill = body("cycle") | {"context": {"contraception": "combined_hormonal"}}
    conflict = body("cycle") | {"context": {"pregnancy_start_date": "2026-02-18"}}
    items = [pregnant, pill, conflict, body("cycle")]
    answer = batch(client, [{"model_name": "cycle", "input": item} for item in items])
    assert answer.status_code == 200
    batched = answer.json()["predictions"]
    for item, got in zip(items[:2], batched, strict=False):
        single = client.post("/api/v1/predict/cycle", json=item).json()
        for fields in (got, single):
            fields.pop("prediction_id")
        assert got.pop("model_name") == "cycle"
        assert got == single
    first, second, third, plain = batched
    assert first["predicted_start_date"] is None
    assert "pregnancy" in {flag["code"] for flag in first["flags"]}
    assert second["predicted_start_date"] is not None
    assert second["ovulation_date"] is None
    assert third["error"]["code"] == "invalid_input"
    assert "context.pregnancy_start_date" in {d["field"] for d in third["error"]["details"]}
    assert plain["ovulation_date"] is not None
    assert plain["assumptions"][0]["code"] == "context_not_stated"


def test_over_the_cap_is_refused_whole() -> None:
    with TestClient(build_app(make_settings(batch_max_items=3))) as small:
        items = [{"model_name": "pcos", "input": body("pcos")}] * 4
        refused = batch(small, items)
        assert refused.status_code == 413
        assert refused.json()["error"]["code"] == "payload_too_large"
        assert batch(small, items[:3]).status_code == 200


def test_empty_batch_is_an_empty_answer(client: TestClient) -> None:
    assert batch(client, []).json() == {"predictions": []}


def test_a_malformed_item_gets_its_own_error_without_echoing_its_model_name(
    client: TestClient,
) -> None:
    """Missing input or an unknown model: an error in that slot, model_name null."""
    answer = batch(
        client,
        [
            {"model_name": "pcos"},
            {"model_name": "no-such-model-x", "input": {}},
            {"model_name": "pcos", "input": body("pcos")},
        ],
    )
    assert answer.status_code == 200
    missing, unknown, good = answer.json()["predictions"]
    assert missing == {**missing, "model_name": None}
    assert missing["error"]["details"][0]["field"] == "input"
    assert unknown["model_name"] is None
    assert "no-such-model-x" not in answer.text
    assert good["model_name"] == "pcos"
    assert 0.0 <= good["risk_score"] <= 1.0


def test_over_the_cost_budget_is_refused_naming_the_limit() -> None:
    """Few items can still be too much work: 413 with the limit and the estimate only."""
    heavy = body("symptoms")
    one = item_cost({"model_name": "symptoms", "input": heavy}, COSTS)
    budget = math.ceil(2.5 * one)  # two symptom items fit, three do not
    assert budget >= 10  # and each weighs several PCOS items
    with TestClient(build_app(make_settings(batch_max_cost=budget))) as small:
        refused = batch(small, [{"model_name": "symptoms", "input": heavy}] * 3)
        assert refused.status_code == 413
        error = refused.json()["error"]
        assert error["code"] == "payload_too_large"
        assert "BATCH_MAX_COST" in error["message"]
        (detail,) = error["details"]
        assert detail["limit"] == "BATCH_MAX_COST"
        assert detail["maximum"] == budget
        assert detail["estimated_cost"] == math.ceil(3 * one)
        # Nothing of the items (dates, symptoms, the user) is echoed.
        for secret in ("anger_irritability", "2026-01-15", "test-user-1"):
            assert secret not in refused.text
        # The same budget takes many cheap items and two symptom items.
        cheap = [{"model_name": "pcos", "input": body("pcos")}] * budget
        assert batch(small, cheap).status_code == 200
        two = batch(small, [{"model_name": "symptoms", "input": heavy}] * 2)
        assert two.status_code == 200
        assert all("pmdd_screen" in p for p in two.json()["predictions"])


def test_the_estimate_grows_with_logs_and_cycles() -> None:
    from fembalance_ml.api.batch_cost import batch_cost, item_cost

    symptoms = body("symptoms")
    longer = body("symptoms")
    longer["logs"] = longer["logs"] * 10
    assert item_cost({"model_name": "symptoms", "input": longer}, COSTS) > item_cost(
        {"model_name": "symptoms", "input": symptoms}, COSTS
    )
    cycle = body("cycle")
    fewer = body("cycle")
    fewer["cycles"] = fewer["cycles"][:2]
    assert item_cost({"model_name": "cycle", "input": cycle}, COSTS) > item_cost(
        {"model_name": "cycle", "input": fewer}, COSTS
    )
    # A PCOS item is the unit; a malformed item costs one unit and never raises.
    assert item_cost({"model_name": "pcos", "input": body("pcos")}, COSTS) == 1
    assert item_cost({"model_name": ["x"], "input": {"logs": 5}}, COSTS) == 1
    assert item_cost("not an object", COSTS) == 1
    assert batch_cost([{"model_name": "pcos", "input": {}}] * 3, COSTS) == 3
