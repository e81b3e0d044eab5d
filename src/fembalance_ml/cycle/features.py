"""History features for the next-cycle forecast, shared by training and serving.

A cycle about twice the woman's usual one may be a period that was not logged, so such
cycles are kept out of the level, spread and trend features (their share is a feature of
its own) instead of dragging the forecast. Only for the length estimate: the rules still
count every logged cycle for regularity and flags (see rules.py). Only with 3+ logged cycles,
whose median says what "usual" is, and only near twice it: a cycle three times the usual
length, or any long cycle in a short history, is taken as real.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fembalance_ml.cycle.exact import half_powers, line_slope, log1p_count

FloatArray = npt.NDArray[np.float64]

POPULATION_MEDIAN_LENGTH = 29.0
MISSED_LOG_RATIO = 1.6  # from this many times the usual length, a suspected missed log
MISSED_LOG_MAX_RATIO = 2.4  # up to this: "near twice" is 2 +- 0.4 times the usual length
MIN_CYCLES_FOR_MISSED_LOG = 3
RECENT = 6
LONG_RUN = 24
EWM_HALF_LIFE = 3.0
FEATURES = (
    "log_cycles_logged",
    "share_suspected_missed",
    "last_length",
    "mean_last_3",
    "median_last_6",
    "recency_weighted_mean",
    "median_last_24",
    "mad_last_6",
    "std_last_6",
    "slope_last_6",
    "age",
)


def suspected_missed_logs(lengths: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Mask of cycles near twice the median of 3+ logged cycles (for the length estimate only)."""
    values = np.asarray(lengths, dtype=float)
    if values.size < MIN_CYCLES_FOR_MISSED_LOG:
        # Too few cycles to know the usual length: a long cycle is taken as real.
        return np.zeros(values.size, dtype=bool)
    ratio = values / float(np.median(values))
    return np.asarray((ratio >= MISSED_LOG_RATIO) & (ratio <= MISSED_LOG_MAX_RATIO), dtype=bool)


def cleaned_lengths(lengths: npt.ArrayLike) -> FloatArray:
    """The history without suspected missed logs, oldest first."""
    values = np.asarray(lengths, dtype=float)
    return values[~suspected_missed_logs(values)]


def _recency_weighted_mean(values: FloatArray) -> float:
    """Mean with weights halving every EWM_HALF_LIFE cycles back in time."""
    weights = np.array(half_powers(values.size, EWM_HALF_LIFE)[::-1], dtype=float)
    return float(np.sum(weights * values) / np.sum(weights))


def history_features(lengths: npt.ArrayLike, age: float | None) -> FloatArray:
    """Feature vector (order of FEATURES) for a history of cycle lengths, oldest first."""
    raw = np.asarray(lengths, dtype=float)
    clean = cleaned_lengths(raw)
    share_missed = float(1.0 - clean.size / raw.size) if raw.size else 0.0
    age_value = np.nan if age is None else float(age)
    head = [log1p_count(raw.size), share_missed]
    if clean.size == 0:
        return np.array([*head, *([np.nan] * 8), age_value], dtype=float)
    recent = clean[-RECENT:]
    median_recent = float(np.median(recent))
    return np.array(
        [
            *head,
            float(clean[-1]),
            float(np.mean(clean[-3:])),
            median_recent,
            _recency_weighted_mean(clean[-LONG_RUN:]),
            float(np.median(clean[-LONG_RUN:])),
            float(np.median(np.abs(recent - median_recent))),
            float(np.std(recent)),
            line_slope(recent.tolist()),
            age_value,
        ],
        dtype=float,
    )


def baseline_length(features: FloatArray) -> float:
    """The level the model corrects: recent median blended with the recency-weighted mean."""
    median_recent = features[FEATURES.index("median_last_6")]
    weighted = features[FEATURES.index("recency_weighted_mean")]
    if np.isnan(median_recent):
        return POPULATION_MEDIAN_LENGTH
    return float(0.5 * median_recent + 0.5 * weighted)


def calendar_method(lengths: npt.ArrayLike) -> float:
    """The calendar method: mean of the last six cycles, missed logs and all."""
    values = np.asarray(lengths, dtype=float)
    if values.size == 0:
        return POPULATION_MEDIAN_LENGTH
    return float(np.mean(values[-RECENT:]))
