"""The columnar batch answers byte for byte what the per-item path answered.

The reference below is the batch path as it was before the columnar one: every item
validated by pydantic, answers built as models and dumped by pydantic, one by one. Both
run in the same app over the same corpus; only the prediction ids (random) differ.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from fembalance_ml.api.batch import (
    BatchRequest,
    _error,
    _named,
    _parse,
    predict_batch,
)
from fembalance_ml.api.errors import ApiError
from fembalance_ml.api.served import PredictionService
from fembalance_ml.ledger.headline import headline
from fembalance_ml.main import build_app, served_registry
from fembalance_ml.monitoring.drift_monitor import DriftMonitor
from tests.conftest import body, copy_models, make_settings

MODELS_BY_NAME = served_registry().by_name
PREDICTION_ID = re.compile(rb'"prediction_id":"[0-9a-f]{8}[A-Za-z0-9_-]{32}"')


def reference_batch(service: PredictionService, batch: BatchRequest) -> bytes:
    """The per-item batch path this module's parity is measured against."""
    models = service.models.by_route
    slots: list[bytes | None] = [None] * len(batch.requests)
    pending: dict[str, list[tuple[int, BaseModel]]] = {}
    for index, item in enumerate(batch.requests):
        name, parsed = _parse(item, models)
        if isinstance(parsed, bytes):
            slots[index] = parsed
        else:
            assert name is not None
            pending.setdefault(name, []).append((index, parsed))
    for name, entries in pending.items():
        answers = service.predict_group(models[name], [request for _, request in entries])
        for (index, request), answer in zip(entries, answers, strict=True):
            if isinstance(answer, ApiError):
                slots[index] = _error(answer.code, answer.message, answer.details, name)
            else:
                user_id = getattr(request, "user_id", None)
                slots[index] = _named(name, service.stamp(models[name], user_id, answer))
    return b'{"predictions":[' + b",".join(s for s in slots if s is not None) + b"]}"


def pcos(features: dict[str, Any], user: str | None = "user-1", **extra: Any) -> dict[str, Any]:
    base = {
        "irregular_periods": 1,
        "excess_hair_growth": 0,
        "acne": 1,
        "weight_gain": 0,
        "hair_loss": 0,
        "dark_skin_patches": 0,
    }
    request: dict[str, Any] = {"features": base | features, **extra}
    if user is not None:
        request["user_id"] = user
    return {"model_name": "pcos", "input": request}


def corpus() -> list[Any]:
    """Valid and invalid items of every model, in a mixed order."""
    late_cycle = body("cycle")
    del late_cycle["as_of"]
    late_cycle["cycles"] = [{"start_date": "2999-01-01"}]
    items: list[Any] = [
        pcos({}),
        pcos({"acne": True, "hair_loss": False, "age": 27, "bmi": 31.5}, user=None),
        pcos({"age": 33.5, "height_cm": 162, "weight_kg": 70.2, "fast_food": 1}),
        pcos({"follicle_count_left": 22, "follicle_count_right": 12.0, "amh_ng_ml": 7.5}),
        pcos({"tsh_miu_l": 9.1, "prl_ng_ml": 40, "total_testosterone_nmol_l": 2.6}),
        pcos({"total_testosterone_nmol_l": 6, "lh_miu_ml": 12, "fsh_miu_ml": 5}),
        pcos({"age": 15, "years_since_menarche": 3, "cycle_length_days": 50}),
        pcos({"age": 16, "amh_ng_ml": 9.0, "follicle_count_left": 30}),
        pcos({"irregular_periods": 0, "cycle_length_days": 18, "regular_exercise": True}),
        pcos({"waist_hip_ratio": 0.92, "endometrium_mm": 8.5, "avg_follicle_size_left_mm": 6}),
        pcos({"age": 8.0, "bmi": 80}, user="edge-of-range"),
        # With a person's context: validated by PcosRequest, answered by the same rules.
        pcos({"age": 24, "total_testosterone_nmol_l": 1.1}, context={"contraception": "implant"}),
        pcos({"age": 16, "excess_hair_growth": 1}, context={"never_menstruated": True}),
        pcos({"age": 14}, context={"never_menstruated": True}, user=None),
        pcos({"age": 19, "cycle_length_days": 28}, context={"age_at_menarche": 12.5}),
        pcos(
            {"age": 31, "follicle_count_left": 25, "follicle_count_right": 21},
            context={"delivery_date": "2026-06-01", "breastfeeding": "partially"},
        ),
        pcos({"age": 29, "weight_gain": 1}, context={"pregnancy": "pregnant"}),
        pcos({"age": 54}, context={"menopause": "natural", "hrt": "continuous"}),
        pcos({"age": 47, "cycle_length_days": 50}, context={"menopause": "perimenopause"}),
        pcos(
            {"age": 30, "cycle_length_days": 28, "total_testosterone_nmol_l": 1.2},
            context={
                "pregnancy": "not_pregnant",
                "contraception": "copper_iud",
                "breastfeeding": "no",
                "menopause": "no",
            },
        ),
        # Refused contexts keep their exact errors.
        pcos({"age": 25, "years_since_menarche": 2}, context={"age_at_menarche": 12}),
        pcos({"age": 16, "cycle_length_days": 30}, context={"never_menstruated": True}),
        pcos({"age": 20}, context={"contraception": "pill"}),
        pcos({"age": 20}, context={"delivery_date": "2999-01-01"}),
        {"model_name": "cycle", "input": body("cycle")},
        {"model_name": "symptoms", "input": body("symptoms")},
        {"model_name": "cycle", "input": late_cycle},
        # Invalid PCOS items: each keeps pydantic's exact error in its slot.
        pcos({"acne": 2}),
        pcos({"acne": "yes"}),
        pcos({"age": 71}),
        pcos({"age": "27"}),
        pcos({"bmi": True}),
        pcos({"follicle_count_left": 5.5}),
        pcos({"age": 20, "years_since_menarche": 25}),
        pcos({"height_cm": 100, "weight_kg": 300}),
        pcos({"unknown": 1}),
        pcos({}, user=""),
        pcos({}, user="x" * 129),
        pcos({}, user="tab\there"),
        pcos({}, extra_field=1),
        {"model_name": "pcos", "input": {"features": [1, 2]}},
        {"model_name": "pcos", "input": {"user_id": "u"}},
        {"model_name": "pcos"},
        {"model_name": "nonsense", "input": {}},
        {"model_name": 3, "input": {}},
        {"model_name": "pcos", "input": body("pcos"), "extra": 1},
        {"model_name": "pcos", "input": [body("pcos")]},
        {"model_name": "symptoms", "input": {"cycles": []}},
    ]
    rng = random.Random(11)
    for i in range(120):
        features: dict[str, Any] = {
            name: rng.choice([0, 1, True, False])
            for name in ("irregular_periods", "excess_hair_growth", "acne", "weight_gain")
        }
        features |= {"age": rng.choice([14, 19.5, 27, 41]), "bmi": round(rng.uniform(17, 45), 3)}
        if i % 3 == 0:
            features["follicle_count_left"] = rng.randint(0, 40)
            features["follicle_count_right"] = rng.randint(0, 40)
        if i % 4 == 0:
            features["total_testosterone_nmol_l"] = round(rng.uniform(0.2, 7), 2)
        if i % 5 == 0:
            features["years_since_menarche"] = rng.choice([0.5, 2, 5, 12])
        items.append(pcos(features, user=f"person-{i}"))
    rng.shuffle(items)
    return items


def run_both(tmp_path: Path, experiments: dict[str, Any] | None) -> tuple[bytes, bytes, Any]:
    models = copy_models(tmp_path, ("v2.3.0",))
    if experiments is not None:
        (models / "experiments.json").write_text(json.dumps(experiments))
    app = build_app(make_settings(models, model_watch_seconds=0, ledger_enabled=False))
    raw = json.dumps({"requests": corpus()}).encode()

    async def scenario() -> tuple[bytes, bytes]:
        async with app.router.lifespan_context(app):
            service: PredictionService = app.state.predictions
            # Anonymous users are put in an A/B group at random: the same draws for both.
            assigner = service.manager._assigner
            if assigner is not None:
                assigner._rng.seed(7)
            reference = reference_batch(service, BatchRequest.model_validate_json(raw))
            if assigner is not None:
                assigner._rng.seed(7)
            columnar = predict_batch(service, BatchRequest.model_validate_json(raw), 10**4, 10**6)
            return reference, columnar

    reference, columnar = asyncio.run(scenario())
    return reference, columnar, json.loads(columnar)


@pytest.mark.parametrize(
    "experiments",
    [
        None,
        {"pcos": {"control": "v2.1.0", "treatment": "v2.2.0", "treatment_share": 0.5}},
        {
            "pcos": {
                "control": "v2.2.0",
                "treatment": "v2.3.0",
                "treatment_share": 0.3,
                "shadow": "v2.1.0",
            }
        },
        {"pcos": {"control": "v2.3.0", "treatment": "v2.4.0", "treatment_share": 0.5}},
    ],
)
def test_columnar_answer_is_byte_identical(
    tmp_path: Path, experiments: dict[str, Any] | None
) -> None:
    reference, columnar, answer = run_both(tmp_path, experiments)
    assert PREDICTION_ID.sub(b"ID", columnar) == PREDICTION_ID.sub(b"ID", reference)
    predictions = answer["predictions"]
    assert len(predictions) == len(corpus())
    ids = [p["prediction_id"] for p in predictions if "prediction_id" in p]
    assert len(ids) == len(set(ids)) > 120
    errors = [p for p in predictions if "error" in p]
    assert len(errors) >= 24
    # Items with a context were answered with it (the context flags are in the answers).
    codes = {f["code"] for p in predictions for f in p.get("flags", [])}
    assert codes >= {"hormonal_contraception", "primary_amenorrhoea", "postpartum", "menopause"}
    assert all(p["assumptions"] is not None for p in predictions if "risk_level" in p)
    if experiments is not None:
        groups = {p.get("experiment_group") for p in predictions if p.get("model_name") == "pcos"}
        assert groups >= {"control", "treatment"}


def test_ledger_sees_the_same_headlines(tmp_path: Path) -> None:
    """What each path hands the ledger reads back to the same rows."""
    recorded: dict[str, list[tuple[Any, ...]]] = {"reference": [], "columnar": []}
    app = build_app(make_settings(copy_models(tmp_path), model_watch_seconds=0))
    raw = json.dumps({"requests": corpus()}).encode()

    class Recorder:
        def __init__(self, into: list[tuple[Any, ...]]) -> None:
            self.into = into
            self.calls = 0

        def record(
            self,
            prediction_id: str,
            model: str,
            version: str,
            group: Any,
            user_id: Any,
            answer: Any,
            shadow_of: Any = None,
        ) -> None:
            ledgered = headline(MODELS_BY_NAME, model, answer)
            self.into.append((model, version, group, user_id, str(ledgered)))

        def record_many(
            self, model: str, version: str, group: Any, answers: list[tuple[str, Any, Any]]
        ) -> None:
            self.calls += 1
            for prediction_id, user_id, answer in answers:
                self.record(prediction_id, model, version, group, user_id, answer)

    async def scenario() -> None:
        async with app.router.lifespan_context(app):
            service: PredictionService = app.state.predictions
            service.ledger = Recorder(recorded["reference"])  # type: ignore[assignment]
            reference_batch(service, BatchRequest.model_validate_json(raw))
            columnar = Recorder(recorded["columnar"])
            service.ledger = columnar  # type: ignore[assignment]
            predict_batch(service, BatchRequest.model_validate_json(raw), 10**4, 10**6)
            # One ledger call for the batch's PCOS items (one served version here).
            assert columnar.calls == 1

    asyncio.run(scenario())
    assert len(recorded["columnar"]) > 120
    assert sorted(recorded["columnar"], key=repr) == sorted(recorded["reference"], key=repr)


def test_a_batch_feeds_the_drift_window_and_refreshes_the_gauges_once(tmp_path: Path) -> None:
    """Every item's features reach the window; PSI is recomputed once, off the event loop."""
    published: list[tuple[str, str]] = []
    drift = DriftMonitor(
        served_registry().drift_inputs,
        publish_psi=lambda model, feature, _psi: published.append((model, feature)),
    )
    app = build_app(make_settings(copy_models(tmp_path), ledger_enabled=False))
    items = [pcos({"age": 20 + i % 30, "bmi": 22.5}, user=f"p{i}") for i in range(300)]
    raw = json.dumps({"requests": items}).encode()

    async def scenario() -> None:
        async with app.router.lifespan_context(app):
            service: PredictionService = app.state.predictions
            service.drift = drift
            predict_batch(service, BatchRequest.model_validate_json(raw), 10**4, 10**6)
            assert drift.pending == 300  # the batch only queued its items

    asyncio.run(scenario())
    # One refresh bins them (the app's monitor makes its last one at shutdown).
    drift.refresh()
    (watched,) = [w for w in drift._watched.values() if w is not None]
    assert len(watched.window._recent["age"]) == 300
    assert list(watched.window._recent["age"])[:3] == [20.0, 21.0, 22.0]
    # Published once: each feature of the one watched model, once.
    assert {model for model, _ in published} == {"pcos"}
    features = [feature for _, feature in published]
    assert "age" in features
    assert len(features) == len(set(features))


def test_a_window_fed_a_batch_holds_what_one_by_one_gives() -> None:
    from fembalance_ml.monitoring.drift import DriftWindow, Reference

    references = {name: Reference("values", (0.0, 1.0), (0.5, 0.5)) for name in ("a", "b")}
    rng = random.Random(3)
    pool: list[Any] = [None, True, False, 0, 1, 2.5, "x", [1], -3]
    rows = [{name: rng.choice(pool) for name in ("a", "b", "c")} for _ in range(700)]
    one_by_one, batched = DriftWindow(references, size=500), DriftWindow(references, size=500)
    for row in rows:
        one_by_one.observe(row)
    batched.observe_many(rows)
    assert one_by_one._recent == batched._recent
    assert len(batched._recent["a"]) > 300
