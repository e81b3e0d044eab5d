"""A/B verdicts from outcomes: error figures with bootstrap intervals, challenger vs control.

Pure functions over the outcomes of each arm (version, group). The loss compared is the
per-outcome error the model's spec declares (`OutcomeSpec.loss`: absolute error in days
for cycle, the Brier score for PCOS); lower is better. A challenger is `better` or
`worse` only when the 95% bootstrap interval (percentile method, Efron & Tibshirani
1993) of its mean loss minus the control's excludes zero and both arms have at least
MIN_OUTCOMES outcomes; otherwise
`no_difference_yet`, with the outcomes per arm a two-sample test would need to tell the
observed difference apart (alpha 0.05, power 0.8).

Each figure's value is over every outcome of the arm (the database sums them); its
interval comes from ledger/bootstrap.py, whose memory and time are bounded whatever the
number of outcomes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata

from fembalance_ml.ledger.bootstrap import (
    BOOTSTRAP_SAMPLES,
    Floats,
    RankedScores,
    percentile_interval,
    resampled,
    rng,
    to_full,
    weighted_mean,
)

Verdict = Literal["better", "worse", "no_difference_yet"]
__all__ = ["BOOTSTRAP_SAMPLES", "Arm", "Comparison", "Figure", "Moments", "Sample"]
# Below this, a bootstrap interval is too narrow to trust (it understates the spread).
MIN_OUTCOMES = 30
# (z_{1-alpha/2} + z_{power})^2 for alpha 0.05 two-sided, power 0.8.
SAMPLE_SIZE_FACTOR = (1.959964 + 0.841621) ** 2
_NONE = np.zeros(0)


@dataclass(frozen=True)
class Figure:
    """A statistic and its 95% bootstrap interval (None when there are no outcomes)."""

    value: float | None
    ci95: tuple[float, float] | None


@dataclass(frozen=True)
class Moments:
    """Count, sum and sum of squares of one figure over every outcome of an arm."""

    count: int = 0
    total: float = 0.0
    squares: float = 0.0

    @property
    def mean(self) -> float | None:
        """The mean, or None without outcomes."""
        return self.total / self.count if self.count else None

    @property
    def variance(self) -> float:
        """The sample variance (n - 1); 0 below two outcomes."""
        if self.count < 2:
            return 0.0
        return max(0.0, (self.squares - self.total**2 / self.count) / (self.count - 1))


@dataclass(frozen=True)
class Sample:
    """The outcomes of an arm the bootstrap resamples: all of them, or a uniform sample.

    `scores` and `labels` (PCOS) are sorted by score.
    """

    losses: Floats = field(default_factory=lambda: _NONE)
    hits: Floats = field(default_factory=lambda: _NONE)
    scores: Floats = field(default_factory=lambda: _NONE)
    labels: NDArray[np.bool_] = field(default_factory=lambda: _NONE.astype(bool))


@dataclass
class Arm:
    """The outcomes of one served version in one experiment group."""

    version: str
    group: str | None
    predictions: int = 0
    losses: Moments = Moments()
    hits: Moments = Moments()
    # PCOS: the AUC over every outcome (None without both classes).
    auc: float | None = None
    sample: Sample = field(default_factory=Sample)

    @property
    def outcomes(self) -> int:
        """Outcomes received for this arm."""
        return self.losses.count


@dataclass(frozen=True)
class Comparison:
    """One challenger against the control."""

    challenger: Arm
    control: Arm
    difference: Figure
    verdict: Verdict
    outcomes_still_needed: int | None


def _resampled_means(
    generator: np.random.Generator, everything: Moments, sample: Floats
) -> Floats | None:
    """Bootstrap means of one arm's figure, moved to all its outcomes; None without any."""
    if everything.mean is None or sample.size == 0:
        return None
    estimates = resampled(generator, sample.size, weighted_mean(sample))
    return to_full(estimates, float(sample.mean()), everything.mean, sample.size, everything.count)


def mean_figure(everything: Moments, sample: Floats) -> Figure:
    """The mean (MAE, coverage, Brier) over every outcome, with its 95% bootstrap interval."""
    estimates = _resampled_means(rng(), everything, sample)
    if estimates is None:
        return Figure(None, None)
    return Figure(everything.mean, percentile_interval(estimates))


def auc(scores: NDArray[np.float64], labels: NDArray[np.bool_]) -> float:
    """Area under the ROC curve (Mann-Whitney U, ties count half); NaN without both classes."""
    positives = int(labels.sum())
    negatives = labels.size - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = rankdata(scores)
    u = float(ranks[labels].sum()) - positives * (positives + 1) / 2
    return u / (positives * negatives)


def auc_figure(arm: Arm) -> Figure:
    """AUC of PCOS scores against the diagnoses, with a 95% bootstrap interval."""
    sample = arm.sample
    if arm.auc is None or sample.scores.size == 0:
        return Figure(None, None)
    ranked = RankedScores.of(sample.scores, sample.labels)
    on_sample = float(ranked.auc(np.ones((1, sample.scores.size), dtype=np.int64))[0])
    if np.isnan(on_sample):
        return Figure(arm.auc, None)
    estimates = resampled(rng(), sample.scores.size, ranked.auc)
    moved = to_full(estimates, on_sample, arm.auc, sample.scores.size, arm.outcomes)
    return Figure(arm.auc, percentile_interval(moved))


def difference(challenger: Arm, control: Arm) -> Figure:
    """Mean loss of the challenger minus the control's, with a 95% bootstrap interval."""
    generator = rng()
    a = _resampled_means(generator, challenger.losses, challenger.sample.losses)
    b = _resampled_means(generator, control.losses, control.sample.losses)
    if a is None or b is None or challenger.losses.mean is None or control.losses.mean is None:
        return Figure(None, None)
    return Figure(challenger.losses.mean - control.losses.mean, percentile_interval(a - b))


def outcomes_needed(challenger: Moments, control: Moments) -> int | None:
    """Outcomes per arm to detect the observed difference; None when none is seen."""
    if challenger.count < 2 or control.count < 2:
        return None
    delta = abs(float(challenger.mean or 0.0) - float(control.mean or 0.0))
    if delta == 0.0:
        return None
    variance = challenger.variance + control.variance
    return max(MIN_OUTCOMES, int(np.ceil(SAMPLE_SIZE_FACTOR * variance / delta**2)))


def compare(challenger: Arm, control: Arm) -> Comparison:
    """The verdict on a challenger, and how many more outcomes a decision would take."""
    diff = difference(challenger, control)
    enough = min(challenger.outcomes, control.outcomes) >= MIN_OUTCOMES
    verdict: Verdict = "no_difference_yet"
    if enough and diff.ci95 is not None:
        if diff.ci95[1] < 0:
            verdict = "better"
        elif diff.ci95[0] > 0:
            verdict = "worse"
    if verdict != "no_difference_yet":
        still: int | None = 0
    else:
        needed = outcomes_needed(challenger.losses, control.losses)
        still = None
        if needed is not None:
            still = max(0, needed - challenger.outcomes) + max(0, needed - control.outcomes)
            # The observed difference is just short of significance: at least one more each.
            still = still or 2
    return Comparison(challenger, control, diff, verdict, still)


def comparisons(arms: Sequence[Arm], control_group: str = "control") -> list[Comparison]:
    """Every other arm against the control group's arm (none outside an A/B test)."""
    controls = [arm for arm in arms if arm.group == control_group]
    if not controls:
        return []
    control = max(controls, key=lambda arm: arm.outcomes)
    return [compare(arm, control) for arm in arms if arm is not control]
