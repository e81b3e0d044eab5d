"""Worker CPU of one typical cycle item (7 starts, age, a context): process time and a profile.

    PYTHONPATH=src .venv/bin/python -m research.cycle_cost [--calls 2000] [--profile]
        [--version v1.5.0] [--long]

Times three steps over many calls with time.process_time: `predict` alone (the domain
work, with the kernels the service installs), request validation, and the answer's JSON
encoding; `--long` logs 24 cycles instead of 6; `--profile` prints a cProfile top list
of `predict`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fembalance_ml.api.answers import VersionedResult, answer_json
from fembalance_ml.config import get_settings
from fembalance_ml.cycle.schemas import CycleRequest
from fembalance_ml.cycle.service import predict
from fembalance_ml.cycle.spec import SPEC
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.serving.backends import compile_model, select_backend
from research.symptom_cost import report

TODAY = date(2026, 6, 1)
LENGTHS = (28, 30, 27, 29, 31, 28, 26, 29, 33, 28, 27, 30)


def typical_body(cycles: int = 6) -> dict[str, Any]:
    """`cycles` cycles of 26-33 days ending 12 days before as_of; age 29; a context."""
    as_of = date(2026, 3, 1)
    starts = [as_of - timedelta(days=12)]
    for k in range(cycles):
        starts.insert(0, starts[0] - timedelta(days=LENGTHS[k % len(LENGTHS)]))
    return {
        "as_of": as_of.isoformat(),
        "age": 29,
        "horizon_cycles": 3,
        "context": {"pregnancy": "not_pregnant", "contraception": "none", "age_at_menarche": 13},
        "cycles": [{"start_date": s.isoformat(), "period_length_days": 5} for s in starts],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5, help="best mean of this many runs")
    parser.add_argument("--version", default="latest")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="tottime", help="cProfile order: tottime, cumulative")
    parser.add_argument("--long", action="store_true", help="24 cycles instead of 6")
    args = parser.parse_args()
    loaded = load_verified(get_settings().models.path / "cycle_prediction", args.version)
    model = loaded.model
    compile_model(model, select_backend(), label=f"cycle/{loaded.version}")
    body = typical_body(24 if args.long else 6)
    request = CycleRequest.model_validate(body)
    answer = predict(model, request, today=TODAY)
    print(
        f"version {loaded.version}: {len(body['cycles'])} starts, "
        f"next {answer.predicted_start_date}, {len(answer.flags)} flags"
    )
    steps: dict[str, Callable[[], object]] = {
        "validate": lambda: CycleRequest.model_validate(body),
        "predict": lambda: predict(model, request, today=TODAY),
        # The public answer's JSON: the result's, then the envelope the service adds.
        "encode": lambda: answer_json(SPEC, VersionedResult(answer, loaded.version)),
    }
    profiled = steps["predict"] if args.profile else None
    report(steps, profiled, calls=args.calls, repeats=args.repeats, sort=args.sort, top=25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
