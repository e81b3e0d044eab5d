"""A seeded corpus of /predict/symptoms requests, and its golden answers (tests/support/golden.py).

Period starts as in the cycle corpus (1 to 13, regular to irregular, some with period
lengths), and logs over the whole vocabulary in several shapes, mixed: daily DRSP ratings
through the C-PASS windows (premenstrual patterns of varying strength, so screens come out
pmdd, mrmd, pme, no_diagnosis or insufficient), a tracker's scattered entries, bleeding
runs (heavy, spotting, clots; long bleeds; between periods; after sex) and the warning
signs of issue 22 (fainting, fever, one-sided and shoulder-tip pain, discharge, thoughts
of suicide, self-harm, blood in urine, rectal bleeding). Ages, `as_of` and contexts as in
the cycle corpus; a few requests are refused (duplicate logs, dates after `as_of`).

    PYTHONPATH=src:. .venv/bin/python -m tests.symptoms.golden_corpus --write
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from fembalance_ml.symptoms.spec import SPEC
from fembalance_ml.symptoms.vocabulary import DRSP_SYMPTOMS, PHYSICAL_SYMPTOMS
from tests.cycle.golden_corpus import age_of, context_for
from tests.support.golden import Golden, build, digest, record_main

GOLDEN: Final = Path(__file__).with_name("golden_answers.json.xz")
SEED: Final = 2025
COUNT: Final = 3000
TODAY: Final = date(2026, 6, 1)
# Every symptom model version the service can load (v1.3.0 is latest).
VERSIONS: Final = ("v1.1.0", "v1.2.0", "v1.3.0")
DRSP: Final = tuple(s.name for s in DRSP_SYMPTOMS)
PHYSICAL: Final = tuple(s.name for s in PHYSICAL_SYMPTOMS)
BLEEDING: Final = ("heavy_bleeding", "spotting", "clots_flooding")
WARNING_SIGNS: Final = (
    "fainting",
    "fever",
    "one_sided_pain",
    "shoulder_tip_pain",
    "abnormal_discharge",
    "suicidal_thoughts",
    "self_harm",
    "blood_in_urine",
    "rectal_bleeding",
    "bleeding_after_sex",
    "dizziness",
    "pelvic_pain",
    "cramps",
)
ORDINARY: Final = tuple(
    name for name in PHYSICAL if name not in WARNING_SIGNS and name not in BLEEDING
)


def _starts(rng: random.Random, last: date) -> list[date]:
    count = rng.choice([1, 2, 3, 3, 4, 4, 5, 6, 8, 13])
    mean, sd = rng.choice([(28.0, 1.5), (30.0, 4.0), (36.0, 10.0), (24.0, 2.0)])
    starts = [last]
    for _ in range(count - 1):
        gap = max(round(rng.gauss(mean, sd)), 10)
        if rng.random() < 0.05:
            gap *= 2
        starts.insert(0, starts[0] - timedelta(days=gap))
    return starts


def _drsp_daily(rng: random.Random, starts: list[date], logs: dict[tuple[date, str], int]) -> None:
    """Daily ratings of some DRSP items through each onset's windows (pre 7 days, days 4-10)."""
    items = rng.sample(DRSP, rng.randint(3, len(DRSP)))
    strength = rng.choice([0, 1, 2, 3, 4])  # how much worse before the period
    baseline = rng.choice([1, 1, 2, 3])
    for onset in starts[-rng.randint(1, min(4, len(starts))) :]:
        for offset in [*range(-7, 0), *range(3, 10)]:
            if rng.random() < 0.1:
                continue  # a missed day
            day = onset + timedelta(days=offset)
            for item in items:
                level = baseline + (strength if offset < 0 else 0) + rng.choice([-1, 0, 0, 1])
                logs[(day, item)] = min(max(level, 1), 6)


def _scattered(
    rng: random.Random, first: date, last: date, logs: dict[tuple[date, str], int]
) -> None:
    span = max((last - first).days, 1)
    for _ in range(rng.randint(1, 60)):
        day = first + timedelta(days=rng.randint(0, span))
        roll = rng.random()
        if roll < 0.6:
            name = rng.choice(DRSP)
        elif roll < 0.95:
            name = rng.choice(ORDINARY)
        else:
            name = rng.choice(PHYSICAL)
        logs[(day, name)] = rng.randint(1, 6)


def _bleeding(rng: random.Random, starts: list[date], last: date, logs: dict[Any, int]) -> None:
    """Bleeding runs from some onsets (some very long), and bleeding between periods."""
    for onset in rng.sample(starts, rng.randint(1, len(starts))):
        run = rng.choice([2, 4, 5, 7, 9, 12, 15, 20]) if rng.random() < 0.9 else 0
        for offset in range(run):
            logs[(onset + timedelta(days=offset), rng.choice(BLEEDING))] = rng.randint(2, 6)
    for _ in range(rng.randint(0, 4)):
        day = rng.choice(starts) + timedelta(days=rng.randint(8, 25))
        if day <= last:
            logs[(day, rng.choice(BLEEDING))] = rng.randint(2, 5)


def _warning_signs(
    rng: random.Random, first: date, last: date, logs: dict[tuple[date, str], int]
) -> None:
    span = max((last - first).days, 1)
    near = last - timedelta(days=rng.randint(0, min(span, 40)))
    for _ in range(rng.randint(1, 4)):
        day = near + timedelta(days=rng.randint(-2, 2))
        day = min(max(day, first), last)
        logs[(day, rng.choice(WARNING_SIGNS))] = rng.choice([2, 3, 4, 5, 6])


def _logs(rng: random.Random, starts: list[date], as_of: date) -> list[dict[str, Any]]:
    logs: dict[tuple[date, str], int] = {}
    first = starts[0] - timedelta(days=rng.choice([0, 10, 30]))
    if rng.random() < 0.45:
        _drsp_daily(rng, starts, logs)
    if rng.random() < 0.6:
        _scattered(rng, first, as_of, logs)
    if rng.random() < 0.35:
        _bleeding(rng, starts, as_of, logs)
    if rng.random() < 0.3:
        _warning_signs(rng, first, as_of, logs)
    entries = [
        {"date": day.isoformat(), "symptom": name, "severity": level}
        for (day, name), level in logs.items()
        if day <= as_of
    ]
    rng.shuffle(entries)
    if entries and rng.random() < 0.01:
        entries.append(dict(rng.choice(entries)))  # a duplicate log: refused
    return entries


def request(rng: random.Random, index: int) -> dict[str, Any]:
    """One request body: starts, logs, age, as_of and context."""
    given_as_of = rng.random() < 0.75
    as_of = TODAY - timedelta(days=rng.randint(0, 700)) if given_as_of else TODAY
    last = as_of - timedelta(days=rng.choice([0, 3, 8, 15, 22, 27, 33, 40, 60, 120, 400]))
    starts = _starts(rng, last)
    cycles: list[dict[str, Any]] = []
    for start in starts:
        entry: dict[str, Any] = {"start_date": start.isoformat()}
        if rng.random() < 0.3:
            entry["period_length_days"] = rng.choice([3, 4, 5, 6, 7, 9, 12, 15])
        cycles.append(entry)
    if rng.random() < 0.15:
        rng.shuffle(cycles)
    body: dict[str, Any] = {"cycles": cycles, "logs": _logs(rng, starts, as_of)}
    if rng.random() < 0.3:
        body["user_id"] = f"golden-{index}"
    if given_as_of:
        body["as_of"] = as_of.isoformat()
    age = age_of(rng)
    if age is not None:
        body["age"] = age
    context = context_for(rng, starts, as_of, age)
    if context is not None:
        body["context"] = context
    if given_as_of and rng.random() < 0.005:
        body["as_of"] = (last - timedelta(days=2)).isoformat()  # dates after it: refused
    if not given_as_of and rng.random() < 0.02:
        # A context date after today, with as_of left out.
        later = {"emergency_contraception_date": (TODAY + timedelta(days=2)).isoformat()}
        body["context"] = {**(context or {}), **later}
    return body


def shorten(answer: str) -> str:
    """The answer kept with its forecast as a digest: the forecast's probabilities are most
    of an answer and compress badly (the whole answer's digest is kept beside it)."""
    if not answer.startswith("{"):
        return answer
    fields = json.loads(answer)
    if not fields.get("forecast"):
        return answer
    forecast = json.dumps(fields["forecast"], separators=(",", ":"))
    fields["forecast"] = f"{len(fields['forecast'])} entries, sha256 {digest(forecast)}"
    return json.dumps(fields, separators=(",", ":"))


def corpus(seed: int = SEED, count: int = COUNT) -> list[dict[str, Any]]:
    """`count` request bodies, the same for the same seed."""
    rng = random.Random(seed)
    return [request(rng, index) for index in range(count)]


def main() -> int:
    def make() -> Golden:
        return build(SPEC, VERSIONS, corpus, SEED, COUNT, TODAY, shorten)

    return record_main(__doc__ or "", GOLDEN, make)


if __name__ == "__main__":
    raise SystemExit(main())
