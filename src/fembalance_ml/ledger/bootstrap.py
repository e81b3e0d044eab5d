"""Bootstrap intervals whose memory and time do not grow with the number of outcomes.

The percentile bootstrap (Efron & Tibshirani 1993) resamples an arm's outcomes with
replacement BOOTSTRAP_SAMPLES times. Drawing every resample at once takes
BOOTSTRAP_SAMPLES x n indices (1.5 GB at n = 100,000); here they are drawn a block of
resamples at a time, each block at most BLOCK_VALUES numbers, and a resample is held as
the count of each outcome in it, which gives the mean and the AUC alike.

An arm holds at most SAMPLE_CAP outcomes for the bootstrap (ledger/experiment_report.py picks a
uniform sample of that many when it has more). Above the cap, the intervals are those of
the m-out-of-n bootstrap (Bickel, Götze & van Zwet 1997): the spread of the statistic over
resamples of the m sampled outcomes, scaled by sqrt(m / n) to the arm's n outcomes and
centred on the statistic over all n (the mean and the AUC converge at the root-n rate).
At or below the cap, m = n and this is the plain percentile bootstrap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

BOOTSTRAP_SAMPLES = 2000
# Most outcomes of one arm resampled; above it, a uniform sample of this many.
SAMPLE_CAP = 5000
# Most numbers in one block of resamples (resamples x outcomes): about 2 MB of int64.
BLOCK_VALUES = 250_000
SEED = 13

Floats = NDArray[np.float64]
Counts = NDArray[np.int64]


def rng() -> np.random.Generator:
    """Fixed seed: the same outcomes always give the same intervals and verdicts."""
    return np.random.default_rng(SEED)


def count_blocks(generator: np.random.Generator, size: int) -> Iterator[Counts]:
    """BOOTSTRAP_SAMPLES resamples of `size` outcomes, as blocks of counts (resample x outcome).

    Row r of a block says how often each outcome was drawn into resample r.
    """
    per_block = max(1, BLOCK_VALUES // max(1, size))
    done = 0
    while done < BOOTSTRAP_SAMPLES:
        rows = min(per_block, BOOTSTRAP_SAMPLES - done)
        drawn = generator.integers(0, size, size=(rows, size))
        drawn += np.arange(rows, dtype=np.int64)[:, None] * size
        yield np.bincount(drawn.ravel(), minlength=rows * size).reshape(rows, size)
        done += rows


def resampled(
    generator: np.random.Generator, size: int, statistic: Callable[[Counts], Floats]
) -> Floats:
    """`statistic` of every resample (a vector over the rows of each block of counts)."""
    return np.concatenate([statistic(block) for block in count_blocks(generator, size)])


def weighted_mean(values: Floats) -> Callable[[Counts], Floats]:
    """The mean of `values` in each resample."""
    return lambda counts: (counts @ values) / values.size


@dataclass(frozen=True)
class RankedScores:
    """Labels in the order of their scores, and where each run of tied scores starts.

    Resample counts index this sorted order (resampling does not care about order).
    """

    positive: NDArray[np.bool_]
    tie_starts: NDArray[np.intp]

    @classmethod
    def of(cls, scores: Floats, labels: NDArray[np.bool_]) -> RankedScores:
        order = np.argsort(scores, kind="stable")
        ranked = scores[order]
        starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
        return cls(labels[order], starts)

    def auc(self, counts: Counts) -> Floats:
        """AUC (Mann-Whitney U, ties count half) of each resample; NaN without both classes."""
        positives = np.add.reduceat(counts * self.positive, self.tie_starts, axis=1)
        negatives = np.add.reduceat(counts * ~self.positive, self.tie_starts, axis=1)
        below = np.cumsum(negatives, axis=1) - negatives
        pairs = positives.sum(axis=1) * negatives.sum(axis=1)
        wins = (positives * (below + 0.5 * negatives)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(pairs > 0, wins / np.maximum(pairs, 1), np.nan)


def percentile_interval(estimates: Floats) -> tuple[float, float] | None:
    """The 2.5th and 97.5th percentiles of the defined estimates, or None."""
    estimates = estimates[~np.isnan(estimates)]
    if estimates.size == 0:
        return None
    low, high = np.percentile(estimates, [2.5, 97.5])
    return float(low), float(high)


def to_full(estimates: Floats, on_sample: float, on_all: float, sampled: int, total: int) -> Floats:
    """Resample estimates of a sample of `sampled` outcomes moved to all `total` of them.

    The m-out-of-n rescaling: deviations from the sample's own statistic shrink by
    sqrt(m / n) and are centred on the statistic over every outcome. The identity when
    the sample is all of them.
    """
    if sampled >= total:
        return estimates
    moved: Floats = on_all + np.sqrt(sampled / total) * (estimates - on_sample)
    return moved
