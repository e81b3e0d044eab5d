"""A seeded corpus of /predict/pcos requests, and its golden answers (tests/support/golden.py).

The six symptoms in every combination, measures across and at the edges of their ranges
(ages of adolescents and adults, cycle lengths under 21, over 35 and over 45 days, years
since menarche around 1, 3 and 8), labs in and out of their flag limits (testosterone,
TSH, prolactin), AMH and follicle counts around the 20-follicle threshold, lifestyle
answers, and the person's contexts of issue 22 (pregnancy, a birth and breastfeeding,
every contraception method, HRT and the menopause, menarche, never menstruated). Some
requests contradict themselves and are refused: their errors are pinned too.

    PYTHONPATH=src:. .venv/bin/python -m tests.pcos.golden_corpus --write
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from fembalance_ml.pcos.spec import SPEC
from tests.cycle.golden_corpus import CONTRACEPTION
from tests.support.golden import Golden, build, digest, record_main

GOLDEN: Final = Path(__file__).with_name("golden_answers.json.xz")
SEED: Final = 2026
COUNT: Final = 4000
TODAY: Final = date(2026, 6, 1)
VERSIONS: Final = ("v2.1.0", "v2.2.0", "v2.3.0", "v2.4.0")
# The rules' words are the same for every version: the older ones keep digests alone.
DIGESTS_ONLY: Final = ("v2.1.0", "v2.2.0", "v2.3.0")
SYMPTOMS: Final = (
    "irregular_periods",
    "excess_hair_growth",
    "acne",
    "weight_gain",
    "hair_loss",
    "dark_skin_patches",
)
# name: (values near the rules' limits, (low, high) for a uniform draw)
MEASURES: Final[dict[str, tuple[tuple[float, ...], tuple[float, float]]]] = {
    "age": ((14, 15, 16, 17, 17.9, 18, 19.5, 27, 33, 41, 48, 55), (8, 70)),
    "bmi": ((18.5, 25, 30, 35.2), (15, 55)),
    "cycle_length_days": ((20, 21, 28, 35, 36, 45, 46, 60, 95), (10, 180)),
    "period_length_days": ((0, 3, 5, 7, 9), (0, 20)),
    "years_since_menarche": ((0.5, 0.99, 1, 2, 2.99, 3, 5, 7.9, 8, 12), (0, 30)),
    "total_testosterone_nmol_l": ((0.8, 1.9, 2.0, 2.01, 3.1, 4.99, 5, 7.2), (0, 12)),
    "tsh_miu_l": ((0.3, 0.4, 2.1, 4.5, 4.6, 9), (0, 20)),
    "prl_ng_ml": ((8, 25, 25.5, 60), (0, 120)),
    "amh_ng_ml": ((1.2, 4.5, 9.8), (0, 30)),
    "fsh_miu_ml": ((4.1, 6.5), (0, 20)),
    "lh_miu_ml": ((3.3, 12.4), (0, 30)),
    "avg_follicle_size_left_mm": ((5.5, 9), (0, 25)),
    "avg_follicle_size_right_mm": ((6, 8.5), (0, 25)),
    "endometrium_mm": ((6.5, 9.2), (0.5, 20)),
    "waist_hip_ratio": ((0.78, 0.85, 0.92), (0.6, 1.2)),
    "height_cm": ((150, 162.5, 175), (140, 190)),
    "weight_kg": ((50, 70.2, 95), (40, 140)),
}
FOLLICLES: Final = (0, 5, 12, 19, 20, 21, 25, 40)


def _measure(rng: random.Random, name: str) -> float | int:
    edges, (low, high) = MEASURES[name]
    if rng.random() < 0.5:
        return rng.choice(edges)
    value = rng.uniform(low, high)
    return round(value) if rng.random() < 0.4 else round(value, rng.choice([1, 2, 3]))


def features(rng: random.Random) -> dict[str, Any]:
    """Symptoms always; each measure, lab and count with its own chance."""
    given: dict[str, Any] = {name: rng.choice([0, 1, True, False]) for name in SYMPTOMS}
    chances = {
        "age": 0.75,
        "bmi": 0.45,
        "cycle_length_days": 0.4,
        "period_length_days": 0.25,
        "years_since_menarche": 0.3,
        "total_testosterone_nmol_l": 0.3,
        "tsh_miu_l": 0.15,
        "prl_ng_ml": 0.15,
        "amh_ng_ml": 0.15,
        "fsh_miu_ml": 0.1,
        "lh_miu_ml": 0.1,
        "avg_follicle_size_left_mm": 0.05,
        "avg_follicle_size_right_mm": 0.05,
        "endometrium_mm": 0.05,
        "waist_hip_ratio": 0.1,
    }
    for name, chance in chances.items():
        if rng.random() < chance:
            given[name] = _measure(rng, name)
    if "bmi" not in given and rng.random() < 0.3:
        given["height_cm"] = _measure(rng, "height_cm")
        given["weight_kg"] = _measure(rng, "weight_kg")
    if rng.random() < 0.2:
        given["follicle_count_left"] = rng.choice(FOLLICLES)
        if rng.random() < 0.8:
            given["follicle_count_right"] = rng.choice(FOLLICLES)
    for name in ("fast_food", "regular_exercise"):
        if rng.random() < 0.3:
            given[name] = rng.choice([0, 1, True, False])
    return given


def context(rng: random.Random, age: float | None) -> dict[str, Any] | None:
    """A context over the states of issue 22 (sometimes inconsistent: refused)."""
    if rng.random() < 0.4:
        return None
    given: dict[str, Any] = {}
    if rng.random() < 0.35:
        given["pregnancy"] = rng.choice(["not_pregnant", "possibly_pregnant", "pregnant"])
    if rng.random() < 0.15:
        given["delivery_date"] = (TODAY - timedelta(days=rng.randint(0, 800))).isoformat()
    if rng.random() < 0.15:
        given["breastfeeding"] = rng.choice(["no", "partially", "fully"])
    if rng.random() < 0.45:
        given["contraception"] = rng.choice(CONTRACEPTION)
    if rng.random() < 0.12:
        given["hrt"] = rng.choice(["none", "sequential", "continuous"])
    if rng.random() < 0.2 or (age is not None and age >= 45 and rng.random() < 0.5):
        given["menopause"] = rng.choice(["no", "perimenopause", "natural", "surgical"])
    if rng.random() < 0.25:
        given["age_at_menarche"] = rng.choice([9, 10.5, 11, 12, 12.5, 13, 14, 16])
    elif rng.random() < 0.06:
        given["never_menstruated"] = rng.choice([True, True, False])
    return given


def request(rng: random.Random, index: int) -> dict[str, Any]:
    """One request body: features, and a user id and a context now and then."""
    given = features(rng)
    body: dict[str, Any] = {"features": given}
    if rng.random() < 0.3:
        body["user_id"] = f"golden-{index}"
    age = given.get("age")
    found = context(rng, None if age is None else float(age))
    if found is not None:
        if found.get("never_menstruated") and rng.random() < 0.8:
            for name in ("cycle_length_days", "period_length_days", "years_since_menarche"):
                given.pop(name, None)  # most such requests stay answerable
        body["context"] = found
    return body


def corpus(seed: int = SEED, count: int = COUNT) -> list[dict[str, Any]]:
    """`count` request bodies, the same for the same seed."""
    rng = random.Random(seed)
    return [request(rng, index) for index in range(count)]


def shorten(answer: str) -> str:
    """The answer kept with the model's numbers as digests: 17-digit floats, most of an
    answer, that compress badly (the whole answer's digest is kept beside it); the rules'
    part (level, criteria, flags, recommendations, assumptions) is kept as it is."""
    if not answer.startswith("{"):
        return answer
    fields = json.loads(answer)
    for name in ("risk_score", "confidence", "contributions"):
        fields[name] = f"sha256 {digest(json.dumps(fields[name], separators=(',', ':')))}"
    return json.dumps(fields, separators=(",", ":"))


def main() -> int:
    def make() -> Golden:
        return build(SPEC, VERSIONS, corpus, SEED, COUNT, TODAY, shorten, DIGESTS_ONLY)

    return record_main(__doc__ or "", GOLDEN, make)


if __name__ == "__main__":
    raise SystemExit(main())
