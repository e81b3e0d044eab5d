"""Scratch experiments for the cycle model (issue 14): grouped 5x2 CV of model variants.

Each variant is a function that patches the module-level pieces it changes and returns an
undo callable; the CV is the training command's (folds grouped by woman, each cycle
predicted from earlier cycles only, every fitting step inside the training folds).

    PYTHONPATH=src nice -n 10 .venv/bin/python scripts/cycle_experiments.py VARIANT [--gaps]
"""

from __future__ import annotations

import argparse
import time

from fembalance_ml.config import get_settings
from fembalance_ml.cycle.data import load_all
from fembalance_ml.cycle.evaluation import cross_validate
from fembalance_ml.cycle.fitting import build_examples
from fembalance_ml.cycle.training import DEFAULT_SEED, OUTER_FOLDS, REPEATS

KEYS = (
    "fedcycle.model.mae",
    "fedcycle.calendar.mae",
    "menstrual.model.mae",
    "menstrual.calendar.mae",
    "fedcycle.interval.coverage",
    "menstrual.interval.coverage",
    "fedcycle.interval.mean_width_days",
    "menstrual.interval.mean_width_days",
    "ovulation.model.mae",
    "ovulation.minus_14.mae",
)


def main() -> None:
    """Run one variant's CV and print the figures that the targets are about."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--gaps", action="store_true", help="histories across segment gaps")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    started = time.monotonic()
    examples = build_examples(load_all(get_settings().data_dir), across_gaps=args.gaps)
    result = cross_validate(
        examples, n_folds=OUTER_FOLDS, repeats=args.repeats, seed=DEFAULT_SEED
    )
    figures = result["figures"]
    for key in KEYS:
        print(f"{key:40s} {figures[key]['mean']:.4f}")
    for name in ("fedcycle", "menstrual"):
        ratio = figures[f"{name}.model.mae"]["mean"] / figures[f"{name}.calendar.mae"]["mean"]
        print(f"{name}.model/calendar                   {ratio:.4f}")
    print(f"time {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
