"""The rules' table answers what the rules answer, for every request that shares a key.

`rules.rule_part` keeps one rules' part per `rule_key`; that is only right if two requests
with the same key get the same part from the rules run afresh. Random requests are built
to share keys often (values the rules read only as yes/no vary freely inside their
classes), then each one's table entry is compared with `rules.compute` on it, field by
field and as the JSON the answers are made of.
"""

from __future__ import annotations

import datetime
import inspect
import random
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from fembalance_ml.pcos import rules
from fembalance_ml.pcos.schemas import PcosRequest
from tests.pcos.golden_corpus import context, features

TODAY = datetime.date(2026, 6, 1)
LEVELS = ("Low", "Medium", "High")


def part_json(part: rules.RulePart) -> bytes:
    """Everything a rules' part puts in an answer, in both of its encodings."""
    models = {
        "level": part.level,
        "moved": part.moved,
        "criteria": part.criteria.model_dump(),
        "criteria_met": part.criteria_met,
        "flags": [flag.model_dump() for flag in part.flags],
        "recommendations": list(part.recommendations),
        "assumptions": [note.model_dump() for note in part.assumptions],
    }
    fragments = [
        part.criteria_json,
        part.flags_json,
        part.recommendations_json,
        part.assumptions_json,
    ]
    return orjson.dumps([models, fragments])


SYMPTOM_PATTERNS = ((0, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0), (1, 1, 0, 1, 0, 0), (0, 0, 1, 0, 1, 1))
NAMES = ("irregular_periods", "excess_hair_growth", "acne", "weight_gain", "hair_loss")
CONTEXTS: tuple[dict[str, Any] | None, ...] = (
    None,
    {},
    {"contraception": "implant"},
    {"pregnancy": "not_pregnant", "contraception": "none", "menopause": "no"},
    {"delivery_date": "2026-01-10", "breastfeeding": "fully"},
    {"delivery_date": "2024-02-01"},
    {"menopause": "natural", "hrt": "sequential"},
    {"never_menstruated": True},
    {"pregnancy": "pregnant"},
)


def _uniform(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high), rng.choice([1, 2, 3]))


def template(rng: random.Random) -> dict[str, Any]:
    """A choice of rule classes: symptoms, stage, cycle class, labs, ovaries, context."""
    return {
        "pattern": rng.choice(SYMPTOM_PATTERNS),
        "stage": rng.choice(["adult", "adult", "unknown", "adolescent"]),
        "adolescent": (rng.choice([14.0, 16.0]), rng.choice([0.5, 2.0, 5.0])),
        "cycle": rng.choice([None, (10, 20.9), (21, 35), (35.1, 45), (45.1, 180)]),
        "labs": {
            name: rng.choice([None, None, "inside", outside])
            for name, outside in (
                ("total_testosterone_nmol_l", rng.choice([2.6, 6.1])),
                ("tsh_miu_l", rng.choice([0.1, 9.0])),
                ("prl_ng_ml", 40.0),
            )
        },
        "follicles": rng.choice([None, None, (3, None), (25, 4), (7, 12)]),
        "context": rng.choice(CONTEXTS),
        "level": rng.choice(LEVELS),
        "variant": rng.choice(("screening", "clinical")),
    }


INSIDE = {"total_testosterone_nmol_l": (0, 2.0), "tsh_miu_l": (0.4, 4.5), "prl_ng_ml": (0, 25)}


def colliding(rng: random.Random, chosen: dict[str, Any]) -> dict[str, Any]:
    """A request of a template's classes, every value inside its class drawn afresh."""
    symptoms = zip((*NAMES, "dark_skin_patches"), map(bool, chosen["pattern"]), strict=True)
    given: dict[str, Any] = dict(symptoms)
    if chosen["stage"] == "adult":
        given["age"] = _uniform(rng, 19, 69)
    elif chosen["stage"] == "adolescent":
        given["age"], given["years_since_menarche"] = chosen["adolescent"]
    if chosen["cycle"] is not None:
        given["cycle_length_days"] = _uniform(rng, *chosen["cycle"])
    for name, lab in chosen["labs"].items():
        if lab == "inside":
            given[name] = _uniform(rng, *INSIDE[name])
        elif lab is not None:
            given[name] = lab
    if chosen["follicles"] is not None:
        left, right = chosen["follicles"]
        given["follicle_count_left"] = left if left >= 20 else rng.randint(0, 19)
        if right is not None:
            given["follicle_count_right"] = rng.randint(0, 19)
    for name, low, high in (("bmi", 16, 50), ("fsh_miu_ml", 1, 30), ("lh_miu_ml", 1, 30)):
        if rng.random() < 0.4:
            given[name] = _uniform(rng, low, high)
    body: dict[str, Any] = {"features": given}
    if chosen["context"] is not None:
        body["context"] = dict(chosen["context"])
    return body


def requests(seed: int, count: int, *, collide: bool) -> list[tuple[PcosRequest, str, str]]:
    """Valid requests with a score level and variant: built to share keys (`collide`: 80
    templates of rule classes), or with the golden corpus's variety."""
    rng = random.Random(seed)
    templates = [template(rng) for _ in range(80)]
    found = []
    while len(found) < count:
        chosen = rng.choice(templates)
        level, variant = chosen["level"], chosen["variant"]
        if collide:
            body = colliding(rng, chosen)
        else:
            level, variant = rng.choice(LEVELS), rng.choice(("screening", "clinical"))
            body = {"features": features(rng)}
            ctx = context(rng, body["features"].get("age"))
            if ctx is not None:
                body["context"] = ctx
        try:
            found.append((PcosRequest.model_validate(body), level, variant))
        except ValidationError:
            continue
    return found


@pytest.mark.parametrize(("seed", "collide"), [(0, True), (1, True), (2, True), (3, False)])
def test_a_kept_part_is_what_the_rules_give_every_request_with_its_key(
    seed: int, collide: bool
) -> None:
    rules.clear_table()
    asked = requests(seed, 6000, collide=collide)
    for request, level, variant in asked:
        kept = rules.rule_part(request, level, variant, TODAY)
        fresh = rules.compute(request, level, variant, TODAY)
        assert part_json(kept) == part_json(fresh), request.model_dump_json()
    if collide:
        # Keys were shared: most answers came from the table, not from the rules.
        assert rules.table_size() < len(asked) / 4


def test_values_the_answer_quotes_are_keyed_exactly() -> None:
    """-0.0 and 0.0, or 3 and 3.0, are written differently: they are different keys."""
    base = dict.fromkeys((*NAMES, "dark_skin_patches"), False)
    zero = PcosRequest.model_validate({"features": base | {"tsh_miu_l": 0.0}})
    negative_zero = PcosRequest.model_validate({"features": base | {"tsh_miu_l": -0.0}})
    keys = {rules.rule_key(r, "Low", "screening", TODAY) for r in (zero, negative_zero)}
    assert len(keys) == 2
    rules.clear_table()
    for request in (zero, negative_zero):
        assert part_json(rules.rule_part(request, "Low", "screening", TODAY)) == part_json(
            rules.compute(request, "Low", "screening", TODAY)
        )


def test_the_key_reads_every_ovarian_marker() -> None:
    """rule_key names the markers one by one: a new one must be added there too."""
    from fembalance_ml.pcos.features import OVARIAN_MORPHOLOGY

    source = inspect.getsource(rules.rule_key)
    assert all(
        f"f.{name} is not None" in source or name.startswith("follicle_count")
        for name in OVARIAN_MORPHOLOGY
    )
    assert OVARIAN_MORPHOLOGY == (
        "amh_ng_ml",
        "follicle_count_left",
        "follicle_count_right",
        "avg_follicle_size_left_mm",
        "avg_follicle_size_right_mm",
    )


def test_the_table_stays_bounded() -> None:
    rules.clear_table()
    for request, level, variant in requests(4, 3000, collide=False):
        rules.rule_part(request, level, variant, TODAY)
        assert rules.table_size() <= rules.TABLE_SIZE
    assert rules.table_size() > 0
