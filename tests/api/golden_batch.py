"""Seeded batches for /predict/batch, and their golden answers (tests/support/golden.py).

Two batches, each answered with and without a PCOS A/B experiment, through the batch's
own path (`predict_batch` in an app over the committed models): 1,000 PCOS items as a
client sends them (the PCOS corpus's requests, some with a context, some with odd values
that are refused) and 600 mixed items (PCOS, cycle and symptom requests from their
corpora, and malformed items). Prediction ids are random: each answer keeps `ID` in
their place. Nothing in these batches depends on the day they are answered: the cycle
and symptom items give `as_of`, and no PCOS context gives a birth date.

    PYTHONPATH=src:. .venv/bin/python -m tests.api.golden_batch --write
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import tempfile
from pathlib import Path
from typing import Any, Final

import orjson

from fembalance_ml.api.batch import BatchRequest, predict_batch
from fembalance_ml.api.served import PredictionService
from fembalance_ml.main import build_app
from tests.conftest import copy_models, make_settings
from tests.cycle import golden_corpus as cycle_corpus
from tests.pcos import golden_corpus as pcos_corpus
from tests.support.golden import Kept, digest, keep
from tests.symptoms import golden_corpus as symptom_corpus

GOLDEN: Final = Path(__file__).with_name("golden_batch.json.xz")
SEED: Final = 2027
PREDICTION_ID: Final = re.compile(rb'"prediction_id":"[0-9a-f]{8}[A-Za-z0-9_-]{32}"')
EXPERIMENTS: Final[dict[str, dict[str, Any] | None]] = {
    "plain": None,
    "ab": {"pcos": {"control": "v2.3.0", "treatment": "v2.4.0", "treatment_share": 0.5}},
}
ODD_VALUES: Final[tuple[Any, ...]] = (2, -1, "1", "yes", [], {}, 71, 1e308, None, 5.5, True)
MALFORMED: Final[tuple[Any, ...]] = (
    {"model_name": "pcos"},
    {"model_name": "nonsense", "input": {}},
    {"model_name": 3, "input": {}},
    {"model_name": "pcos", "input": {"features": [1, 2]}},
    {"model_name": "pcos", "input": {"user_id": "u"}},
    {"model_name": "cycle", "input": {"cycles": []}},
    {"model_name": "symptoms", "input": {"cycles": [{"start_date": "2026-13-01"}]}},
    {"model_name": "pcos", "input": {}, "extra": 1},
    {"model_name": "pcos", "input": [1, 2]},
)


def _pcos_item(rng: random.Random, index: int) -> dict[str, Any]:
    body = pcos_corpus.request(rng, index)
    context = body.get("context")
    if context is not None:
        context.pop("delivery_date", None)  # the answer would depend on the day
    if rng.random() < 0.03:
        name = rng.choice(list(body["features"]))
        body["features"][name] = rng.choice(ODD_VALUES)
    return {"model_name": "pcos", "input": body}


def _dated(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [body for body in requests if "as_of" in body]


def batches(seed: int = SEED) -> dict[str, list[Any]]:
    """The batches by name, the same for the same seed."""
    rng = random.Random(seed)
    pcos_only = [_pcos_item(rng, index) for index in range(1000)]
    cycles = _dated(cycle_corpus.corpus(seed, 200))[:150]
    symptoms = _dated(symptom_corpus.corpus(seed, 140))[:100]
    mixed: list[Any] = [_pcos_item(rng, 1000 + index) for index in range(300)]
    mixed += [{"model_name": "cycle", "input": body} for body in cycles]
    mixed += [{"model_name": "symptoms", "input": body} for body in symptoms]
    mixed += [rng.choice(MALFORMED) for _ in range(600 - len(mixed))]
    rng.shuffle(mixed)
    return {"pcos": pcos_only, "mixed": mixed}


def answer(models: Path, experiments: dict[str, Any] | None, items: list[Any]) -> bytes:
    """The batch's answer with each prediction id as `ID`."""
    (models / "experiments.json").unlink(missing_ok=True)
    if experiments is not None:
        (models / "experiments.json").write_text(json.dumps(experiments))
    app = build_app(make_settings(models, model_watch_seconds=0, ledger_enabled=False))
    raw = orjson.dumps({"requests": items})

    async def scenario() -> bytes:
        async with app.router.lifespan_context(app):
            service: PredictionService = app.state.predictions
            # Anonymous users are put in an A/B group at random: the same draws each time.
            assigner = service.manager._assigner
            if assigner is not None:
                assigner._rng.seed(7)
            return predict_batch(service, BatchRequest.model_validate_json(raw), 10**4, 10**6)

    return PREDICTION_ID.sub(b'"prediction_id":"ID"', asyncio.run(scenario()))


def shorten(item: str) -> str:
    """One item's answer as the golden file keeps it (the models' numbers as digests)."""
    fields = json.loads(item)
    name = fields.get("model_name")
    if "error" in fields or name == "cycle":
        return item
    rest = json.dumps({k: v for k, v in fields.items() if k != "model_name"})
    short = (pcos_corpus.shorten if name == "pcos" else symptom_corpus.shorten)(rest)
    return json.dumps({"model_name": name, **json.loads(short)}, separators=(",", ":"))


def split(body: bytes) -> list[str] | None:
    """The answer's items, each as its own bytes; None if re-joining them changes a byte."""
    items = [orjson.dumps(item) for item in orjson.loads(body)["predictions"]]
    if b'{"predictions":[' + b",".join(items) + b"]}" != body:
        return None
    return [item.decode() for item in items]


def kept(body: bytes) -> dict[str, Any]:
    """What the golden file keeps of one batch answer: its digest, and each item's."""
    items = split(body)
    assert items is not None, "an item's answer is not orjson's own encoding of it"
    return {"digest": digest(body.decode()), "items": [keep(item, shorten) for item in items]}


def answers_now() -> dict[str, bytes]:
    """Every batch answered under every experiment setting, by `<batch>/<setting>`."""
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        models = copy_models(Path(folder))
        for name, items in batches().items():
            for setting, experiments in EXPERIMENTS.items():
                found[f"{name}/{setting}"] = answer(models, experiments, items)
    return found


def item_mismatches(old: list[Kept], body: bytes, items: list[Any]) -> list[str]:
    """The items whose answers differ, with both answers (or why they cannot be shown)."""
    from tests.support.golden import mismatches

    now = split(body)
    if now is None:
        return ["the answer is no longer orjson's encoding of its items"]
    return mismatches(old, [item.encode() for item in now], items, shorten)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"rewrite {GOLDEN.name}")
    args = parser.parse_args()
    found = {key: kept(body) for key, body in answers_now().items()}
    for key, entry in found.items():
        print(f"{key}: {len(entry['items'])} items, digest {entry['digest']}")
    if args.write:
        text = json.dumps({"seed": SEED, "answers": found}, sort_keys=True, separators=(",", ":"))
        import lzma

        GOLDEN.write_bytes(lzma.compress(text.encode(), preset=9 | lzma.PRESET_EXTREME))
        print(f"wrote {GOLDEN} ({GOLDEN.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
