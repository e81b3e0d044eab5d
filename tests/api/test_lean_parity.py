"""The lean path answers exactly as FastAPI does: one corpus through both, byte for byte.

Two apps with the same settings, one with LEAN_PATH_ENABLED and one without, get the same
requests in the same order. Status, headers and bodies must match, except what differs by
nature: the request id, the prediction id and the date, and the rate-limit reset times
(whole seconds, which may tick between the two requests). Each corpus entry also says
whether the lean path must answer it itself, so a lean path that declines everything
(and passes trivially) fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from pydantic import BaseModel

from fembalance_ml.api import lean
from fembalance_ml.api.app import create_app
from fembalance_ml.api.served import PredictionService
from fembalance_ml.ledger.writer import LedgerWriter
from fembalance_ml.platform.tokens import mint_token
from tests.conftest import body, copy_models, make_settings

KEY = "lean-parity-key-0123456789abcdef0123456789"
OTHER_KEY = "lean-parity-other-0123456789abcdef012345"
TOKEN_KEY = "lean-parity-token-signing-key-0123456789abcdef"
ORIGIN = "https://app.example.org"
AUTH = {"Authorization": f"Bearer {KEY}"}
PREDICT = "/api/v1/predict"
BATCH = f"{PREDICT}/batch"
JSON = {"Content-Type": "application/json"}
VARYING_HEADERS = {"x-request-id", "date", "x-prediction-id"}
RESET_HEADERS = ("x-ratelimit-reset", "retry-after")
IDS = re.compile(rb'"(prediction_id|request_id)":"[^"]*"')
# Metric families whose movement per request must be the same on both paths.
COUNTED = (
    "http_requests",
    "http_request_duration_seconds",
    "ml_predictions",
    "ml_prediction_duration_seconds",
    "ml_cache_events",
    "ml_rate_limited",
    "ml_shadow_comparisons",
    "ml_redis_fallback",
    "ml_ledger_dropped",
)


@dataclass(frozen=True)
class Case:
    """One request of the corpus and whether the lean path must answer it."""

    name: str
    lean: bool
    path: str = f"{PREDICT}/pcos"
    method: str = "POST"
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=lambda: dict(AUTH))
    chunks: tuple[bytes, ...] = ()

    def send(self, client: TestClient) -> httpx.Response:
        options: dict[str, Any] = {"headers": self.headers, "follow_redirects": False}
        if self.json is not None:
            options["json"] = self.json
        elif self.chunks:
            options["content"] = iter(self.chunks)
        else:
            options["content"] = self.content
        return client.request(self.method, self.path, **options)


def with_auth(extra: dict[str, str], key: str = KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **extra}


def cycle_tomorrow() -> dict[str, Any]:
    """A cycle request whose last start is after today (as_of left out): the domain's 422."""
    request = body("cycle")
    del request["as_of"]
    request["cycles"].append({"start_date": "2099-01-01"})
    return request


def corpus() -> list[Case]:
    pcos, cycle, symptoms = body("pcos"), body("cycle"), body("symptoms")
    raw_pcos = json.dumps(pcos).encode()
    token = mint_token(TOKEN_KEY.encode(), "session-42", 600)
    missing_field = body("pcos")
    del missing_field["features"]
    extra_field = body("pcos") | {"surprise": 1}
    cases = [
        Case("pcos", True, json=pcos),
        Case("cycle miss", True, f"{PREDICT}/cycle", json=cycle),
        Case("cycle hit", True, f"{PREDICT}/cycle", json=cycle),
        Case("cycle hit, other user", True, f"{PREDICT}/cycle", json=cycle | {"user_id": "u-9"}),
        Case("symptoms miss", True, f"{PREDICT}/symptoms", json=symptoms),
        Case("symptoms hit", True, f"{PREDICT}/symptoms", json=symptoms),
        Case("allowed origin", True, json=pcos, headers=with_auth({"Origin": ORIGIN})),
        Case("other origin", True, json=pcos, headers=with_auth({"Origin": "https://x.test"})),
        Case(
            "charset",
            True,
            content=raw_pcos,
            headers=with_auth(_ct("application/json; charset=utf-8")),
        ),
        Case("browser token", True, json=pcos, headers={"Authorization": f"Bearer {token}"}),
        Case("other key", True, json=pcos, headers=with_auth({}, OTHER_KEY)),
        Case("domain 422", True, f"{PREDICT}/cycle", json=cycle_tomorrow()),
        # Declined: FastAPI answers these.
        Case("no key", False, json=pcos, headers={}),
        Case("wrong key", False, json=pcos, headers={"Authorization": "Bearer nope"}),
        Case("no key, bad json", False, content=b"{nope", headers=_ct("application/json")),
        Case("bad json", False, content=b"{nope", headers=with_auth(_ct("application/json"))),
        Case("empty body", False, content=b"", headers=with_auth(_ct("application/json"))),
        Case("json array", False, content=b"[1, 2]", headers=with_auth(_ct("application/json"))),
        Case(
            "NaN",
            False,
            content=raw_pcos.replace(b"27", b"NaN"),
            headers=with_auth(_ct("application/json")),
        ),
        Case(
            "huge int",
            False,
            content=raw_pcos.replace(b"27", b"1" * 30),
            headers=with_auth(_ct("application/json")),
        ),
        Case(
            "BOM",
            False,
            content=b"\xef\xbb\xbf" + raw_pcos,
            headers=with_auth(_ct("application/json")),
        ),
        Case("missing field", False, json=missing_field),
        Case("extra field", False, json=extra_field),
        Case("text/plain", False, content=raw_pcos, headers=with_auth(_ct("text/plain"))),
        Case(
            "form",
            False,
            content=b"a=1",
            headers=with_auth(_ct("application/x-www-form-urlencoded")),
        ),
        Case("no content type", False, content=raw_pcos, headers=dict(AUTH)),
        Case(
            "+json type", False, content=raw_pcos, headers=with_auth(_ct("application/vnd.x+json"))
        ),
        Case(
            "too large",
            False,
            content=b" " * 70_000 + raw_pcos,
            headers=with_auth(_ct("application/json")),
        ),
        Case(
            "chunked",
            False,
            chunks=(raw_pcos[:10], raw_pcos[10:]),
            headers=with_auth(_ct("application/json")),
        ),
        Case("GET", False, method="GET"),
        Case("trailing slash", False, f"{PREDICT}/pcos/", json=pcos),
        Case("unknown model", False, f"{PREDICT}/thyroid", json=pcos),
        Case(
            "preflight",
            False,
            method="OPTIONS",
            headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
        ),
        Case(
            "refused preflight",
            False,
            method="OPTIONS",
            headers={"Origin": "https://x.test", "Access-Control-Request-Method": "POST"},
        ),
        Case("batch", True, BATCH, json={"requests": [{"model_name": "pcos", "input": pcos}]}),
        Case(
            "mixed batch, a bad item",
            True,
            BATCH,
            json={
                "requests": [
                    {"model_name": "pcos", "input": pcos},
                    {"model_name": "cycle", "input": cycle},
                    {"model_name": "symptoms", "input": symptoms},
                    {"model_name": "pcos", "input": missing_field},
                    {"model_name": "thyroid", "input": {}},
                ]
            },
        ),
        Case("empty batch", True, BATCH, json={"requests": []}),
        Case(
            "batch over the item limit",
            True,
            BATCH,
            json={"requests": [{"model_name": "pcos", "input": {}}] * 1001},
        ),
        Case("batch, bad json", False, BATCH, content=b"{nope", headers=with_auth(JSON)),
        Case("batch, NaN", False, BATCH, content=b'{"requests": NaN}', headers=with_auth(JSON)),
        Case("batch, not a list", False, BATCH, json={"requests": {"a": 1}}),
        Case("batch, extra field", False, BATCH, json={"requests": [], "more": 1}),
        Case("batch, no key", False, BATCH, json={"requests": []}, headers={}),
        Case("health", False, "/health", method="GET"),
    ]
    # A/B (sticky per user) with a shadow version: ten users, each twice.
    for i in range(10):
        request = body("pcos") | {"user_id": f"ab-user-{i}"}
        cases += [
            Case(f"A/B user {i}", True, json=request),
            Case(f"A/B user {i} again", True, json=request),
        ]
    # The symptoms route is limited to 4 a minute and has had 2 already: the 5th and 6th
    # are refused by the lean path itself, the bad-body one after them by FastAPI (its
    # admission runs before body validation).
    cases += [Case(f"symptoms {i}", True, f"{PREDICT}/symptoms", json=symptoms) for i in range(4)]
    cases.append(Case("symptoms, bad body, limited", False, f"{PREDICT}/symptoms", json={"x": 1}))
    return cases


def _ct(content_type: str) -> dict[str, str]:
    return {"Content-Type": content_type}


def app_settings(models: Path, state: Path, lean_on: bool, **overrides: Any) -> Any:
    return make_settings(
        models,
        lean_path_enabled=lean_on,
        api_key_required=True,
        valid_api_keys=f"{KEY},{OTHER_KEY}",
        browser_token_key=TOKEN_KEY,
        allowed_origins=ORIGIN,
        rate_limit_default="1000/minute",
        rate_limit_overrides={"symptoms": "4/minute"},
        max_body_bytes=65_536,
        model_watch_seconds=0,
        state_dir=state,
        log_level="ERROR",
        **overrides,
    )


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = copy_models(tmp_path_factory.mktemp("models"), ("v2.2.0", "v2.8.0"))
    experiment = {"control": "v2.1.0", "treatment": "v2.2.0", "treatment_share": 0.5}
    (tree / "experiments.json").write_text(json.dumps({"pcos": experiment | {"shadow": "v2.8.0"}}))
    return tree


@pytest.fixture
def answered_by_lean(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many requests the lean path answered itself (appended as they are)."""
    seen: list[int] = []
    original = lean.LeanPredictionMiddleware._answer

    async def counting(self: lean.LeanPredictionMiddleware, *args: Any) -> None:
        seen.append(1)
        await original(self, *args)

    monkeypatch.setattr(lean.LeanPredictionMiddleware, "_answer", counting)
    return seen


@pytest.fixture
def ledgered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """What each ledger was handed, ids left out: (writer, model, version, group, user,
    headline-free body kind, whether it is a shadow's answer)."""
    entries: list[tuple[Any, ...]] = []
    original = LedgerWriter.record

    def spying(
        self: LedgerWriter,
        prediction_id: str,
        model: str,
        version: str,
        group: str | None,
        user_id: str | None,
        body: bytes | BaseModel,
        shadow_of: str | None = None,
    ) -> None:
        answer = body if isinstance(body, bytes) else body.model_dump_json().encode()
        entries.append((id(self), model, version, group, user_id, answer, shadow_of is not None))
        original(self, prediction_id, model, version, group, user_id, body, shadow_of)

    monkeypatch.setattr(LedgerWriter, "record", spying)
    return entries


def counted() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the COUNTED families (the registry is shared by both apps)."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in REGISTRY.collect()
        if family.name in COUNTED
        for sample in family.samples
        if not sample.name.endswith(("_created", "_sum")) and "le" not in sample.labels
    }


def moved(before: dict[Any, float], after: dict[Any, float]) -> dict[Any, float]:
    return {k: v - before.get(k, 0.0) for k, v in after.items() if v != before.get(k, 0.0)}


@pytest.fixture
def pair(models: Path, tmp_path: Path) -> Callable[..., Iterator[tuple[TestClient, TestClient]]]:
    def make(**overrides: Any) -> Iterator[tuple[TestClient, TestClient]]:
        lean_app = create_app(app_settings(models, tmp_path / "lean", True, **overrides))
        plain_app = create_app(app_settings(models, tmp_path / "plain", False, **overrides))
        with (
            TestClient(lean_app, raise_server_exceptions=False) as lean_client,
            TestClient(plain_app, raise_server_exceptions=False) as plain_client,
        ):
            yield lean_client, plain_client

    return make


def comparable(
    response: httpx.Response,
) -> tuple[int, list[tuple[str, str]], bytes, dict[str, int]]:
    """Status, headers in order without the varying ones, body without ids, reset times."""
    headers = [(k.lower(), v) for k, v in response.headers.multi_items()]
    resets = {k: int(v) for k, v in headers if k in RESET_HEADERS}
    kept = [(k, v) for k, v in headers if k not in VARYING_HEADERS and k not in RESET_HEADERS]
    return response.status_code, kept, IDS.sub(rb'"\1":""', response.content), resets


def assert_same(name: str, lean_answer: httpx.Response, plain_answer: httpx.Response) -> None:
    lean_status, lean_headers, lean_body, lean_resets = comparable(lean_answer)
    plain_status, plain_headers, plain_body, plain_resets = comparable(plain_answer)
    assert lean_status == plain_status, name
    assert lean_headers == plain_headers, name
    assert lean_body == plain_body, name
    assert lean_resets.keys() == plain_resets.keys(), name
    for header, value in lean_resets.items():
        assert abs(value - plain_resets[header]) <= 1, (name, header)
    if "x-prediction-id" in lean_answer.headers:
        assert lean_answer.json()["prediction_id"] == lean_answer.headers["x-prediction-id"]


def test_the_corpus_gets_the_same_answers_from_both_paths(
    pair: Callable[..., Iterator[tuple[TestClient, TestClient]]],
    answered_by_lean: list[int],
    ledgered: list[tuple[Any, ...]],
) -> None:
    cases = corpus()
    statuses: dict[str, int] = {}
    for lean_client, plain_client in pair():
        for case in cases:
            before = len(answered_by_lean)
            ledger_before = len(ledgered)
            start = counted()
            lean_answer = case.send(lean_client)
            middle = counted()
            lean_ledger = [entry[1:] for entry in ledgered[ledger_before:]]
            assert len(answered_by_lean) - before == int(case.lean), case.name
            plain_answer = case.send(plain_client)
            assert len(answered_by_lean) - before == int(case.lean), case.name
            assert_same(case.name, lean_answer, plain_answer)
            assert moved(start, middle) == moved(middle, counted()), case.name
            plain_ledger = [entry[1:] for entry in ledgered[ledger_before + len(lean_ledger) :]]
            assert [_no_ids(e) for e in lean_ledger] == [_no_ids(e) for e in plain_ledger]
            statuses[case.name] = lean_answer.status_code
        lean_metrics = lean_client.get("/metrics").text
    # The corpus covers what it claims to.
    assert statuses["pcos"] == statuses["browser token"] == 200
    assert (statuses["no key"], statuses["domain 422"], statuses["bad json"]) == (401, 422, 422)
    assert (statuses["text/plain"], statuses["too large"], statuses["GET"]) == (415, 413, 405)
    assert [statuses[f"symptoms {i}"] for i in range(4)] == [200, 200, 429, 429]
    assert statuses["symptoms, bad body, limited"] == 429
    # Both apps share one registry: each refusal was counted once per app.
    assert _value(lean_metrics, 'ml_rate_limited_total{route="/api/v1/predict/symptoms"}') >= 6
    shadow = (
        'ml_shadow_comparisons_total{agreement="agree",model="pcos",'
        'served_version="v2.1.0",shadow_version="v2.8.0"}'
    )
    assert _value(lean_metrics, shadow) > 0
    shadows = [entry for entry in ledgered if entry[-1]]
    assert shadows
    assert {entry[3] for entry in ledgered if entry[1] == "pcos"} >= {"control", "treatment"}


def _no_ids(entry: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(IDS.sub(rb'"\1":""', e) if isinstance(e, bytes) else e for e in entry)


def _value(metrics: str, series: str) -> float:
    for line in metrics.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{series} not exposed")


def test_model_not_ready_and_an_unexpected_error_are_answered_alike(
    pair: Callable[..., Iterator[tuple[TestClient, TestClient]]],
    answered_by_lean: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for lean_client, plain_client in pair(cycle_model_version="v9.9.9"):
        for case in (
            Case("cycle not ready", True, f"{PREDICT}/cycle", json=body("cycle")),
            Case("pcos", True, json=body("pcos"), headers=with_auth({"Origin": ORIGIN})),
        ):
            assert_same(case.name, case.send(lean_client), case.send(plain_client))

        def broken(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("a bug")

        monkeypatch.setattr(PredictionService, "_run", staticmethod(broken))
        case = Case("500", True, json=body("pcos"), headers=with_auth({"Origin": ORIGIN}))
        lean_answer, plain_answer = case.send(lean_client), case.send(plain_client)
        assert lean_answer.status_code == 500
        assert_same(case.name, lean_answer, plain_answer)
    assert len(answered_by_lean) == 3


def test_a_client_that_leaves_mid_body_is_handled_alike(
    pair: Callable[..., Iterator[tuple[TestClient, TestClient]]], answered_by_lean: list[int]
) -> None:
    """The lean path hands a cut-short body to FastAPI with the disconnect that cut it."""
    raw = json.dumps(body("pcos")).encode()

    async def leave_mid_body(app: Any) -> list[int]:
        messages = [
            {"type": "http.request", "body": raw[:20], "more_body": True},
            {"type": "http.disconnect"},
        ]
        statuses: list[int] = []

        async def receive() -> dict[str, Any]:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": f"{PREDICT}/pcos",
            "raw_path": f"{PREDICT}/pcos".encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(raw)).encode()),
                (b"authorization", f"Bearer {KEY}".encode()),
            ],
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 80),
        }
        await app(scope, receive, send)
        return statuses

    for lean_client, plain_client in pair():
        lean_statuses = lean_client.portal.call(leave_mid_body, lean_client.app)  # type: ignore[union-attr]
        plain_statuses = plain_client.portal.call(leave_mid_body, plain_client.app)  # type: ignore[union-attr]
    assert lean_statuses == plain_statuses
    assert answered_by_lean == []
