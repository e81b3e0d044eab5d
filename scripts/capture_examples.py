"""Capture the spec's examples: the service's answers to the example requests, and one real
error of each status, into src/fembalance_ml/api/examples.json (`make spec` runs this).

Usage: python -m scripts.capture_examples
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from fembalance_ml.api.examples import (
    EXAMPLES_FILE,
    REFUSED_BATCH,
    VOLATILE_FIELDS,
    batch_with_refused_item,
    requests,
)
from fembalance_ml.config import PROJECT_ROOT, Settings
from fembalance_ml.main import SERVED_MODELS, build_app

KEY = "examples-capture-api-key-0123456789abcdef"
ADMIN_KEY = "examples-capture-admin-key-0123456789abcd"
REQUEST_ID = "7b0c9f2e4a1d4c3b9e8f6a5d4c3b2a19"
EXAMPLE_REQUESTS = requests(SERVED_MODELS)


def _settings(**overrides: Any) -> Settings:
    base: dict[str, Any] = {
        "model_path": PROJECT_ROOT / "models",
        "api_key_required": True,
        "valid_api_keys": KEY,
        "admin_api_keys": ADMIN_KEY,
        "model_watch_seconds": 0,
        "log_level": "WARNING",
        "cache_enabled": False,
    }
    return Settings(_env_file=None, **{**base, **overrides})  # type: ignore[call-arg]


def stable(answer: Any) -> Any:
    """The answer with a fixed stand-in for each field that differs on every call."""
    if isinstance(answer, dict):
        return {k: VOLATILE_FIELDS.get(k, stable(v)) for k, v in answer.items()}
    if isinstance(answer, list):
        return [stable(item) for item in answer]
    return answer


def _envelope(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (status, response.text)
    envelope: dict[str, Any] = response.json()
    envelope["error"]["request_id"] = REQUEST_ID
    return envelope


def capture_answers(client: TestClient) -> dict[str, Any]:
    """The answers to the example requests, route by route, and to the batch with a
    refused item."""
    found = {}
    posts = [(name, name, body) for name, body in EXAMPLE_REQUESTS.items()]
    posts.append((REFUSED_BATCH, "batch", batch_with_refused_item(SERVED_MODELS)))
    for name, route, body in posts:
        response = client.post(f"/api/v1/predict/{route}", json=body)
        assert response.status_code == 200, (name, response.text)
        found[name] = stable(response.json())
    return found


def capture_errors(client: TestClient) -> dict[str, Any]:
    """One real error answer of each status the routes declare."""
    post = "/api/v1/predict/cycle"
    bad_date = {"cycles": [{"start_date": "2026-01-03"}, {"start_date": "2026-13-01"}]}
    errors = {
        401: client.post(
            post, json=EXAMPLE_REQUESTS["cycle"], headers={"Authorization": "Bearer no"}
        ),
        403: client.post(post, json=EXAMPLE_REQUESTS["cycle"], headers=_admin()),
        404: client.post("/api/v1/models/unknown/reload", headers=_admin()),
        409: client.post("/api/v1/models/pcos/reload?version=v9.9.9", headers=_admin()),
        413: client.post(
            post, content=b"0" * 1_100_000, headers={"Content-Type": "application/json"}
        ),
        415: client.post(post, content=b"as_of=2026-03-01", headers=_form()),
        422: client.post(post, json=bad_date),
    }
    return {str(status): _envelope(response, status) for status, response in errors.items()}


def _admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_KEY}"}


def _json() -> dict[str, str]:
    return {"Content-Type": "application/json"}


def _form() -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded"}


def capture_limits() -> dict[str, Any]:
    """429 from a limit of one a minute, 503 from an empty models tree."""
    found = {}
    with TestClient(build_app(_settings(rate_limit_default="1/minute"))) as client:
        client.headers["Authorization"] = f"Bearer {KEY}"
        client.post("/api/v1/predict/pcos", json=EXAMPLE_REQUESTS["pcos"])
        found["429"] = _envelope(
            client.post("/api/v1/predict/pcos", json=EXAMPLE_REQUESTS["pcos"]), 429
        )
    with tempfile.TemporaryDirectory() as empty:
        with TestClient(build_app(_settings(model_path=Path(empty)))) as client:
            client.headers["Authorization"] = f"Bearer {KEY}"
            missing = client.post("/api/v1/predict/cycle", json=EXAMPLE_REQUESTS["cycle"])
            found["503"] = _envelope(missing, 503)
    return found


def main() -> int:
    """Write examples.json."""
    with TestClient(build_app(_settings())) as client:
        client.headers["Authorization"] = f"Bearer {KEY}"
        document = {"answers": capture_answers(client), "errors": capture_errors(client)}
    document["errors"].update(capture_limits())
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    EXAMPLES_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {EXAMPLES_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
