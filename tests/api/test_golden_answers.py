"""Every answer of the golden corpus, byte for byte, as recorded before the paths became one.

tests/api/golden/answers.json was recorded by tests/api/golden_corpus.py with release
1.5.0 (the lean middleware answering plain predictions, FastAPI the rest). The one request
path must give each request the same status, the same headers (in any order: ASGI and
HTTP give their order no meaning), the same body bytes, the same metric movements, and
leave the same rows in the ledger.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.api.golden_corpus import FIXTURE, SET_UPS, models_tree, record


@pytest.fixture(scope="module")
def golden() -> dict[str, dict[str, Any]]:
    recorded = json.loads(FIXTURE.read_text())
    return {set_up["name"]: set_up for set_up in recorded}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return models_tree(tmp_path_factory.mktemp("models"))


def test_the_corpus_is_large_and_covers_every_refusal(golden: dict[str, Any]) -> None:
    answers = [a for set_up in golden.values() for a in set_up["answers"]]
    statuses = {a["status"] for a in answers}
    assert len(answers) >= 110
    assert {200, 307, 400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503} <= statuses


@pytest.mark.parametrize("set_up", SET_UPS, ids=lambda s: s.name)
def test_every_answer_is_the_recorded_one(
    set_up: Any, golden: dict[str, Any], models: Path, tmp_path: Path
) -> None:
    expected = golden[set_up.name]
    replayed = record(set_up, models, tmp_path / "state")
    assert [a["name"] for a in replayed["answers"]] == [a["name"] for a in expected["answers"]]
    for then, now in zip(expected["answers"], replayed["answers"], strict=True):
        name = then["name"]
        assert now["status"] == then["status"], name
        assert sorted(map(tuple, now["headers"])) == sorted(map(tuple, then["headers"])), name
        assert now["body"] == then["body"], name
        assert now["metrics"] == then["metrics"], name
    assert json.loads(json.dumps(replayed["ledger"], default=str)) == expected["ledger"]
