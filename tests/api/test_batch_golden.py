"""The batch's answers to seeded batches, byte for byte as they were pinned.

Regenerates the batches of golden_batch.py (1,000 PCOS items; 600 mixed items), answers
each through `predict_batch` with and without a PCOS A/B experiment, and compares the
whole answer (prediction ids masked) with the kept one; on a difference, the items that
differ are shown with both answers. A deliberate change rewrites the file in the same
commit (`python -m tests.api.golden_batch --write`).
"""

from __future__ import annotations

import json
import lzma
from typing import Any

import pytest

from tests.api import golden_batch
from tests.support.golden import digest


@pytest.fixture(scope="module")
def kept() -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(lzma.decompress(golden_batch.GOLDEN.read_bytes()))
    assert payload["seed"] == golden_batch.SEED
    answers: dict[str, Any] = payload["answers"]
    return answers


@pytest.fixture(scope="module")
def now() -> dict[str, bytes]:
    return golden_batch.answers_now()


@pytest.mark.slow
def test_every_batch_answer_is_unchanged(kept: dict[str, Any], now: dict[str, bytes]) -> None:
    assert sorted(now) == sorted(kept)
    batches = golden_batch.batches()
    for key, body in now.items():
        if digest(body.decode()) == kept[key]["digest"]:
            continue
        items = batches[key.split("/")[0]]
        differ = golden_batch.item_mismatches(kept[key]["items"], body, items)
        pytest.fail(f"{key}:\n" + "\n".join(differ or ["the items agree; their joining differs"]))


def test_the_batches_cover_what_a_batch_answers(now: dict[str, bytes]) -> None:
    pcos = json.loads(now["pcos/ab"])["predictions"]
    assert len(pcos) == 1000
    assert {p.get("experiment_group") for p in pcos} >= {"control", "treatment"}
    assert 10 <= sum("error" in p for p in pcos) <= 100
    assert sum(bool(p.get("flags")) for p in pcos) > 300
    mixed = json.loads(now["mixed/plain"])["predictions"]
    names = [p.get("model_name") for p in mixed if "error" not in p]
    assert {names.count(name) >= 50 for name in ("pcos", "cycle", "symptoms")} == {True}
    assert sum("error" in p for p in mixed) >= 40
