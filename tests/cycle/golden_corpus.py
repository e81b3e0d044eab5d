"""A seeded corpus of /predict/cycle requests, and its golden answers (tests/support/golden.py).

Varied histories (1 to 25 starts: no cycle to 24), regular, irregular, short, long and
adolescent cycle lengths with missed logs and long gaps; ages from 10 to 70 and none;
period lengths absent, typical, prolonged and very long; `as_of` early, due, late, very
late or absent (then the fixed `today`); and the person's contexts of issue 22: pregnancy
(with its start), births (with and without a period since, breastfeeding), every
contraception method (with start and emergency dates), HRT, the menopause, menarche. A few
requests break a rule (dates after `as_of`, starts too close, a self-contradicting
context): their refusals are pinned too.

    PYTHONPATH=src:. .venv/bin/python -m tests.cycle.golden_corpus --write
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from fembalance_ml.cycle.spec import SPEC
from tests.support.golden import Golden, build, record_main

GOLDEN: Final = Path(__file__).with_name("golden_answers.json.xz")
SEED: Final = 2024
COUNT: Final = 3000
TODAY: Final = date(2026, 6, 1)
# Every cycle model version the service can load: latest, the gap rule (v1.6.0), the
# pooled prior (v1.5.0) and the versions before it (no prior).
VERSIONS: Final = ("v1.3.0", "v1.4.0", "v1.5.0", "v1.6.0")
CONTRACEPTION: Final = (
    "none",
    "combined_hormonal",
    "progestogen_only_pill",
    "implant",
    "injection",
    "hormonal_ius",
    "copper_iud",
)
# (mean, sd) of cycle lengths by profile.
PROFILES: Final = {
    "regular": (28.5, 1.2),
    "regular_long": (33.0, 1.5),
    "variable": (31.0, 4.0),
    "irregular": (38.0, 11.0),
    "short": (22.0, 2.0),
    "long": (42.0, 5.0),
    "adolescent": (34.0, 8.0),
}


def age_of(rng: random.Random) -> float | int | None:
    roll = rng.random()
    if roll < 0.22:
        return None
    low, high = rng.choice([(10, 17.9), (18, 25.9), (26, 41.9), (42, 44.9), (45, 55), (55, 70)])
    value = rng.uniform(low, high)
    return round(value) if rng.random() < 0.6 else round(value, 1)


def _lengths(rng: random.Random, cycles: int) -> list[int]:
    mean, sd = PROFILES[rng.choice(list(PROFILES))]
    lengths = []
    for _ in range(cycles):
        length = round(rng.gauss(mean, sd))
        roll = rng.random()
        if roll < 0.06:
            length *= 2  # a period not logged
        elif roll < 0.08:
            length = rng.randint(70, 200)  # a long gap
        lengths.append(max(length, 10))
    if cycles and rng.random() < 0.01:
        lengths[rng.randrange(cycles)] = rng.randint(3, 9)  # starts too close: refused
    return lengths


def _period_lengths(rng: random.Random, count: int) -> list[int | None]:
    mode = rng.random()
    if mode < 0.4:
        return [None] * count
    values: list[int | None] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.25:
            values.append(None)
        elif roll < 0.9:
            values.append(rng.randint(3, 7))
        elif roll < 0.97:
            values.append(rng.randint(8, 13))
        else:
            values.append(rng.randint(14, 31))
    return values


def _elapsed(rng: random.Random) -> int:
    """Days from the last start to `as_of`: early, mid, due, late or very late."""
    low, high = rng.choice([(0, 9), (10, 24), (25, 36), (37, 70), (71, 140), (141, 420)])
    return rng.randint(low, high)


def _day_near(rng: random.Random, anchor: date, before: int, after: int) -> str:
    return (anchor + timedelta(days=rng.randint(-before, after))).isoformat()


def context_for(
    rng: random.Random, starts: list[date], as_of: date, age: float | int | None
) -> dict[str, Any] | None:
    """A context over the states of issue 22 (sometimes inconsistent: refused)."""
    if rng.random() < 0.35:
        return None
    last = starts[-1]
    context: dict[str, Any] = {}
    roll = rng.random()
    if roll < 0.12:
        context["pregnancy"] = "pregnant"
        if rng.random() < 0.7:
            context["pregnancy_start_date"] = _day_near(rng, last, 60, 5)
    elif roll < 0.45:
        context["pregnancy"] = rng.choice(["not_pregnant", "possibly_pregnant"])
    if rng.random() < 0.18:
        first = starts[0]
        span = max((as_of - first).days, 1)
        context["delivery_date"] = (first + timedelta(days=rng.randint(0, span))).isoformat()
        if rng.random() < 0.7:
            context["breastfeeding"] = rng.choice(["no", "partially", "fully"])
    elif rng.random() < 0.05:
        context["breastfeeding"] = "no"
    if rng.random() < 0.45:
        method = rng.choice(CONTRACEPTION)
        context["contraception"] = method
        if method != "none" and rng.random() < 0.5:
            context["contraception_start_date"] = _day_near(rng, as_of, 400, 0)
    if rng.random() < 0.1:
        context["emergency_contraception_date"] = _day_near(rng, last, 20, 15)
    if rng.random() < 0.2:
        context["hrt"] = rng.choice(["none", "sequential", "continuous"])
    if rng.random() < 0.25 or (age is not None and age >= 45 and rng.random() < 0.5):
        menopause = rng.choice(["no", "perimenopause", "natural", "surgical"])
        context["menopause"] = menopause
        if menopause in ("natural", "surgical") and rng.random() < 0.6:
            context["menopause_date"] = _day_near(rng, last, 500, 60)
    if rng.random() < 0.3:
        context["age_at_menarche"] = rng.choice([9, 10.5, 11, 12, 12.5, 13, 14, 15, 16, 17])
    if rng.random() < 0.01:
        context["never_menstruated"] = True  # beside a period log: refused
    # Any date after as_of is refused; keep most requests answerable.
    for name in (
        "pregnancy_start_date",
        "delivery_date",
        "contraception_start_date",
        "emergency_contraception_date",
        "menopause_date",
    ):
        if name in context and date.fromisoformat(context[name]) > as_of and rng.random() < 0.9:
            context[name] = as_of.isoformat()
    return context


def request(rng: random.Random, index: int) -> dict[str, Any]:
    """One request body: history, age, as_of, horizon and context."""
    roll = rng.random()
    if roll < 0.05:
        cycles = 0
    elif roll < 0.3:
        cycles = rng.randint(1, 3)
    elif roll < 0.7:
        cycles = rng.randint(4, 12)
    else:
        cycles = rng.randint(13, 24)
    lengths = _lengths(rng, cycles)
    elapsed = _elapsed(rng)
    given_as_of = rng.random() < 0.75
    if given_as_of:
        as_of = TODAY - timedelta(days=rng.randint(0, 900))
    else:
        as_of = TODAY
    last = as_of - timedelta(days=elapsed)
    if not given_as_of and rng.random() < 0.03:
        last = TODAY + timedelta(days=1)  # her own today, east of UTC
    starts = [last]
    for length in reversed(lengths):
        starts.insert(0, starts[0] - timedelta(days=length))
    periods = _period_lengths(rng, len(starts))
    entries: list[dict[str, Any]] = []
    for start, period in zip(starts, periods, strict=True):
        entry: dict[str, Any] = {"start_date": start.isoformat()}
        if period is not None:
            entry["period_length_days"] = period
        entries.append(entry)
    if entries and rng.random() < 0.04:
        entries.append({"start_date": rng.choice(entries)["start_date"]})  # merged
    if rng.random() < 0.2:
        rng.shuffle(entries)
    age = age_of(rng)
    body: dict[str, Any] = {"cycles": entries}
    if rng.random() < 0.3:
        body["user_id"] = f"golden-{index}"
    if given_as_of:
        body["as_of"] = as_of.isoformat()
    if age is not None:
        body["age"] = age
    if rng.random() < 0.5:
        body["horizon_cycles"] = rng.choice([1, 2, 3, 4, 6, 12])
    context = context_for(rng, starts, as_of, age)
    if context is not None:
        body["context"] = context
    if rng.random() < 0.005:
        body["as_of"] = (starts[-1] - timedelta(days=3)).isoformat()  # a start after it
    if not given_as_of and rng.random() < 0.02:
        # A context date after today, which the request's own as_of would have caught.
        later = {"emergency_contraception_date": (TODAY + timedelta(days=2)).isoformat()}
        body["context"] = {**(context or {}), **later}
    return body


def corpus(seed: int = SEED, count: int = COUNT) -> list[dict[str, Any]]:
    """`count` request bodies, the same for the same seed."""
    rng = random.Random(seed)
    return [request(rng, index) for index in range(count)]


def main() -> int:
    def make() -> Golden:
        return build(SPEC, VERSIONS, corpus, SEED, COUNT, TODAY)

    return record_main(__doc__ or "", GOLDEN, make)


if __name__ == "__main__":
    raise SystemExit(main())
