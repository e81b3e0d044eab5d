"""Cycle model (issue 14): grouped CV under two history protocols, side by side.

The training command's folds (GroupKFold by woman, 5 folds x 2 repeats, same seeds) and
model; each cycle is predicted from earlier cycles only. What differs is what "earlier
cycles" means where a woman's cycle numbers skip (a gap in the export, 147 of them in
Menstural_cyclelength, none in FedCycle):

- segments: the history restarts after a gap (the training command's protocol);
- gaps: the history is every earlier logged cycle of the woman, the gap left out.

The model is trained on the examples of `--train` and scored on both protocols' test
examples, so the calendar method always sees the same history as the model. The two
example sets hold the same cycles in the same order; they differ only in the histories of
cycles after a gap (and so in which first cycles have any history at all).

    PYTHONPATH=src nice -n 10 .venv/bin/python scripts/cycle_experiments.py --train gaps
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from fembalance_ml.config import get_settings
from fembalance_ml.cycle.data import load_all
from fembalance_ml.cycle.evaluation import DATASETS, fold_figures, grouped_folds
from fembalance_ml.cycle.fitting import build_examples, fit_cycle_model
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
    """Print each protocol's fold-mean figures and the model / calendar MAE ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", choices=("segments", "gaps"), default="segments")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    started = time.monotonic()
    cycles = load_all(get_settings().data_dir)
    protocols = {
        "segments": build_examples(cycles),
        "gaps": build_examples(cycles, across_gaps=True),
    }
    segments, gaps = protocols["segments"], protocols["gaps"]
    if not (
        np.array_equal(segments.target, gaps.target)
        and np.array_equal(segments.woman_id, gaps.woman_id)
    ):
        raise AssertionError("the two protocols must hold the same cycles in the same order")
    training = protocols[args.train]
    per_fold: dict[str, list[dict[str, float]]] = {name: [] for name in protocols}
    for repeat in range(args.repeats):
        for train, test in grouped_folds(training.woman_id, OUTER_FOLDS, DEFAULT_SEED + repeat):
            model = fit_cycle_model(training.subset(train), DEFAULT_SEED)
            for name, examples in protocols.items():
                per_fold[name].append(fold_figures(model, examples.subset(test)))
    print(f"trained on the '{args.train}' protocol; {len(per_fold['gaps'])} folds")
    for name, folds in per_fold.items():
        means = {key: float(np.mean([fold[key] for fold in folds])) for key in folds[0]}
        print(f"\ntested on '{name}'")
        for key in KEYS:
            print(f"  {key:40s} {means[key]:.4f}")
        for dataset in DATASETS:
            ratio = means[f"{dataset}.model.mae"] / means[f"{dataset}.calendar.mae"]
            print(f"  {dataset + '.model / calendar MAE':40s} {ratio:.4f}")
    print(f"\n{time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
