"""No text escapes the catalogs: every answer asked for in the pseudo-language is bracketed.

With I18N_PSEUDO_LOCALE on, `Accept-Language: en-XA` renders every text accented inside
⟦…⟧. Each route and each kind of error answer is called (tests/i18n/http_cases.py), its JSON
walked, and every human-readable string checked: once the bracketed spans are taken out,
no letter may remain. Values filled into a text (a field name, a date, the JSON parser's
reason) sit inside the brackets; codes, ids, params and numbers are not prose.

ESCAPED_FOR_NOW may name fields still in English per domain while a part is being
converted; the test checks each is still escaping, so an entry cannot outlive its reason.
It is empty: every text of every route comes from the catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from tests.i18n.http_cases import Exchange, app_settings, exchanges, ledger_off

PSEUDO = {"Accept-Language": "en-XA"}
# Keys whose values are data, not prose: codes and their params, ids, names, versions.
NOT_PROSE = re.compile(
    r"(^|\.)(params|[a-z_]*_params|[a-z_]*_codes|code|[a-z_]*_code|type|field|location|"
    r"request_id|prediction_id|model_name|model_version|experiment_group|source|sources|"
    r"reason|limit|required|presented|domain)(\.|$)"
)
# `domain` of a symptom is a C-PASS domain code (`MOOD LABILITY`), not prose.
# Fields still English, by the domain whose texts they are: none. An entry must still be
# escaping (the test checks), so one added while a part is converted cannot outlive it.
ESCAPED_FOR_NOW: dict[str, set[str]] = {
    "errors": set(),
    "common": set(),
    "pcos": set(),
    "cycle": set(),
    "symptoms": set(),
}
ESCAPING = set().union(*ESCAPED_FOR_NOW.values())
# Prose: two words in a row (an enum value such as `High` or a date is not).
WORDS = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")


def _outside_brackets(text: str) -> str:
    """`text` without its ⟦…⟧ spans (nested ones within them)."""
    depth, kept = 0, []
    for char in text:
        if char == "⟦":
            depth += 1
        elif char == "⟧":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def prose(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, string) of every string of an answer that is not data (NOT_PROSE)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            where = f"{path}.{key}"
            if not NOT_PROSE.search(where.split(".", 1)[1]):
                yield from prose(inner, where)
    elif isinstance(value, list):
        for inner in value:
            yield from prose(inner, f"{path}[]")
    elif isinstance(value, str) and WORDS.search(value):
        yield path, value


def _pattern(path: str) -> str:
    """A path as ESCAPED_FOR_NOW writes it: numbered severity labels as `*`."""
    return re.sub(r"\.labels\.\d+$", ".labels.*", path)


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> list[Exchange]:
    settings = app_settings(tmp_path_factory.mktemp("state"), i18n_pseudo_locale=True)
    with TestClient(build_app(settings), raise_server_exceptions=False) as client:
        found = exchanges(client, PSEUDO)
    off = app_settings(
        Path(tmp_path_factory.mktemp("off")), ledger_enabled=False, i18n_pseudo_locale=True
    )
    with TestClient(build_app(off), raise_server_exceptions=False) as client:
        found.append(ledger_off(client, PSEUDO))
    return found


def test_every_kind_of_answer_was_reached(answers: list[Exchange]) -> None:
    statuses = {name: response.status_code for name, response in answers}
    assert {200, 202, 401, 403, 404, 405, 413, 415, 422, 429, 503} <= set(statuses.values())
    assert statuses["outcome_exists"] == 409
    assert statuses["cors_refused"] == 400


def test_no_text_escapes_the_catalogs(answers: list[Exchange]) -> None:
    escaped, still_escaping = [], set()
    for name, response in answers:
        for path, text in prose(response.json(), name):
            if not WORDS.search(_outside_brackets(text)):
                continue
            if _pattern(path) in ESCAPING:
                still_escaping.add(_pattern(path))
            else:
                escaped.append(f"{path}: {text[:80]}")
    assert escaped == [], "\n".join(escaped)
    # An entry whose field is converted already must go: the list only shrinks.
    reached = {_pattern(p) for n, r in answers for p, _ in prose(r.json(), n)}
    assert still_escaping == ESCAPING & reached


def test_error_messages_and_disclaimers_are_bracketed(answers: list[Exchange]) -> None:
    by_name = dict(answers)
    for name, response in answers:
        answer = response.json()
        if "error" in answer:
            assert answer["error"]["message"].startswith("⟦"), name
            for detail in answer["error"]["details"]:
                if "message" in detail:
                    assert detail["message"].startswith("⟦"), (name, detail)
    for name in ("pcos", "cycle", "symptoms"):
        answer = by_name[name].json()
        assert answer["disclaimer"].startswith("⟦")
        assert answer["disclaimer"].endswith("⟧")
        assert answer["disclaimer_code"] == name


def test_answers_with_text_say_their_language(answers: list[Exchange]) -> None:
    for name, response in answers:
        if response.status_code >= 400 or name in {"pcos", "cycle", "symptoms", "batch"}:
            assert response.headers["content-language"] == "en-XA", name
            assert "Accept-Language" in response.headers["vary"], name
