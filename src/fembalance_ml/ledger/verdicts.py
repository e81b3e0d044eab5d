"""A/B verdicts from outcomes: error figures with bootstrap intervals, challenger vs control.

Pure functions over the outcomes of each arm (version, group). The loss compared is the
per-outcome error the model is judged by: absolute error in days (cycle) and the Brier
score (PCOS); lower is better. A challenger is `better` or `worse` only when the 95%
bootstrap interval (percentile method, Efron & Tibshirani 1993) of its mean loss minus the
control's excludes zero and both arms have at least MIN_OUTCOMES outcomes; otherwise
`no_difference_yet`, with the outcomes per arm a two-sample test would need to tell the
observed difference apart (alpha 0.05, power 0.8).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata

Verdict = Literal["better", "worse", "no_difference_yet"]
BOOTSTRAP_SAMPLES = 2000
# Below this, a bootstrap interval is too narrow to trust (it understates the spread).
MIN_OUTCOMES = 30
# (z_{1-alpha/2} + z_{power})^2 for alpha 0.05 two-sided, power 0.8.
SAMPLE_SIZE_FACTOR = (1.959964 + 0.841621) ** 2
SEED = 13


@dataclass(frozen=True)
class Figure:
    """A statistic and its 95% bootstrap interval (None when there are no outcomes)."""

    value: float | None
    ci95: tuple[float, float] | None


@dataclass
class Arm:
    """The outcomes of one served version in one experiment group."""

    version: str
    group: str | None
    predictions: int = 0
    losses: list[float] = field(default_factory=list)
    hits: list[bool] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    labels: list[bool] = field(default_factory=list)

    @property
    def outcomes(self) -> int:
        """Outcomes received for this arm."""
        return len(self.losses)


@dataclass(frozen=True)
class Comparison:
    """One challenger against the control."""

    challenger: Arm
    control: Arm
    difference: Figure
    verdict: Verdict
    outcomes_still_needed: int | None


def _rng() -> np.random.Generator:
    # Fixed seed: the same outcomes always give the same intervals and verdicts.
    return np.random.default_rng(SEED)


def _interval(estimates: NDArray[np.float64]) -> tuple[float, float] | None:
    estimates = estimates[~np.isnan(estimates)]
    if estimates.size == 0:
        return None
    low, high = np.percentile(estimates, [2.5, 97.5])
    return float(low), float(high)


def mean_figure(values: Sequence[float]) -> Figure:
    """The mean of `values` (MAE, coverage, Brier) and its 95% percentile bootstrap interval."""
    data = np.asarray(values, dtype=np.float64)
    if data.size == 0:
        return Figure(None, None)
    draws = _rng().integers(0, data.size, size=(BOOTSTRAP_SAMPLES, data.size))
    return Figure(float(data.mean()), _interval(data[draws].mean(axis=1)))


def auc(scores: NDArray[np.float64], labels: NDArray[np.bool_]) -> float:
    """Area under the ROC curve (Mann-Whitney U, ties count half); NaN without both classes."""
    positives = int(labels.sum())
    negatives = labels.size - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = rankdata(scores)
    u = float(ranks[labels].sum()) - positives * (positives + 1) / 2
    return u / (positives * negatives)


def auc_figure(scores: Sequence[float], labels: Sequence[bool]) -> Figure:
    """AUC of PCOS scores against the diagnoses, with a 95% bootstrap interval."""
    score = np.asarray(scores, dtype=np.float64)
    label = np.asarray(labels, dtype=np.bool_)
    value = auc(score, label) if score.size else float("nan")
    if np.isnan(value):
        return Figure(None, None)
    draws = _rng().integers(0, score.size, size=(BOOTSTRAP_SAMPLES, score.size))
    estimates = np.array([auc(score[row], label[row]) for row in draws])
    return Figure(value, _interval(estimates))


def difference(challenger: Sequence[float], control: Sequence[float]) -> Figure:
    """Mean loss of the challenger minus the control's, with a 95% bootstrap interval."""
    a = np.asarray(challenger, dtype=np.float64)
    b = np.asarray(control, dtype=np.float64)
    if a.size == 0 or b.size == 0:
        return Figure(None, None)
    rng = _rng()
    draws_a = a[rng.integers(0, a.size, size=(BOOTSTRAP_SAMPLES, a.size))].mean(axis=1)
    draws_b = b[rng.integers(0, b.size, size=(BOOTSTRAP_SAMPLES, b.size))].mean(axis=1)
    low, high = np.percentile(draws_a - draws_b, [2.5, 97.5])
    return Figure(float(a.mean() - b.mean()), (float(low), float(high)))


def outcomes_needed(challenger: Sequence[float], control: Sequence[float]) -> int | None:
    """Outcomes per arm to detect the observed difference; None when none is seen."""
    a = np.asarray(challenger, dtype=np.float64)
    b = np.asarray(control, dtype=np.float64)
    if a.size < 2 or b.size < 2:
        return None
    delta = abs(float(a.mean() - b.mean()))
    if delta == 0.0:
        return None
    variance = float(a.var(ddof=1) + b.var(ddof=1))
    return max(MIN_OUTCOMES, int(np.ceil(SAMPLE_SIZE_FACTOR * variance / delta**2)))


def compare(challenger: Arm, control: Arm) -> Comparison:
    """The verdict on a challenger, and how many more outcomes a decision would take."""
    diff = difference(challenger.losses, control.losses)
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
