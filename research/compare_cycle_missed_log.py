"""Same-rows check of the cycle model's missed-log rule: v1.3.0's rule against v1.4.0's.

The v1.4.0 rule (features.suspected_missed_logs: 3+ cycles, 1.6-2.4x their median) gives
more examples a usable history than v1.3.0's (1.6x, population median under 3 cycles), so
the training command's figures are computed on more, harder rows. This fits both rules on
the same grouped folds and scores both on the same rows: those with history under the old
rule (v1.3.0's rows) and under the new one.

    PYTHONPATH=src .venv/bin/python research/compare_cycle_missed_log.py [repeats]
"""

from __future__ import annotations

import sys

import numpy as np
import numpy.typing as npt

from fembalance_ml.config import get_settings
from fembalance_ml.cycle import features
from fembalance_ml.training.cycle.data import load_all
from fembalance_ml.training.cycle.evaluation import fold_figures, grouped_folds
from fembalance_ml.training.cycle.fitting import Examples, build_examples, fit_cycle_model
from fembalance_ml.training.cycle.train import DEFAULT_SEED, OUTER_FOLDS

NEW_RULE = features.suspected_missed_logs
KEYS = (
    "fedcycle.model.mae",
    "fedcycle.model.within_2_days",
    "fedcycle.interval.coverage",
    "fedcycle.interval.mean_width_days",
    "menstrual.model.mae",
    "menstrual.model.within_2_days",
    "menstrual.interval.coverage",
    "menstrual.interval.mean_width_days",
    "menstrual.calendar.mae",
    "ovulation.model.mae",
)


def old_rule(lengths: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """v1.3.0: 1.6x the median of 3+ cycles, or of the population median (29) below that."""
    values = np.asarray(lengths, dtype=float)
    if values.size == 0:
        return np.zeros(0, dtype=bool)
    usual = float(np.median(values)) if values.size >= 3 else 29.0
    return np.asarray(values >= 1.6 * usual, dtype=bool)


def scored_on(examples: Examples, rows: np.ndarray) -> Examples:
    """A copy of `examples` whose scored rows (has_history) are `rows`."""
    copy = examples.subset(np.ones(examples.target.size, dtype=bool))
    copy.has_history = rows.copy()
    return copy


def main(repeats: int) -> None:
    """Print each figure for both rules on both row sets, mean over folds."""
    cycles = load_all(get_settings().models.data_dir)
    features.suspected_missed_logs = old_rule
    old_examples = build_examples(cycles)
    features.suspected_missed_logs = NEW_RULE
    new_examples = build_examples(cycles)
    row_sets = {"old_rows": old_examples.has_history, "new_rows": new_examples.has_history}
    print({name: int(rows.sum()) for name, rows in row_sets.items()})
    results: dict[str, list[dict[str, float]]] = {}
    for repeat in range(repeats):
        for train, test in grouped_folds(new_examples.woman_id, OUTER_FOLDS, DEFAULT_SEED + repeat):
            for name, rule, examples in (
                ("old", old_rule, old_examples),
                ("new", NEW_RULE, new_examples),
            ):
                features.suspected_missed_logs = rule
                model = fit_cycle_model(examples.subset(train), DEFAULT_SEED)
                for rows_name, rows in row_sets.items():
                    figures = fold_figures(model, scored_on(examples.subset(test), rows[test]))
                    results.setdefault(f"{name}@{rows_name}", []).append(figures)
            features.suspected_missed_logs = NEW_RULE
    for key in KEYS:
        cells = (f"{name} {np.mean([f[key] for f in res]):.3f}" for name, res in results.items())
        print(f"{key:36s}", "  ".join(cells))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
