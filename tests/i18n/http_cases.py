"""One request of every kind the API answers, for the language tests over HTTP.

`exchanges(client, headers)` sends each (predictions of the three models with bodies that
reach the shared clinical texts, a batch with good and bad items, outcomes, lookups, and
an error answer of every kind the service gives) and returns `(name, response)` pairs.
The app is built by `app_settings`: keys required, a ledger in a temporary folder, small
batch and erasure limits so that 413 and 429 are cheap to reach.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from fembalance_ml.config import Settings
from tests.conftest import body, make_settings

API_KEY = "i18n-test-api-key"
ADMIN_KEY = "i18n-test-admin-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}
Exchange = tuple[str, httpx.Response]


def app_settings(state_dir: Path, **overrides: Any) -> Settings:
    """Keys required, a ledger, a batch of at most 4 items and one erasure a minute."""
    return make_settings(
        state_dir=state_dir,
        api_key_required=True,
        valid_api_keys=API_KEY,
        admin_api_keys=ADMIN_KEY,
        batch_max_items=4,
        rate_limit_overrides={"erasures": "1/minute"},
        ledger_flush_seconds=3600,
        model_watch_seconds=0,
        log_level="WARNING",
        **overrides,
    )


def adolescent_cycle() -> dict[str, Any]:
    """A 15-year-old with two 9-day periods: prolonged bleeding (ACOG CO 651), what the
    context left unsaid listed part by part."""
    request = body("cycle")
    request["age"] = 15
    request["context"] = {"pregnancy": "not_pregnant", "age_at_menarche": 12}
    for cycle in request["cycles"][-2:]:
        cycle["period_length_days"] = 9
    return request


def bleeding_after_menopause() -> dict[str, Any]:
    """A 58-year-old who stated a natural menopause, then a bleed: the urgent pathway."""
    return {
        "as_of": "2026-03-01",
        "age": 58,
        "context": {
            "pregnancy": "not_pregnant",
            "contraception": "none",
            "menopause": "natural",
            "menopause_date": "2024-06-01",
        },
        "cycles": [{"start_date": "2023-01-10"}, {"start_date": "2026-02-20"}],
    }


def _predictions(client: TestClient, headers: dict[str, str]) -> list[Exchange]:
    sent = {**AUTH, **headers}
    post = client.post
    return [
        ("pcos", post("/api/v1/predict/pcos", json=body("pcos"), headers=sent)),
        ("cycle", post("/api/v1/predict/cycle", json=body("cycle"), headers=sent)),
        ("cycle_adolescent", post("/api/v1/predict/cycle", json=adolescent_cycle(), headers=sent)),
        (
            "cycle_menopause",
            post("/api/v1/predict/cycle", json=bleeding_after_menopause(), headers=sent),
        ),
        ("symptoms", post("/api/v1/predict/symptoms", json=body("symptoms"), headers=sent)),
        (
            "batch",
            post(
                "/api/v1/predict/batch",
                json={
                    "requests": [
                        {"model_name": "pcos", "input": body("pcos")},
                        {"model_name": "cycle", "input": adolescent_cycle()},
                        {"model_name": "nope", "input": {}},
                        {"model_name": "symptoms", "input": {"cycles": "x"}},
                    ]
                },
                headers=sent,
            ),
        ),
    ]


def _lookups_and_outcomes(client: TestClient, headers: dict[str, str]) -> list[Exchange]:
    sent = {**AUTH, **headers}
    pcos = client.post("/api/v1/predict/pcos", json=body("pcos"), headers=AUTH).json()
    cycle = client.post("/api/v1/predict/cycle", json=body("cycle"), headers=AUTH).json()
    first = {"prediction_id": pcos["prediction_id"], "pcos_diagnosed": False}
    return [
        ("symptom_vocabulary", client.get("/api/v1/symptoms", headers=sent)),
        ("pcos_features", client.get("/api/v1/pcos/features", headers=sent)),
        ("outcome", client.post("/api/v1/outcomes", json=first, headers=sent)),
        (
            "outcome_exists",
            client.post("/api/v1/outcomes", json={**first, "pcos_diagnosed": True}, headers=sent),
        ),
        (
            "outcome_unknown",
            client.post(
                "/api/v1/outcomes",
                json={"prediction_id": "no-such-id", "pcos_diagnosed": True},
                headers=sent,
            ),
        ),
        (
            "outcome_mismatch",
            client.post(
                "/api/v1/outcomes",
                json={"prediction_id": cycle["prediction_id"], "pcos_diagnosed": True},
                headers=sent,
            ),
        ),
        (
            "outcome_two_fields",
            client.post(
                "/api/v1/outcomes",
                json={**first, "observed_start_date": "2026-03-20"},
                headers=sent,
            ),
        ),
    ]


def _errors(client: TestClient, headers: dict[str, str]) -> list[Exchange]:
    sent = {**AUTH, **headers}
    cycle = "/api/v1/predict/cycle"
    conflict = body("cycle") | {"context": {"never_menstruated": True}}
    future = body("cycle") | {"context": {"delivery_date": "2026-06-01"}}
    out_of_range = body("cycle") | {"as_of": "2300-01-01"}
    return [
        ("unauthorized", client.post(cycle, json=body("cycle"), headers=headers)),
        (
            "insufficient_scope",
            client.post(cycle, json=body("cycle"), headers={**ADMIN, **headers}),
        ),
        ("admin_unauthorized", client.post("/api/v1/models/pcos/reload", headers=sent)),
        ("not_found_route", client.get("/api/v1/nothing-here", headers=sent)),
        (
            "not_found_model",
            client.post("/api/v1/models/nope/reload", headers={**ADMIN, **headers}),
        ),
        ("method_not_allowed", client.get(cycle, headers=sent)),
        (
            "payload_too_large",
            client.post(cycle, content=b"{" + b" " * 1_100_000 + b"}", headers=sent),
        ),
        (
            "batch_too_many",
            client.post(
                "/api/v1/predict/batch",
                json={"requests": [{"model_name": "pcos", "input": body("pcos")}] * 5},
                headers=sent,
            ),
        ),
        ("unsupported_media_type", client.post(cycle, content=b"a=1", headers=sent)),
        ("invalid_json", client.post(cycle, content=b'{"as_of": ', headers=_json(sent))),
        ("missing_body", client.post(cycle, headers=_json(sent))),
        ("invalid_fields", client.post(cycle, json={"cycles": [], "age": 300}, headers=sent)),
        ("wrong_literal", client.post(cycle, json=_with_pregnancy("maybe"), headers=sent)),
        ("context_conflict", client.post(cycle, json=conflict, headers=sent)),
        ("after_as_of", client.post(cycle, json=future, headers=sent)),
        ("date_out_of_range", client.post(cycle, json=out_of_range, headers=sent)),
        ("starts_too_close", client.post(cycle, json=_starts_too_close(), headers=sent)),
        (
            "unknown_symptom",
            client.post("/api/v1/predict/symptoms", json=_unknown_symptom(), headers=sent),
        ),
        (
            "bmi_out_of_range",
            client.post("/api/v1/predict/pcos", json=_tiny_bmi(), headers=sent),
        ),
        (
            "cors_refused",
            client.options(
                cycle,
                headers={
                    **headers,
                    "Origin": "https://not-allowed.example",
                    "Access-Control-Request-Method": "POST",
                },
            ),
        ),
        *_rate_limited(client, sent),
    ]


def _json(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Content-Type": "application/json"}


def _starts_too_close() -> dict[str, Any]:
    request = body("cycle")
    request["cycles"].append({"start_date": "2026-02-21"})
    return request


def _unknown_symptom() -> dict[str, Any]:
    request = body("symptoms")
    request["logs"][0]["symptom"] = "no_such_symptom"
    return request


def _tiny_bmi() -> dict[str, Any]:
    request = body("pcos")
    request["features"] |= {"height_cm": 200, "weight_kg": 30}
    return request


def _with_pregnancy(value: str) -> dict[str, Any]:
    return body("cycle") | {"context": {"pregnancy": value}}


def _rate_limited(client: TestClient, headers: dict[str, str]) -> list[Exchange]:
    """The second erasure of the minute: 429."""
    for _ in range(2):
        answer = client.post("/api/v1/erasures", json={"user_id": "someone"}, headers=headers)
    return [("rate_limited", answer)]


def exchanges(client: TestClient, headers: dict[str, str]) -> list[Exchange]:
    """Every kind of answer, sent with `headers` (an Accept-Language)."""
    return [
        *_predictions(client, headers),
        *_lookups_and_outcomes(client, headers),
        *_errors(client, headers),
    ]


def ledger_off(client: TestClient, headers: dict[str, str]) -> Exchange:
    """An outcome posted to an app whose ledger is switched off: 503."""
    payload = {"prediction_id": "x", "pcos_diagnosed": True}
    return "ledger_unavailable", client.post(
        "/api/v1/outcomes", json=payload, headers={**AUTH, **headers}
    )
