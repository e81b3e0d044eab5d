"""What the next-cycle error is made of: skipped logs, short histories and the noise floor.

On the training command's grouped folds (5 folds x 2 repeats, each cycle predicted from
earlier cycles of its sequence only) this scores, per data set and per history length:

- the calendar method (mean of the last 6 cycles, as in the model card);
- the partially pooled posterior mean alone (hierarchy.py; prior fitted on the training
  women of each fold), i.e. the model without its boosted correction;
- a leaky floor no forecast can reach: the median of all the woman's cycles in the
  sequence, the predicted one included (its MAE is roughly the cycle-to-cycle noise).

It also gives the share of each method's absolute error that comes from target cycles
1.6x or more the median of the history (a period that was probably not logged, which no
history can foresee). Runs in about a minute (no boosted models are fitted).

    PYTHONPATH=src .venv/bin/python research/cycle_error_breakdown.py
"""

from __future__ import annotations

import numpy as np

from fembalance_ml.config import get_settings
from fembalance_ml.cycle.hierarchy import fit_prior, pooled_rows
from fembalance_ml.training.cycle.data import load_all
from fembalance_ml.training.cycle.evaluation import DATASETS, grouped_folds
from fembalance_ml.training.cycle.fitting import build_examples, whole_sequences
from fembalance_ml.training.cycle.train import DEFAULT_SEED, OUTER_FOLDS, REPEATS

BUCKETS = ((1, 1), (2, 3), (4, 6), (7, 12), (13, 1000))
SKIPPED_RATIO = 1.6


def main() -> None:
    """Print the breakdown tables."""
    examples = build_examples(load_all(get_settings().models.data_dir))
    pooled = np.full(examples.target.size, np.nan)
    counts = np.zeros(examples.target.size)
    for repeat in range(REPEATS):
        for train, test in grouped_folds(examples.woman_id, OUTER_FOLDS, DEFAULT_SEED + repeat):
            part = examples.subset(train)
            prior = fit_prior(*whole_sequences(part.subset(part.has_history)))
            rows = pooled_rows(prior, list(examples.history[test]), examples.age[test])[:, 0]
            pooled[test] = np.nan_to_num(pooled[test]) * counts[test] + rows
            counts[test] += 1
            pooled[test] /= counts[test]
    # The leaky floor: the median of the whole sequence, the predicted cycle included.
    full: dict[str, np.ndarray] = {}
    for history, target, key in zip(
        examples.history, examples.target, examples.sequence, strict=True
    ):
        run = np.append(history, target)
        if key not in full or run.size > full[key].size:
            full[key] = run
    floor = np.array([np.median(full[key]) for key in examples.sequence])
    n_history = np.array([h.size for h in examples.history])
    for name in DATASETS:
        rows = examples.has_history & (examples.dataset == name)
        y = examples.target[rows]
        ratio = y / np.array([np.median(h) for h in examples.history[rows]])
        skipped = ratio >= SKIPPED_RATIO
        errors = {
            "calendar": np.abs(np.floor(examples.calendar[rows] + 0.5) - y),
            "pooled mean": np.abs(np.floor(pooled[rows] + 0.5) - y),
            "leaky floor": np.abs(np.floor(floor[rows] + 0.5) - y),
        }
        print(f"\n{name}: {rows.sum()} forecasts, {skipped.mean():.3f} of targets >= 1.6x")
        print("method        MAE    MAE w/o skipped  share of error from skipped")
        for method, error in errors.items():
            print(
                f"{method:12s} {error.mean():.3f}  {error[~skipped].mean():.3f}"
                f"            {error[skipped].sum() / error.sum():.3f}"
            )
        print("history  n     " + "  ".join(f"{m:>11s}" for m in errors))
        for low, high in BUCKETS:
            bucket = (n_history[rows] >= low) & (n_history[rows] <= high)
            if bucket.any():
                cells = "  ".join(f"{e[bucket].mean():11.3f}" for e in errors.values())
                print(f"{low:>3d}-{min(high, 99):<3d} {bucket.sum():5d}  {cells}")


if __name__ == "__main__":
    main()
