"""The golden corpus: what the service answers to ordinary and odd requests, recorded once.

Recorded with 1.5.0's two request paths (the lean middleware and FastAPI) before they
became one (issue 24), and replayed against the one path by tests/api/test_golden_answers.py:
every answer must be the same, byte for byte, but for what differs by nature (masked
below). Each request goes straight into the ASGI app, as uvicorn would hand it over, so a
case may declare a length it does not send, arrive in chunks, or leave mid-body.

Recorded per request: the status, every header (values that vary masked: request and
prediction ids, the rate-limit reset time and Retry-After of a 429), the body (ids masked),
and how each counted metric moved. Per set-up, after its last request: the ledger's rows,
without ids and times, sorted.

Re-record (only when an answer is meant to change, and say why in the commit):
    PYTHONPATH=src:. .venv/bin/python -m tests.api.golden_corpus --write
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from sqlalchemy import text

from fembalance_ml.api import served
from fembalance_ml.main import build_app
from fembalance_ml.security.tokens import mint_token
from tests.conftest import body, copy_models, make_settings
from tests.support.specs import with_predict

FIXTURE = Path(__file__).resolve().parent / "golden" / "answers.json"
# Answers are computed as of this day (served.utc_today), so the corpus never ages.
TODAY = datetime.date(2026, 3, 2)
KEY = "golden-corpus-key-0123456789abcdef0123456789"
OTHER_KEY = "golden-corpus-other-0123456789abcdef012345"
ADMIN_KEY = "golden-corpus-admin-0123456789abcdef012345"
TOKEN_KEY = "golden-corpus-token-signing-key-0123456789abcdef"
ORIGIN = "https://app.example.org"
PREDICT = "/api/v1/predict"
PCOS = f"{PREDICT}/pcos"
CYCLE = f"{PREDICT}/cycle"
SYMPTOMS = f"{PREDICT}/symptoms"
BATCH = f"{PREDICT}/batch"
MAX_BODY = 65_536
OFFERED_ID = "client-trace-0001"
# Metric families whose movement each request records.
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
_REQUEST_ID = re.compile(rb'"request_id":"([0-9a-f]{32})"')
_PREDICTION_ID = re.compile(rb'"prediction_id":"([^"]+)"')
Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Case:
    """One request: what uvicorn would hand the app (headers in order, body in chunks)."""

    name: str
    path: str = PCOS
    method: str = "POST"
    headers: Headers = ()
    chunks: tuple[bytes, ...] = ()
    # The Content-Length sent: "auto" for the chunks' length, None for none (chunked).
    length: str | None = "auto"
    # The client leaves after its chunks, before the body is complete.
    leaves: bool = False

    def scope(self) -> dict[str, Any]:
        headers = [(b"host", b"testserver")]
        headers += [(k.lower().encode(), v.encode("latin-1")) for k, v in self.headers]
        if self.length == "auto" and self.method in ("POST", "PUT"):
            headers.append((b"content-length", str(sum(map(len, self.chunks))).encode()))
        elif self.length is None:
            headers.append((b"transfer-encoding", b"chunked"))
        elif self.length != "auto":
            headers.append((b"content-length", self.length.encode()))
        return {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "method": self.method,
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 51000),
            "server": ("testserver", 80),
            "state": {},
        }

    def messages(self) -> list[dict[str, Any]]:
        chunks = self.chunks or (b"",)
        sent: list[dict[str, Any]] = [
            {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1 or self.leaves}
            for i, chunk in enumerate(chunks)
        ]
        if self.leaves:
            sent.append({"type": "http.disconnect"})
        return sent


def _auth(key: str = KEY) -> Headers:
    return (("Authorization", f"Bearer {key}"),)


def _json(content: Any) -> tuple[bytes, ...]:
    return (json.dumps(content).encode(),)


def post(name: str, path: str, content: Any, *extra: tuple[str, str], key: str = KEY) -> Case:
    """A JSON POST with a key (none when `key` is empty) and extra headers."""
    headers = (*(_auth(key) if key else ()), ("Content-Type", "application/json"), *extra)
    return Case(name, path, headers=headers, chunks=_json(content))


def raw(name: str, path: str, content: bytes, content_type: str | None, **options: Any) -> Case:
    """A POST of `content` as it is, under `content_type` (none when None)."""
    typed = (("Content-Type", content_type),) if content_type else ()
    headers = options.pop("headers", _auth()) + typed
    return Case(name, path, headers=headers, chunks=(content,), **options)


def cycle_tomorrow() -> dict[str, Any]:
    """A cycle request whose last start is after today (as_of left out): the domain's 422."""
    request = body("cycle")
    del request["as_of"]
    request["cycles"].append({"start_date": "2099-01-01"})
    return request


def preflight(name: str, origin: str, method: str = "POST", asked: str | None = None) -> Case:
    headers = [("Origin", origin), ("Access-Control-Request-Method", method)]
    if asked is not None:
        headers.append(("Access-Control-Request-Headers", asked))
    return Case(name, PCOS, "OPTIONS", headers=tuple(headers))


def single_cases() -> list[Case]:
    """One model's answers, cache hits, credentials, CORS and every odd body."""
    pcos, cycle, symptoms = body("pcos"), body("cycle"), body("symptoms")
    raw_pcos = json.dumps(pcos).encode()
    token = mint_token(TOKEN_KEY.encode(), "session-42", 600)
    missing = body("pcos")
    del missing["features"]
    bad_value = body("pcos")
    bad_value["features"]["age"] = "old"
    return [
        post("pcos", PCOS, pcos),
        post("cycle miss", CYCLE, cycle),
        post("cycle hit", CYCLE, cycle),
        post("cycle hit, other user", CYCLE, cycle | {"user_id": "u-9"}),
        post("symptoms miss", SYMPTOMS, symptoms),
        post("symptoms hit", SYMPTOMS, symptoms),
        post("allowed origin", PCOS, pcos, ("Origin", ORIGIN)),
        post("denied origin", PCOS, pcos, ("Origin", "https://x.test")),
        post("offered request id", PCOS, pcos, ("X-Request-ID", OFFERED_ID)),
        post("malformed request id", PCOS, pcos, ("X-Request-ID", "bad id!")),
        raw("charset", PCOS, raw_pcos, "application/json; charset=utf-8"),
        raw("upper-case type", PCOS, raw_pcos, "Application/JSON"),
        post("browser token", PCOS, pcos, key=token),
        post("other key", PCOS, pcos, key=OTHER_KEY),
        post("admin key: 403", PCOS, pcos, key=ADMIN_KEY),
        post("domain 422", CYCLE, cycle_tomorrow()),
        post("no key", PCOS, pcos, key=""),
        post("wrong key", PCOS, pcos, key="nope"),
        Case(
            "not bearer",
            headers=(("Authorization", KEY), ("Content-Type", "application/json")),
            chunks=(raw_pcos,),
        ),
        Case(
            "basic scheme",
            headers=(("Authorization", f"Basic {KEY}"), ("Content-Type", "application/json")),
            chunks=(raw_pcos,),
        ),
        raw("no key, bad json", PCOS, b"{nope", "application/json", headers=()),
        raw("bad json", PCOS, b"{nope", "application/json"),
        raw("no key, bad body", PCOS, b'{"x": 1}', "application/json", headers=()),
        raw("empty body", PCOS, b"", "application/json"),
        raw("json array", PCOS, b"[1, 2]", "application/json"),
        raw("json string", PCOS, b'"pcos"', "application/json"),
        raw("json null", PCOS, b"null", "application/json"),
        raw("json number", PCOS, b"12", "application/json"),
        raw("json-patch+json", PCOS, raw_pcos, "application/json-patch+json"),
        raw("application/jsonx", PCOS, raw_pcos, "application/jsonx"),
        raw("type with a space", PCOS, raw_pcos, " application/json ; charset=latin-1"),
        raw("type without a subtype", PCOS, raw_pcos, "json"),
        Case(
            "two keys, the first wrong",
            headers=(
                ("Authorization", "Bearer nope"),
                ("Authorization", f"Bearer {KEY}"),
                ("Content-Type", "application/json"),
            ),
            chunks=(raw_pcos,),
        ),
        Case(
            "two types, the first not JSON",
            headers=(
                *_auth(),
                ("Content-Type", "text/plain"),
                ("Content-Type", "application/json"),
            ),
            chunks=(raw_pcos,),
        ),
        raw("NaN", PCOS, raw_pcos.replace(b"27", b"NaN"), "application/json"),
        raw("huge int", PCOS, raw_pcos.replace(b"27", b"1" * 30), "application/json"),
        raw("BOM", PCOS, b"\xef\xbb\xbf" + raw_pcos, "application/json"),
        raw("UTF-16", PCOS, raw_pcos.decode().encode("utf-16"), "application/json"),
        raw("not UTF-8", PCOS, b'{"user_id": "\xff\xfe"}', "application/json"),
        raw(
            "lone surrogate", PCOS, raw_pcos.replace(b"test-user-1", b"\\ud800"), "application/json"
        ),
        raw("duplicate key", PCOS, raw_pcos[:-1] + b', "user_id": "dup"}', "application/json"),
        post("missing field", PCOS, missing),
        post("bad value", PCOS, bad_value),
        post("extra field", PCOS, body("pcos") | {"surprise": 1}),
        raw("text/plain", PCOS, raw_pcos, "text/plain"),
        raw("form", PCOS, b"a=1", "application/x-www-form-urlencoded"),
        raw("no content type", PCOS, raw_pcos, None),
        raw("no content type, no key", PCOS, raw_pcos, None, headers=()),
        raw("+json type", PCOS, raw_pcos, "application/vnd.x+json"),
        raw("too large", PCOS, b" " * 70_000 + raw_pcos, "application/json"),
        raw("declared too large", PCOS, raw_pcos, "application/json", length="2000000"),
        raw("declared not a number", PCOS, raw_pcos, "application/json", length="12a"),
        Case(
            "chunked",
            headers=(*_auth(), ("Content-Type", "application/json")),
            chunks=(raw_pcos[:10], raw_pcos[10:]),
            length=None,
        ),
        Case(
            "chunked, too large",
            headers=(*_auth(), ("Content-Type", "application/json")),
            chunks=(b" " * 40_000, b" " * 40_000, raw_pcos),
            length=None,
        ),
        Case("GET", PCOS, "GET", headers=_auth()),
        Case("GET, allowed origin", PCOS, "GET", headers=(*_auth(), ("Origin", ORIGIN))),
        post("trailing slash", f"{PCOS}/", pcos),
        post("unknown model", f"{PREDICT}/thyroid", pcos),
        preflight("preflight", ORIGIN),
        preflight("preflight, headers", ORIGIN, asked="authorization, content-type"),
        preflight("preflight refused: origin", "https://x.test"),
        preflight("preflight refused: method", ORIGIN, method="DELETE"),
        preflight("preflight refused: header", ORIGIN, asked="x-secret"),
        Case("OPTIONS, not a preflight", PCOS, "OPTIONS", headers=(("Origin", ORIGIN),)),
        Case("health", "/health", "GET"),
        Case("health, allowed origin", "/health", "GET", headers=(("Origin", ORIGIN),)),
        Case("health, denied origin", "/health", "GET", headers=(("Origin", "https://x.test"),)),
        Case("not found", "/api/v1/nothing", "GET"),
    ]


def batch_cases() -> list[Case]:
    pcos, cycle, symptoms = body("pcos"), body("cycle"), body("symptoms")
    missing = body("pcos")
    del missing["features"]
    mixed = [
        {"model_name": "pcos", "input": pcos},
        {"model_name": "cycle", "input": cycle},
        {"model_name": "symptoms", "input": symptoms},
        {"model_name": "pcos", "input": missing},
        {"model_name": "thyroid", "input": {}},
        {"model_name": "cycle", "input": cycle_tomorrow()},
        {"model_name": "pcos"},
        {"model_name": "pcos", "input": pcos, "extra": 1},
        {"model_name": "pcos", "input": pcos | {"user_id": "batch-user-2"}},
    ]
    return [
        post("batch", BATCH, {"requests": [{"model_name": "pcos", "input": pcos}]}),
        post("batch, mixed with bad items", BATCH, {"requests": mixed}),
        post("batch, an item not an object", BATCH, {"requests": [*mixed[:2], "pcos"]}),
        post("batch, allowed origin", BATCH, {"requests": mixed[:2]}, ("Origin", ORIGIN)),
        post("empty batch", BATCH, {"requests": []}),
        post("batch over the item limit", BATCH, {"requests": [{"model_name": "pcos"}] * 1001}),
        post(
            "batch over the cost limit",
            BATCH,
            {"requests": [{"model_name": "cycle", "input": cycle}] * 60},
        ),
        raw("batch, bad json", BATCH, b"{nope", "application/json"),
        raw("batch, NaN", BATCH, b'{"requests": NaN}', "application/json"),
        raw("batch, empty body", BATCH, b"", "application/json"),
        raw("batch, text/plain", BATCH, b'{"requests": []}', "text/plain"),
        post("batch, not a list", BATCH, {"requests": {"a": 1}}),
        post("batch, extra field", BATCH, {"requests": [], "more": 1}),
        post("batch, no key", BATCH, {"requests": []}, key=""),
        post("batch, admin key", BATCH, {"requests": []}, key=ADMIN_KEY),
    ]


def ab_cases() -> list[Case]:
    """A/B (sticky per user) with a shadow version: ten users, each twice."""
    cases = []
    for i in range(10):
        request = body("pcos") | {"user_id": f"ab-user-{i}"}
        cases += [post(f"A/B user {i}", PCOS, request), post(f"A/B user {i} again", PCOS, request)]
    return cases


def limited_cases() -> list[Case]:
    """Symptoms are limited to 4 a minute and have had 2 already: then 200, 200, 429, 429;
    a 429 comes before body validation, and a bad JSON body before the count."""
    symptoms = body("symptoms")
    return [
        *[post(f"symptoms {i}", SYMPTOMS, symptoms) for i in range(4)],
        post("symptoms, bad body, limited", SYMPTOMS, {"x": 1}),
        raw("symptoms, bad json, limited", SYMPTOMS, b"{nope", "application/json"),
        post("symptoms, no key, limited", SYMPTOMS, symptoms, key=""),
        post("symptoms, allowed origin, limited", SYMPTOMS, symptoms, ("Origin", ORIGIN)),
    ]


def leaving_cases() -> list[Case]:
    raw_pcos = json.dumps(body("pcos")).encode()
    headers = (*_auth(), ("Content-Type", "application/json"))
    return [
        Case(
            "leaves mid-body",
            headers=headers,
            chunks=(raw_pcos[:20],),
            length=str(len(raw_pcos)),
            leaves=True,
        ),
        Case(
            "batch, leaves mid-body",
            BATCH,
            headers=headers,
            chunks=(b'{"requests": [',),
            length="300",
            leaves=True,
        ),
    ]


def open_cases() -> list[Case]:
    """Keys off, every origin, method and header allowed."""
    pcos = body("pcos")
    return [
        post("open: pcos, no key", PCOS, pcos, key=""),
        post("open: pcos, any origin", PCOS, pcos, ("Origin", "https://anywhere.test"), key=""),
        post("open: pcos, wrong key", PCOS, pcos, key="nope"),
        post("open: pcos, a key", PCOS, pcos),
        preflight("open: preflight", "https://anywhere.test", asked="x-anything, authorization"),
        preflight("open: preflight, any method", "https://anywhere.test", method="PATCH"),
        post("open: batch", BATCH, {"requests": [{"model_name": "pcos", "input": pcos}]}, key=""),
        Case("open: health, any origin", "/health", "GET", headers=(("Origin", "https://a.test"),)),
    ]


def fault_cases() -> list[Case]:
    """The cycle model is not ready (a version that does not exist)."""
    pcos = body("pcos")
    return [
        post("faults: cycle not ready", CYCLE, body("cycle")),
        post("faults: cycle not ready, allowed origin", CYCLE, body("cycle"), ("Origin", ORIGIN)),
        post(
            "faults: batch with a cycle item",
            BATCH,
            {
                "requests": [
                    {"model_name": "cycle", "input": body("cycle")},
                    {"model_name": "pcos", "input": pcos},
                ]
            },
        ),
        post("faults: pcos", PCOS, pcos, ("Origin", ORIGIN)),
    ]


def broken_cases() -> list[Case]:
    """Every prediction raises an unexpected error: a 500, still in the envelope."""
    return [
        post("broken: 500", PCOS, body("pcos")),
        post("broken: 500, allowed origin", PCOS, body("pcos"), ("Origin", ORIGIN)),
    ]


def _broken(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("a bug")


@dataclass(frozen=True)
class SetUp:
    """One app's settings, its models (every one failing when `broken`), and its requests
    in order."""

    name: str
    settings: dict[str, Any]
    cases: Callable[[], list[Case]]
    broken: bool = False
    experiments: bool = True


MAIN_SETTINGS: dict[str, Any] = {
    "api_key_required": True,
    "valid_api_keys": f"{KEY},{OTHER_KEY}",
    "admin_api_keys": ADMIN_KEY,
    "browser_token_key": TOKEN_KEY,
    "allowed_origins": ORIGIN,
    "rate_limit_default": "1000/minute",
    "rate_limit_overrides": {"symptoms": "4/minute"},
    "max_body_bytes": MAX_BODY,
    "batch_max_cost": 100,
}
SET_UPS = (
    SetUp(
        "main",
        MAIN_SETTINGS,
        lambda: [*single_cases(), *batch_cases(), *ab_cases(), *limited_cases(), *leaving_cases()],
    ),
    SetUp(
        "open",
        {
            "api_key_required": False,
            "valid_api_keys": KEY,
            "allowed_origins": "*",
            "allowed_methods": "*",
            "allowed_headers": "*",
            "max_body_bytes": MAX_BODY,
        },
        open_cases,
        experiments=False,
    ),
    SetUp("faults", MAIN_SETTINGS | {"cycle_model_version": "v9.9.9"}, fault_cases),
    SetUp("broken", MAIN_SETTINGS, broken_cases, broken=True),
)


@dataclass
class Recorder:
    """Runs cases through one app and keeps what each answered, masked."""

    client: TestClient
    answers: list[dict[str, Any]] = field(default_factory=list)

    def run(self, case: Case) -> None:
        before = counted()
        started_at = time.time()
        sent = self.client.portal.call(_drive, self.client.app, case)  # type: ignore[union-attr]
        self.answers.append(
            {
                "name": case.name,
                **_masked(case, sent, started_at),
                "metrics": moved(before, counted()),
            }
        )


async def _drive(app: Any, case: Case) -> list[dict[str, Any]]:
    pending = case.messages()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(case.scope(), receive, send)
    return sent


def _masked(case: Case, sent: list[dict[str, Any]], started_at: float) -> dict[str, Any]:
    """Status, headers and body of the answer, with what varies by nature masked."""
    starts = [m for m in sent if m["type"] == "http.response.start"]
    if not starts:
        return {"status": None, "headers": [], "body": ""}
    (start,) = starts
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    headers: list[list[str]] = []
    for name_bytes, value_bytes in start.get("headers", []):
        name, value = name_bytes.decode("latin-1"), value_bytes.decode("latin-1")
        if name == "x-request-id" and value != OFFERED_ID:
            assert len(value) == 32, value
            value = "<request-id>"
        elif name == "x-prediction-id":
            ids = _PREDICTION_ID.findall(content)
            assert ids == [value.encode()], (case.name, value)
            value = "<prediction-id>"
        elif name == "x-ratelimit-reset":
            assert started_at - 1 <= int(value) <= started_at + 3601, value
            value = "<epoch-seconds>"
        elif name == "retry-after" and start["status"] == 429:
            assert 1 <= int(value) <= 3600, value
            value = "<seconds>"
        headers.append([name, value])
    content = _REQUEST_ID.sub(b'"request_id":"<request-id>"', content)
    content = _PREDICTION_ID.sub(b'"prediction_id":"<prediction-id>"', content)
    return {"status": start["status"], "headers": headers, "body": content.decode("utf-8")}


def counted() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the COUNTED families but bucket bounds and sums (times vary)."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in REGISTRY.collect()
        if family.name in COUNTED
        for sample in family.samples
        if not sample.name.endswith(("_created", "_sum")) and "le" not in sample.labels
    }


def moved(before: dict[Any, float], after: dict[Any, float]) -> list[list[Any]]:
    changes = {k: v - before.get(k, 0.0) for k, v in after.items() if v != before.get(k, 0.0)}
    return sorted(
        [name, [list(pair) for pair in labels], delta] for (name, labels), delta in changes.items()
    )


# The headline fields the ledger kept in columns of their own when the corpus was recorded
# (migration 0004 moved them into one JSON object under the same names).
RECORDED_HEADLINE = (
    "pcos_score",
    "pcos_level",
    "cycle_start",
    "cycle_earliest",
    "cycle_latest",
    "symptoms_screen",
)


def ledger_rows(client: TestClient) -> list[list[Any]]:
    """The ledger's rows, written out first, without ids and times, sorted; each row's
    headline spread into the recorded columns (None where a field is not set)."""
    ledger = client.app.state.ledger  # type: ignore[union-attr]
    ledger.flush()
    query = text(
        "SELECT model, version, experiment_group, user_pseudonym, headline, "
        "shadow_of IS NOT NULL FROM predictions"
    )
    rows = []
    with ledger.repository.engine.connect() as connection:
        for *who, headline, shadow in connection.execute(query):
            fields = json.loads(headline) if isinstance(headline, str) else headline or {}
            unknown = set(fields) - set(RECORDED_HEADLINE)
            assert not unknown, unknown
            rows.append([*who, *(fields.get(name) for name in RECORDED_HEADLINE), shadow])
    return sorted(rows, key=lambda row: json.dumps(row, default=str))


@contextmanager
def _as_of_today() -> Iterator[None]:
    """Answers computed as of TODAY, so the corpus never ages."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(served, "utc_today", lambda: TODAY)
        yield


def models_tree(folder: Path) -> Path:
    """The committed models and two more PCOS versions, an A/B test with a shadow."""
    tree = copy_models(folder, ("v2.2.0", "v2.8.0"))
    experiment = {"control": "v2.1.0", "treatment": "v2.2.0", "treatment_share": 0.5}
    (tree / "experiments.json").write_text(json.dumps({"pcos": experiment | {"shadow": "v2.8.0"}}))
    return tree


def record(set_up: SetUp, models: Path, state: Path) -> dict[str, Any]:
    """Every answer of one set-up, then its ledger."""
    experiments = None if set_up.experiments else state / "no-experiments.json"
    settings = make_settings(
        models,
        model_watch_seconds=0,
        state_dir=state,
        log_level="ERROR",
        experiments_file=experiments,
        **set_up.settings,
    )
    with _as_of_today():
        app = build_app(settings, with_predict(_broken) if set_up.broken else None)
        with TestClient(app, raise_server_exceptions=False) as client:
            recorder = Recorder(client)
            for case in set_up.cases():
                recorder.run(case)
            rows = ledger_rows(client)
    return {"name": set_up.name, "answers": recorder.answers, "ledger": rows}


def record_all(folder: Path) -> list[dict[str, Any]]:
    models = models_tree(folder / "models")
    return [record(s, models, folder / f"state-{s.name}") for s in SET_UPS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {FIXTURE}")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        recorded = record_all(Path(folder))
    text_out = json.dumps(recorded, indent=1, ensure_ascii=False, default=str) + "\n"
    if args.write:
        FIXTURE.parent.mkdir(exist_ok=True)
        FIXTURE.write_text(text_out)
        count = sum(len(s["answers"]) for s in recorded)
        print(f"wrote {count} answers to {FIXTURE}")
    else:
        sys.stdout.write(text_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
