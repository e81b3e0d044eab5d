"""One request's history read once, in plain Python: the model's input row without numpy.

A history is a handful of numbers, and numpy's dispatch on arrays of 1 to 24 values (29
medians, means and a variance a request, each a few microseconds) was most of a cycle
answer's cost. These functions compute what features.history_features,
features.suspected_missed_logs and hierarchy.HistoryPrior.features compute, bit for bit:
the same medians, numpy's own summation order (pairwise, `np_sum`), and for log1p, the
powers of 0.5 and the slope the functions of exact.py, which training calls too (they
give the same bits on every CPU, where numpy's SIMD loops and LAPACK did not).
tests/cycle/test_history.py holds the two to each other on random histories, gap rule and
clipping included.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from fembalance_ml.cycle.exact import half_powers, line_slope, log1p_count
from fembalance_ml.cycle.features import (
    EWM_HALF_LIFE,
    LONG_RUN,
    MIN_CYCLES_FOR_MISSED_LOG,
    MISSED_LOG_MAX_RATIO,
    MISSED_LOG_RATIO,
    RECENT,
)
from fembalance_ml.cycle.gaps import GapRule
from fembalance_ml.cycle.hierarchy import (
    CLIP_ROBUST_SDS,
    LEVEL_CYCLES,
    MAD_TO_SD,
    MIN_MAD,
    SPREAD_CYCLES,
    HistoryPrior,
)

# numpy's pairwise summation: under 8 values one by one from -0.0, up to 128 in eight
# running sums, beyond that halves (numpy/_core/src/umath/loops_utils.h.src).
_PAIRWISE_BLOCK: Final = 128
# 0.5 ** (age / EWM_HALF_LIFE) for ages 0..LONG_RUN-1 (exact.py).
_WEIGHTS: Final[tuple[float, ...]] = half_powers(LONG_RUN, EWM_HALF_LIFE)
NAN: Final = math.nan


def np_sum(values: Sequence[float]) -> float:
    """`float(np.sum(np.array(values, dtype=float)))`: the same additions in the same order."""
    n = len(values)
    if n < 8:
        total = -0.0
        for value in values:
            total += value
        return total
    if n <= _PAIRWISE_BLOCK:
        r0, r1, r2, r3, r4, r5, r6, r7 = values[:8]
        i = 8
        end = n - n % 8
        while i < end:
            r0 += values[i]
            r1 += values[i + 1]
            r2 += values[i + 2]
            r3 += values[i + 3]
            r4 += values[i + 4]
            r5 += values[i + 5]
            r6 += values[i + 6]
            r7 += values[i + 7]
            i += 8
        total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        for value in values[i:]:
            total += value
        return total
    half = n // 2
    half -= half % 8
    return np_sum(values[:half]) + np_sum(values[half:])


def mean(values: Sequence[float]) -> float:
    """`np.mean` of a non-empty sequence."""
    return np_sum(values) / len(values)


def median(values: Sequence[float]) -> float:
    """`np.median` of a non-empty sequence without NaN (the middle pair's mean when even)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (-0.0 + ordered[middle - 1] + ordered[middle]) / 2


def variance(values: Sequence[float], ddof: int = 0) -> float:
    """`np.var(values, ddof=ddof)`: squared deviations from numpy's mean, summed as numpy does."""
    centre = mean(values)
    return np_sum([(v - centre) * (v - centre) for v in values]) / (len(values) - ddof)


def suspected_missed(values: Sequence[float]) -> list[bool]:
    """features.suspected_missed_logs: near twice the median of 3+ logged cycles."""
    if len(values) < MIN_CYCLES_FOR_MISSED_LOG:
        return [False] * len(values)
    usual = median(values)
    return [MISSED_LOG_RATIO <= v / usual <= MISSED_LOG_MAX_RATIO for v in values]


def cleaned(values: Sequence[float]) -> list[float]:
    """features.cleaned_lengths: the history without suspected missed logs, oldest first."""
    return [v for v, missed in zip(values, suspected_missed(values), strict=True) if not missed]


def read_gaps(rule: GapRule | None, lengths: Sequence[float]) -> list[float]:
    """gaps.read_history: very long cycles of a short history read as several cycles."""
    values = [float(v) for v in lengths]
    if rule is None or not values or len(values) > rule.max_cycles:
        return values
    limit = rule.ratio * rule.reference
    return [v / _cycles_in(rule, v) if v >= limit else v for v in values]


def _cycles_in(rule: GapRule, length: float) -> int:
    return max(2, math.floor(length / rule.reference + 0.5))


def _recency_weighted_mean(values: Sequence[float]) -> float:
    weights = _WEIGHTS[len(values) - 1 :: -1]
    return np_sum([w * v for w, v in zip(weights, values, strict=True)]) / np_sum(weights)


def history_row(raw: Sequence[float], clean: Sequence[float], age: float | None) -> list[float]:
    """features.history_features of a history (`clean`: its `cleaned` lengths)."""
    share_missed = 1.0 - len(clean) / len(raw) if raw else 0.0
    age_value = NAN if age is None else float(age)
    head = [log1p_count(len(raw)), share_missed]
    if not clean:
        return [*head, *([NAN] * 8), age_value]
    recent = clean[-RECENT:]
    median_recent = median(recent)
    return [
        *head,
        clean[-1],
        mean(clean[-3:]),
        median_recent,
        _recency_weighted_mean(clean[-LONG_RUN:]),
        median(clean[-LONG_RUN:]),
        median([abs(v - median_recent) for v in recent]),
        math.sqrt(variance(recent)),
        line_slope(recent),
        age_value,
    ]


def _robust(values: Sequence[float]) -> list[float]:
    """hierarchy.robust_history: cleaned, then clipped at 4 robust SDs of its median."""
    kept = cleaned(values)
    if len(kept) < 3:
        return kept
    centre = median(kept)
    spread = CLIP_ROBUST_SDS * MAD_TO_SD * max(median([abs(v - centre) for v in kept]), MIN_MAD)
    low, high = centre - spread, centre + spread
    return [min(max(v, low), high) for v in kept]


def pooled_row(prior: HistoryPrior, history: Sequence[float], age: float | None) -> list[float]:
    """HistoryPrior.features: posterior mean, predictive SD, weight and prior mean."""
    expected = prior.prior_mean(age)
    values = _robust(history[-SPREAD_CYCLES:])
    if not values:
        spread = math.sqrt(prior.within_variance + prior.between_variance)
        return [expected, spread, 0.0, expected]
    m = len(values)
    own = variance(values, ddof=1) if m >= 2 else 0.0
    pooled = (prior.variance_prior_weight * prior.within_variance + (m - 1) * own) / (
        prior.variance_prior_weight + m - 1
    )
    level = values[-LEVEL_CYCLES:]
    n = len(level)
    weight = n * prior.between_variance / (n * prior.between_variance + pooled)
    posterior = expected + weight * (mean(level) - expected)
    posterior_variance = 1.0 / (n / pooled + 1.0 / prior.between_variance)
    return [posterior, math.sqrt(pooled + posterior_variance), weight, expected]
