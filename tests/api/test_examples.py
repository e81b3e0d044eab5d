"""The spec's examples are true: the service gives the example answers and errors it shows."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

from fembalance_ml.api.examples import (
    REFUSED_BATCH,
    batch_with_refused_item,
    captured,
    requests,
)
from fembalance_ml.main import SERVED_MODELS
from scripts.capture_examples import stable


@pytest.mark.parametrize("name", sorted(requests(SERVED_MODELS)))
def test_each_example_answer_is_what_the_service_answers(client: TestClient, name: str) -> None:
    """If a model or a rule changes an answer, `make spec` must capture it again."""
    live = client.post(f"/api/v1/predict/{name}", json=requests(SERVED_MODELS)[name])
    assert live.status_code == 200, live.text
    assert stable(live.json()) == captured()["answers"][name], "run `make spec`"


def test_the_refused_item_example_is_what_the_service_answers(client: TestClient) -> None:
    """The batch's second example answer: an error in the refused item's slot."""
    live = client.post("/api/v1/predict/batch", json=batch_with_refused_item(SERVED_MODELS))
    assert live.status_code == 200, live.text
    assert "error" in live.json()["predictions"][-1]
    assert stable(live.json()) == captured()["answers"][REFUSED_BATCH], "run `make spec`"


def _schema_of(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    return jsonschema_rs.validator_for({**schema, "components": spec["components"]})


def test_every_prediction_operation_and_error_has_a_valid_example(client: TestClient) -> None:
    """Bodies, answers and error envelopes in the spec validate against their own schemas."""
    spec: dict[str, Any] = client.app.openapi()  # type: ignore[attr-defined]
    checked = 0
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if path.startswith("/api/v1/predict/"):
                assert body is not None, path
                assert "example" in body, path
                assert _schema_of(spec, body["schema"]).is_valid(body["example"]), path
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json", {})
                envelope = content.get("schema") == {"$ref": "#/components/schemas/ErrorEnvelope"}
                if envelope or (status == "200" and path.startswith("/api/v1/predict/")):
                    named = [e["value"] for e in content.get("examples", {}).values()]
                    shown = [content["example"]] if "example" in content else named
                    assert shown, f"{path} {status}"
                    validator = _schema_of(spec, content["schema"])
                    assert all(validator.is_valid(e) for e in shown), f"{path} {status}"
                    checked += 1
    assert checked >= 30
