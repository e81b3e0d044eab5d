"""Worker CPU of one typical symptoms item (3 cycles, 20 logs): process time and a profile.

    PYTHONPATH=src .venv/bin/python -m research.symptom_cost [--calls 2000] [--profile]
        [--version v1.3.0] [--dense | --body FILE] [--steps]

Times three steps over many calls with time.process_time: `predict` alone (the domain
work), request validation, and the answer's JSON encoding; `--steps` also times the parts
of `predict` one by one (each with its own timeline, as `predict` builds one); `--profile`
prints a cProfile top list of `predict`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fembalance_ml.api.answers import VersionedResult, answer_json
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.config import get_settings
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.symptoms.context_notes import screen_for
from fembalance_ml.symptoms.patterns import symptom_patterns
from fembalance_ml.symptoms.red_flag_rules import red_flags
from fembalance_ml.symptoms.schemas import SymptomRequest
from fembalance_ml.symptoms.service import predict
from fembalance_ml.symptoms.spec import SPEC
from fembalance_ml.symptoms.timeline import CycleTimeline

TODAY = date(2026, 6, 1)
SYMPTOMS = ("anxiety", "mood_swings", "anger_irritability", "cramps", "swelling_bloating")


def typical_body() -> dict[str, Any]:
    """3 onsets 28 days apart; 20 logs around the last two onsets (DRSP and physical)."""
    first = date(2026, 3, 2)
    onsets = [first + timedelta(days=28 * k) for k in range(3)]
    logs = []
    for k, offset in enumerate((-6, -4, -2, 4, 6, -5, -3, -1, 5, 8)):
        onset = onsets[1] if k < 5 else onsets[2]
        for j in range(2):
            symptom = SYMPTOMS[(k + j) % len(SYMPTOMS)]
            day = onset + timedelta(days=offset)
            logs.append({"date": day.isoformat(), "symptom": symptom, "severity": 2 + (k + j) % 4})
    return {
        "cycles": [{"start_date": o.isoformat()} for o in onsets],
        "logs": logs,
        "as_of": (onsets[2] + timedelta(days=10)).isoformat(),
    }


def dense_body() -> dict[str, Any]:
    """3 onsets; the 8 core mood items rated daily in both C-PASS windows (336 logs)."""
    first = date(2026, 3, 2)
    onsets = [first + timedelta(days=28 * k) for k in range(3)]
    items = ("depressed_blue", "hopelessness", "worthlessness_guilt", "anxiety", "mood_swings")
    items += ("rejection_sensitivity", "anger_irritability", "interpersonal_conflict")
    logs = [
        {
            "date": (onset + timedelta(days=offset)).isoformat(),
            "symptom": name,
            "severity": (4 + k % 3) if offset < 0 else 1 + k % 2,
        }
        for onset in onsets
        for offset in [*range(-7, 0), *range(3, 10)]
        for k, name in enumerate(items)
        if offset < 0 or onset != onsets[0]
    ]
    return {
        "cycles": [{"start_date": o.isoformat()} for o in onsets],
        "logs": logs,
        "as_of": (onsets[2] + timedelta(days=10)).isoformat(),
    }


def per_call(function: Callable[[], object], calls: int, repeats: int = 5) -> float:
    """Process time of one call in microseconds: the best of `repeats` means over `calls`.

    The best mean, as timeit advises: on a shared machine the others only add time.
    """
    function()
    means = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(calls):
            function()
        means.append((time.process_time() - start) / calls * 1e6)
    return min(means)


def report(
    steps: dict[str, Callable[[], object]],
    profiled: Callable[[], object] | None,
    *,
    calls: int,
    repeats: int,
    sort: str,
    top: int,
) -> None:
    """Print each step's process time per call; then a cProfile of `profiled`, if given."""
    for name, function in steps.items():
        cost = per_call(function, calls, repeats)
        print(f"{name:>9}: {cost:8.1f} us per item (process time)")
    if profiled is not None:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            profiled()
        profiler.disable()
        pstats.Stats(profiler).sort_stats(sort).print_stats(top)


def parts(model: Any, request: SymptomRequest) -> dict[str, Callable[[], object]]:
    """The steps of `predict`, each callable alone (a fresh timeline each, as in `predict`)."""
    as_of = request.as_of or TODAY
    situation = Situation.of(as_of=as_of, age=request.age, context=request.context)

    def timeline() -> CycleTimeline:
        return CycleTimeline.from_starts(
            [cycle.start_date for cycle in request.cycles],
            [cycle.period_length_days for cycle in request.cycles],
        )

    def screen() -> object:
        built = timeline()  # as `predict` calls it: the screen reads the timeline's windows
        return screen_for(situation, built.starts, request.logs, built)

    return {
        "timeline": timeline,
        "screen": screen,
        "patterns": lambda: symptom_patterns(request.logs, timeline()),
        "red_flags": lambda: red_flags(request.cycles, request.logs, situation, timeline()),
        "forecast": lambda: model.forecast(timeline(), request.logs, as_of),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5, help="best mean of this many runs")
    parser.add_argument("--version", default="latest")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="tottime", help="cProfile order: tottime, cumulative")
    parser.add_argument("--dense", action="store_true", help="336 logs, C-PASS evaluable")
    parser.add_argument("--steps", action="store_true", help="also time the parts of predict")
    parser.add_argument("--body", type=Path, help="a request body (JSON) instead of the typical")
    args = parser.parse_args()
    loaded = load_verified(get_settings().models.path / "symptom_analysis", args.version)
    model = loaded.model
    body = dense_body() if args.dense else typical_body()
    if args.body is not None:  # e.g. make bench's: bench/.work/bodies/symptoms.json
        body = json.loads(args.body.read_text())
    request = SymptomRequest.model_validate(body)
    answer = predict(model, request, today=TODAY)
    print(
        f"version {loaded.version}: {len(body['logs'])} logs, {len(body['cycles'])} cycles, "
        f"{len(answer.forecast)} forecast entries, screen {answer.pmdd_screen.result}"
    )
    steps: dict[str, Callable[[], object]] = {
        "validate": lambda: SymptomRequest.model_validate(body),
        "predict": lambda: predict(model, request, today=TODAY),
        # The public answer's JSON: the result's, then the envelope the service adds.
        "encode": lambda: answer_json(SPEC, VersionedResult(answer, loaded.version)),
    }
    if args.steps:
        steps |= {f"  {name}": function for name, function in parts(model, request).items()}
    profiled = steps["predict"] if args.profile else None
    report(steps, profiled, calls=args.calls, repeats=args.repeats, sort=args.sort, top=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
