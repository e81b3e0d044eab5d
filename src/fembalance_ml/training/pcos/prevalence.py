"""The screening score's prior-shift correction: from the clinic sample to an app's users.

The Kerala cohort is a clinic sample: 142 of its 433 women (33%) have PCOS. The people who
answer the screening questions in a period-tracking app are closer to women of
reproductive age in general, of whom the 2023 guideline puts PCOS at 10-13%. A score
calibrated on the clinic overstates every absolute risk there.

If P(answers | PCOS) and P(answers | no PCOS) are the same in both populations (only the
share of women with PCOS differs: a prior shift), Bayes' rule gives the corrected score
exactly: logit(p') = logit(p) + logit(pi_target) - logit(pi_train). The shift is one
constant, so it goes into the logistic model's intercept: the coefficients, hence the
ranking (ROC AUC) and every contribution, stay what they were, and contributions plus the
new intercept still equal logit(risk_score).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.pipeline import Pipeline

from fembalance_ml.pcos.criteria import assess, criteria_met, is_adolescent
from fembalance_ml.pcos.features import SYMPTOMS
from fembalance_ml.pcos.levels import RiskLevel, floored_for_criteria, level_for, risk_level_for
from fembalance_ml.pcos.model import Thresholds
from fembalance_ml.pcos.schemas import PcosFeatures
from fembalance_ml.training.pcos.anchored import logit_of
from fembalance_ml.training.pcos.evaluation import choose_thresholds, mean_std
from fembalance_ml.training.pcos.transport import effective_sample_size, weighted_metrics

LEVELS: Final = ("Low", "Medium", "High")

TARGET_PREVALENCE: Final = 0.12
PREVALENCE_SOURCE: Final = (
    "Teede H.J. et al., Recommendations from the 2023 International Evidence-based "
    "Guideline for the Assessment and Management of Polycystic Ovary Syndrome (JCEM "
    "2023;108(10):2447-2469): PCOS affects 10-13% of women of reproductive age. 0.12 is "
    "inside that range, a little above its middle: people who open a PCOS check in a "
    "cycle app are not a clinic's referrals, but some come because of symptoms"
)

CLINICAL_NOT_SHIFTED: Final = (
    "not shifted: the clinical variant is chosen by lab or ultrasound results (AMH, FSH, LH, "
    "follicle counts), which come from a clinical work-up, usually for the cycle or "
    "androgen symptoms PCOS causes or for subfertility: the setting the Kerala sample was "
    "drawn from, not women in general. Moving it to 12% would understate the risk of the "
    "women most likely to have PCOS. Its levels do not depend on this choice (the cut-offs "
    "are set by sensitivity and specificity, which a shift does not change); its figures "
    "on the cohort reweighted to 12% are reported beside the clinic's."
)
PREVALENCE_METHOD: Final = (
    "Out-of-fold scores (the evaluation's repeated folds), before (v2.3.0's method: the "
    "screening score at the clinic's prevalence, the clinical one on raw follicle counts) "
    "and after (this version). Cohorts: clinic = the Kerala sample as it is; reweighted = "
    "the same rows importance-weighted to the target prevalence (cases pi_t/pi_s, controls "
    "(1-pi_t)/(1-pi_s)). Each model's cut-offs are derived from its own scores by the "
    "served rule. score_*: share of each level by the cut-offs alone; served_*: after the "
    "criteria rules computed from the variant's own inputs (before: v2.3.0's Medium floor; "
    "after: the floor, the cap and the no-signs rule). Mean and std over repeats."
)


def logit(p: float) -> float:
    """log(p / (1 - p)) of a probability strictly between 0 and 1."""
    return math.log(p / (1.0 - p))


def prior_shift(train_prevalence: float, target_prevalence: float) -> float:
    """The log-odds to add so that scores fitted at one prevalence fit the other."""
    return logit(target_prevalence) - logit(train_prevalence)


def shifted_scores(scores: np.ndarray, shift: float) -> np.ndarray:
    """Probabilities with `shift` added to their log-odds."""
    moved = logit_of(np.asarray(scores, dtype="float64")) + shift
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * moved)), dtype="float64")


class PriorShifted(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """An estimator whose scores are moved from its training prevalence to `target_prevalence`.

    The shift is measured on the rows each fit sees (a cross-validation fold's own
    prevalence), so cross-validated figures are those of the model that would be served.
    """

    def __init__(self, estimator: Any = None, target_prevalence: float = TARGET_PREVALENCE):
        self.estimator = estimator
        self.target_prevalence = target_prevalence

    def fit(self, matrix: np.ndarray, target: np.ndarray) -> PriorShifted:
        """Fit the wrapped estimator and measure the shift from these rows' prevalence."""
        target = np.asarray(target, dtype="int64")
        self.estimator_ = clone(self.estimator).fit(matrix, target)
        self.classes_ = np.array([0, 1])
        self.train_prevalence_ = float(target.mean())
        self.shift_ = prior_shift(self.train_prevalence_, self.target_prevalence)
        return self

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        """Columns P(no PCOS), P(PCOS) at the target prevalence."""
        score = shifted_scores(self.estimator_.predict_proba(matrix)[:, 1], self.shift_)
        return np.column_stack([1.0 - score, score])

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        """1 where P(PCOS) >= 0.5."""
        return (self.predict_proba(matrix)[:, 1] >= 0.5).astype("int64")

    def to_pipeline(self, matrix: np.ndarray, target: np.ndarray) -> Pipeline:
        """The wrapped model's pipeline with the shift added to its intercept."""
        pipeline: Pipeline = self.estimator_.to_pipeline(matrix, target)
        pipeline[-1].intercept_ = pipeline[-1].intercept_ + self.shift_
        return pipeline

    def summary(self) -> dict[str, Any]:
        """The correction as metadata states it."""
        return {
            "train_prevalence": round(self.train_prevalence_, 4),
            "target_prevalence": self.target_prevalence,
            "logit_shift": round(self.shift_, 4),
            "formula": "logit(p') = logit(p) + logit(target) - logit(train), in the intercept",
            "source": PREVALENCE_SOURCE,
        }


def importance_weights(
    target: np.ndarray, train_prevalence: float, target_prevalence: float
) -> np.ndarray:
    """Weights making the cohort's prevalence the target's: pi_t/pi_s for cases, else the
    complements' ratio; each class keeps its own mix of answers (a prior shift)."""
    cases = target_prevalence / train_prevalence
    controls = (1.0 - target_prevalence) / (1.0 - train_prevalence)
    return np.where(np.asarray(target) == 1, cases, controls).astype("float64")


def cohort_rows(frame: pd.DataFrame, features: Sequence[str]) -> list[PcosFeatures]:
    """Each patient's answers as a request would carry them, `features` only (the rest
    absent): what the criteria and the level rules see when the variant is served."""
    rows = []
    for record in frame[list(features)].to_dict(orient="records"):
        given: dict[str, Any] = {str(k): None if _missing(v) else v for k, v in record.items()}
        for name in SYMPTOMS:
            given[name] = bool(given[name])
        rows.append(PcosFeatures.model_construct(**given))
    return rows


def _missing(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def served_levels(
    scores: np.ndarray, thresholds: Thresholds, rows: Sequence[PcosFeatures], *, rules: bool
) -> list[RiskLevel]:
    """The level each row is answered with: the score's band, then the criteria rules
    (`rules`: v2.4.0's floor, cap and no-signs rule; else v2.3.0's floor alone)."""
    levels: list[RiskLevel] = []
    for score, features in zip(scores.tolist(), rows, strict=True):
        band = risk_level_for(score, thresholds)
        criteria = assess(features)
        met = criteria_met(criteria)
        if rules:
            levels.append(level_for(band, features, criteria, met, is_adolescent(features)))
        else:
            levels.append(floored_for_criteria(band, met))
    return levels


def level_shares(levels: Sequence[str], weights: np.ndarray) -> dict[str, float]:
    """Weighted share of each level."""
    names = np.asarray(levels)
    total = float(weights.sum())
    return {level: float(weights[names == level].sum()) / total for level in LEVELS}


def prevalence_figures(
    target: np.ndarray,
    oof: Mapping[str, np.ndarray],
    rows: Sequence[PcosFeatures],
    target_prevalence: float = TARGET_PREVALENCE,
) -> dict[str, Any]:
    """Calibration, ranking and level mix of each model, on the clinic sample and on the
    cohort reweighted to `target_prevalence`; mean and spread over the repeats.

    `oof` maps a name ("before", "after") to out-of-fold scores (repeats x rows). Each
    model's cut-offs are derived from its own scores by the served rule (sensitivity and
    specificity >= 0.95); "before" levels apply v2.3.0's level rule, the rest v2.4.0's.
    """
    train_prevalence = float(target.mean())
    cohorts = {
        "clinic": np.ones(len(target)),
        "reweighted": importance_weights(target, train_prevalence, target_prevalence),
    }
    figures: dict[str, Any] = {
        "train_prevalence": round(train_prevalence, 4),
        "target_prevalence": target_prevalence,
        "effective_sample_size": {
            name: round(effective_sample_size(w), 1) for name, w in cohorts.items()
        },
    }
    for name, scores in oof.items():
        repeats = scores.shape[0]
        thresholds, _ = choose_thresholds(np.tile(target, repeats), scores.ravel())
        per_cohort: dict[str, Any] = {"low": thresholds.low, "high": thresholds.high}
        for cohort, weights in cohorts.items():
            per_repeat = [
                _repeat_figures(target, s, weights, thresholds, rows, rules=name != "before")
                for s in scores
            ]
            per_cohort[cohort] = {
                key: mean_std([figures[key] for figures in per_repeat]) for key in per_repeat[0]
            }
        figures[name] = per_cohort
    return figures


def _repeat_figures(
    target: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray,
    thresholds: Thresholds,
    rows: Sequence[PcosFeatures],
    *,
    rules: bool,
) -> dict[str, float]:
    measured = weighted_metrics(target, scores, weights)
    figures = {k: measured[k] for k in ("roc_auc", "brier", "ece", "mean_score", "prevalence")}
    bands = [risk_level_for(s, thresholds) for s in scores.tolist()]
    for level, share in level_shares(bands, weights).items():
        figures[f"score_{level.lower()}"] = share
    served = served_levels(scores, thresholds, rows, rules=rules)
    for level, share in level_shares(served, weights).items():
        figures[f"served_{level.lower()}"] = share
    return figures
