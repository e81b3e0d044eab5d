"""A partially pooled (empirical-Bayes) view of a woman's cycle length.

Each woman has her own mean length and her own cycle-to-cycle variance; both are drawn from
population distributions whose parameters are estimated from the training women:

- mean: normal around an age-dependent population mean (`mean_at_30 + age_slope * (age -
  30)`) with between-woman variance `between_variance`;
- variance: scaled inverse chi-square around the typical within-woman variance
  `within_variance`, worth `variance_prior_weight` cycles of evidence.

A history then gives a posterior for her current mean (the average of her last 6 cycles
shrunk toward the population one, the more the fewer and the noisier her cycles; only the
recent cycles, so a trend or a change is followed) and a predictive spread of the next cycle
(her shrunk variance over the last 24 cycles plus the uncertainty about her mean).
Suspected missed logs are left out and the rest is clipped at 4 robust standard
deviations, so one odd cycle moves neither.
These numbers are features of the boosted point and scale models, and the posterior mean is
the baseline the point model corrects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fembalance_ml.cycle.features import FloatArray, cleaned_lengths

POOLED_FEATURES = ("pooled_mean", "pooled_predictive_sd", "pooled_weight", "prior_mean")
REFERENCE_AGE = 30.0
CLIP_ROBUST_SDS = 4.0
MAD_TO_SD = 1.4826
MIN_MAD = 1.0
MIN_BETWEEN_VARIANCE = 1.0
MIN_VARIANCE_PRIOR_WEIGHT = 2.0
MIN_CYCLES_FOR_VARIANCE = 4
LEVEL_CYCLES = 6  # her level: the last 6 cycles, so a trend or a change is followed
SPREAD_CYCLES = 24  # her spread: the last 24


def robust_history(lengths: npt.ArrayLike) -> FloatArray:
    """The history without suspected missed logs, clipped at 4 robust SDs of its median."""
    values = cleaned_lengths(lengths)
    if values.size < 3:
        return values
    median = float(np.median(values))
    spread = CLIP_ROBUST_SDS * MAD_TO_SD * max(float(np.median(np.abs(values - median))), MIN_MAD)
    return np.asarray(np.clip(values, median - spread, median + spread), dtype=float)


@dataclass(frozen=True)
class HistoryPrior:
    """Population parameters of the partially pooled model (estimated by `fit_prior`)."""

    mean_at_30: float
    age_slope: float
    between_variance: float
    within_variance: float
    variance_prior_weight: float

    def prior_mean(self, age: float | None) -> float:
        """The population's mean cycle length at this age (at 30 when age is unknown)."""
        if age is None or np.isnan(age):
            return self.mean_at_30
        return self.mean_at_30 + self.age_slope * (float(age) - REFERENCE_AGE)

    def features(self, lengths: npt.ArrayLike, age: float | None) -> FloatArray:
        """Posterior mean, predictive SD, weight on her own cycles, and the prior mean."""
        prior = self.prior_mean(age)
        values = robust_history(np.asarray(lengths, dtype=float)[-SPREAD_CYCLES:])
        if values.size == 0:
            spread = float(np.sqrt(self.within_variance + self.between_variance))
            return np.array([prior, spread, 0.0, prior], dtype=float)
        m = values.size
        own_variance = float(np.var(values, ddof=1)) if m >= 2 else 0.0
        variance = (self.variance_prior_weight * self.within_variance + (m - 1) * own_variance) / (
            self.variance_prior_weight + m - 1
        )
        level = values[-LEVEL_CYCLES:]
        n = level.size
        weight = n * self.between_variance / (n * self.between_variance + variance)
        posterior = prior + weight * (float(np.mean(level)) - prior)
        posterior_variance = 1.0 / (n / variance + 1.0 / self.between_variance)
        spread = float(np.sqrt(variance + posterior_variance))
        return np.array([posterior, spread, weight, prior], dtype=float)


def fit_prior(sequences: Sequence[FloatArray], ages: Sequence[float]) -> HistoryPrior:
    """Moment estimates of the population parameters from whole training sequences.

    The age line is a least-squares fit of each sequence's mean weighted by its cycle count;
    the between-woman variance is what the spread of those means leaves once their sampling
    noise is taken off; the variance prior weight comes from how much the log variances of
    long sequences spread beyond what sampling alone would give.
    """
    means, variances, counts, seq_ages = [], [], [], []
    for lengths, age in zip(sequences, ages, strict=True):
        values = robust_history(lengths)
        if values.size == 0:
            continue
        means.append(float(np.mean(values)))
        variances.append(float(np.var(values, ddof=1)) if values.size >= 2 else np.nan)
        counts.append(float(values.size))
        seq_ages.append(float(age))
    mean_arr, var_arr = np.array(means), np.array(variances)
    n_arr, age_arr = np.array(counts), np.array(seq_ages)
    has_variance = ~np.isnan(var_arr)
    within = float(np.median(var_arr[has_variance]))

    long_enough = has_variance & (n_arr >= MIN_CYCLES_FOR_VARIANCE)
    log_variances = np.log(var_arr[long_enough] + 0.25)
    sampling = float(np.mean(2.0 / (n_arr[long_enough] - 1.0)))
    excess = max(float(np.var(log_variances)) - sampling, 0.05)
    prior_weight = max(MIN_VARIANCE_PRIOR_WEIGHT, 2.0 / excess)

    has_age = ~np.isnan(age_arr)
    design = np.column_stack([np.ones(int(has_age.sum())), age_arr[has_age] - REFERENCE_AGE])
    root_n = np.sqrt(n_arr[has_age])
    intercept, slope = np.linalg.lstsq(
        design * root_n[:, None], mean_arr[has_age] * root_n, rcond=None
    )[0]
    centre = np.where(
        has_age, intercept + slope * (np.nan_to_num(age_arr) - REFERENCE_AGE), intercept
    )
    noise = np.minimum(np.nan_to_num(var_arr, nan=within), 4.0 * within) / n_arr
    between = float(np.average((mean_arr - centre) ** 2, weights=n_arr))
    between -= float(np.average(noise, weights=n_arr))
    return HistoryPrior(
        mean_at_30=float(intercept),
        age_slope=float(slope),
        between_variance=max(between, MIN_BETWEEN_VARIANCE),
        within_variance=within,
        variance_prior_weight=float(prior_weight),
    )


def pooled_rows(
    prior: HistoryPrior, histories: Sequence[npt.ArrayLike], ages: npt.ArrayLike
) -> FloatArray:
    """`prior.features` for many histories, one row each (ages NaN where unknown)."""
    values = np.asarray(ages, dtype=float)
    rows = [
        prior.features(history, None if np.isnan(age) else float(age))
        for history, age in zip(histories, values, strict=True)
    ]
    return np.vstack(rows) if rows else np.zeros((0, len(POOLED_FEATURES)))
