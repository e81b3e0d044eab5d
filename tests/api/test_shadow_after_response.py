"""A shadow version's comparison runs after the response is sent, never before it."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from fembalance_ml.ledger.models import Prediction
from fembalance_ml.ledger.writer import LedgerWriter
from fembalance_ml.main import build_app
from tests.conftest import body, copy_models, make_settings
from tests.support.specs import spec_of, with_predict

SHADOW_SECONDS = 0.5

Message = dict[str, Any]


def experiments(models: Path) -> Path:
    (models / "experiments.json").write_text(
        json.dumps(
            {
                "pcos": {"control": "v2.1.0", "shadow": "v2.2.0"},
                "cycle_prediction": {"control": "v1.4.0", "shadow": "v1.3.0"},
            }
        )
    )
    return models


async def post(app: Any, path: str, payload: dict[str, Any], events: list[str]) -> Message:
    """One request straight into the ASGI app; note when the response body went out."""
    raw = json.dumps(payload).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"host", b"test")],
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
    }
    delivered = False
    answer: Message = {}

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            await asyncio.sleep(3600)
        delivered = True
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body" and not message.get("more_body"):
            answer["body"] = message.get("body", b"")
            answer["sent_at"] = time.perf_counter()
            events.append("sent")

    await app(scope, receive, send)
    answer["done_at"] = time.perf_counter()
    return answer


@pytest.mark.parametrize(
    ("route", "model", "shadow_version"),
    [("pcos", "pcos", "v2.2.0"), ("cycle", "cycle_prediction", "v1.3.0")],
)
def test_the_answer_does_not_wait_for_a_slow_shadow(
    tmp_path: Path,
    route: str,
    model: str,
    shadow_version: str,
) -> None:
    events: list[str] = []
    original = spec_of(route).predict
    # The shadow version's loaded model, known once the app has loaded its models.
    shadow_models: list[object] = []

    def slow_shadow(loaded: Any, request: Any, *, today: Any) -> Any:
        if any(loaded is shadow for shadow in shadow_models):
            events.append("shadow started")
            time.sleep(SHADOW_SECONDS)
            events.append("shadow done")
        return original(loaded, request, today=today)

    settings = make_settings(experiments(copy_models(tmp_path)), model_watch_seconds=0)
    app = build_app(settings, with_predict(slow_shadow, route))

    async def scenario() -> Message:
        async with app.router.lifespan_context(app):
            shadow = app.state.manager.choose(model, None).shadow
            assert shadow is not None
            assert shadow.version == shadow_version
            shadow_models.append(shadow.model)
            return await post(app, f"/api/v1/predict/{route}", body(route), events)

    answer = asyncio.run(scenario())
    assert answer["status"] == 200
    assert "prediction_id" in json.loads(answer["body"])
    # The whole answer was out before the shadow started; the shadow still ran to the end.
    assert events == ["sent", "shadow started", "shadow done"]
    assert answer["done_at"] - answer["sent_at"] >= SHADOW_SECONDS * 0.9


def test_the_shadow_is_still_counted_and_ledgered(tmp_path: Path) -> None:
    models = experiments(copy_models(tmp_path / "models"))
    settings = make_settings(
        models, model_watch_seconds=0, state_dir=tmp_path / "state", ledger_flush_seconds=3600
    )
    with TestClient(build_app(settings)) as client:
        served = client.post("/api/v1/predict/cycle", json=body("cycle")).json()
        metrics = client.get("/metrics").text
        assert (
            'agreement="agree",model="cycle_prediction",served_version="v1.4.0",'
            'shadow_version="v1.3.0"'
        ) in metrics or 'agreement="differ",model="cycle_prediction"' in metrics
        writer: LedgerWriter = client.app.state.ledger  # type: ignore[attr-defined]
        writer.flush()
        with Session(writer.repository.engine) as session:
            ledgered = list(session.scalars(select(Prediction)))
    (shadow,) = [row for row in ledgered if row.shadow_of is not None]
    assert shadow.shadow_of == served["prediction_id"]
    assert (shadow.version, shadow.experiment_group) == ("v1.3.0", "shadow")
