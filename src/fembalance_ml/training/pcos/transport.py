"""Transport checks: how a PCOS score would fare in a population unlike the Kerala cohort.

No second cohort is at hand, so three kinds of shift are simulated on this one, all on
out-of-fold scores (the model never scores a row it was fitted on):

* **feature groups that mean something else**: at scoring time a group of answers is
  withheld (imputed, as the service does for a missing answer), *nullified* (the group's
  rows shuffled together, so it keeps its base rates but says nothing about PCOS) or
  *reversed* (binary answers flipped, measures mirrored about the training mean: a
  population where the group points the other way, as when women already diagnosed have
  been told to exercise and lose weight);
* **other BMI and age mixes**: the cohort importance-weighted to a shifted BMI or age
  distribution (density ratio of normals), P(PCOS | answers) held fixed;
* **other symptom prevalences**: each class importance-weighted (raking) so its symptom
  prevalences match a published PCOS cohort's, everything else as in Kerala.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold

from fembalance_ml.pcos.features import LIFESTYLE, SCREENING_MEASURES, SYMPTOMS
from fembalance_ml.training.pcos.anchored import logit_of

GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "anthropometric": SCREENING_MEASURES,
    "lifestyle": LIFESTYLE,
}
"""The screening answers outside the symptoms, by how they are expected to shift."""
SHIFTS: Final = ("withheld", "nullified", "reversed")
BINARY: Final = frozenset({*SYMPTOMS, *LIFESTYLE})
IN_COHORT: Final = "in_cohort"


@dataclass(frozen=True)
class PublishedCohort:
    """Symptom prevalences of a published PCOS cohort, with the source they come from."""

    name: str
    source: str
    pcos: Mapping[str, float]
    controls: Mapping[str, float]


PUBLISHED_COHORTS: Final = (
    PublishedCohort(
        name="alexandria_egypt",
        source=(
            "Cutaneous manifestations in patients with polycystic ovary syndrome: their "
            "prevalence and correlation with hormonal and metabolic parameters, Zagazig "
            "University Medical Journal (https://zumj.journals.ekb.eg/article_456335.html): "
            "53 PCOS patients and 50 non-PCOS controls, Alexandria, Egypt"
        ),
        pcos={
            "excess_hair_growth": 0.49,
            "hair_loss": 0.453,
            "acne": 0.396,
            "dark_skin_patches": 0.32,
        },
        controls={
            "excess_hair_growth": 0.10,
            "hair_loss": 0.12,
            "acne": 0.16,
            "dark_skin_patches": 0.12,
        },
    ),
    PublishedCohort(
        name="kashmir_india",
        source=(
            "Cutaneous manifestations of polycystic ovary syndrome: a cross-sectional "
            "clinical study, Indian Dermatol Online J 2017;8(2):104-110 (PMID 28405549): "
            "100 women with PCOS"
        ),
        pcos={
            "excess_hair_growth": 0.78,
            "acne": 0.48,
            "hair_loss": 0.31,
            "dark_skin_patches": 0.30,
        },
        controls={},
    ),
    PublishedCohort(
        name="cairo_egypt_rotterdam",
        source=(
            "Mohammed Mostafa H., Ragab N.F., Mohammed G.F., Prevalence of cutaneous "
            "disorders in patients with polycystic ovary syndrome, Open J Obstet Gynecol "
            "2020 (doi:10.4236/ojog.2020.1090116): 134 women with PCOS by the Rotterdam "
            "criteria"
        ),
        pcos={
            "excess_hair_growth": 0.93,
            "acne": 0.492,
            "dark_skin_patches": 0.537,
            "hair_loss": 0.358,
        },
        controls={},
    ),
    PublishedCohort(
        name="bengaluru_india_rotterdam",
        source=(
            "Showri R., Rajini T., RGUHS J Med Sci 2022;12(3):130-136 "
            "(doi:10.26463/rjms.12_3_5): 90 women with PCOS by the Rotterdam criteria; "
            "oligomenorrhoea 56.6% plus secondary amenorrhoea 15.5% counted as irregular"
        ),
        pcos={"irregular_periods": 0.722},
        controls={},
    ),
)
MIX_SHIFTS: Final[dict[str, tuple[str, float]]] = {
    "bmi_minus_2": ("bmi", -2.0),
    "bmi_plus_2": ("bmi", 2.0),
    "bmi_plus_4": ("bmi", 4.0),
    "age_minus_5": ("age", -5.0),
    "age_plus_5": ("age", 5.0),
}
"""Shifts of the mean (kg/m2, years), standard deviation kept, for importance weights."""


def shifted_views(
    test: np.ndarray,
    train: np.ndarray,
    features: Sequence[str],
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """The test rows as seen in-cohort and under every group shift."""
    views = {IN_COHORT: test}
    means = np.nanmean(train, axis=0)
    for group, names in GROUPS.items():
        columns = [features.index(n) for n in names if n in features]
        if not columns:
            continue
        withheld = test.copy()
        withheld[:, columns] = np.nan
        nullified = test.copy()
        nullified[:, columns] = test[rng.permutation(len(test))][:, columns]
        reversed_ = test.copy()
        for column in columns:
            if features[column] in BINARY:
                reversed_[:, column] = 1.0 - test[:, column]
            else:
                reversed_[:, column] = 2.0 * means[column] - test[:, column]
        views[f"{group}_withheld"] = withheld
        views[f"{group}_nullified"] = nullified
        views[f"{group}_reversed"] = reversed_
    every = [features.index(n) for names in GROUPS.values() for n in names if n in features]
    if every:
        symptoms_only = test.copy()
        symptoms_only[:, every] = np.nan
        views["anthropometric_and_lifestyle_withheld"] = symptoms_only
    return views


def cross_validated_views(
    estimator: Any,
    matrix: np.ndarray,
    target: np.ndarray,
    features: Sequence[str],
    *,
    folds: int,
    repeats: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """Out-of-fold scores (repeats x rows) of `estimator` under every view."""
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    rng = np.random.default_rng(seed)
    scores: dict[str, np.ndarray] = {}
    for index, (train, test) in enumerate(splitter.split(matrix, target)):
        fitted = clone(estimator).fit(matrix[train], target[train])
        for view, rows in shifted_views(matrix[test], matrix[train], features, rng).items():
            out = scores.setdefault(view, np.full((repeats, len(target)), np.nan))
            out[index // folds, test] = fitted.predict_proba(rows)[:, 1]
    return scores


def weighted_metrics(
    target: np.ndarray, scores: np.ndarray, weights: np.ndarray | None = None
) -> dict[str, float]:
    """AUC, Brier, ECE, calibration slope and intercept, prevalence and mean score."""
    w = np.ones(len(target)) if weights is None else np.asarray(weights, dtype="float64")
    w = w / w.sum()
    slope_intercept = _weighted_calibration(target, scores, w)
    return {
        "roc_auc": float(roc_auc_score(target, scores, sample_weight=w)),
        "brier": float(np.sum(w * (scores - target) ** 2)),
        "ece": _weighted_ece(target, scores, w),
        "calibration_slope": slope_intercept[0],
        "calibration_intercept": slope_intercept[1],
        "prevalence": float(np.sum(w * target)),
        "mean_score": float(np.sum(w * scores)),
    }


def _weighted_calibration(
    target: np.ndarray, scores: np.ndarray, weights: np.ndarray
) -> tuple[float, float]:
    """Slope and intercept of a weighted logistic fit of the outcome on logit(score)."""
    # Replicating rows by weight is the same likelihood: scale rows by their weight.
    # Newton's method with step halving: a full step can overshoot when a few heavy rows
    # sit at extreme log-odds, and the loss must never rise.
    logit = logit_of(scores)
    rows = len(target)
    design = np.column_stack([logit, np.ones(rows)])
    beta = np.array([1.0, 0.0])
    scaled = weights * rows
    loss = _log_loss(design @ beta, target, scaled)
    for _ in range(100):
        fitted = 0.5 * (1.0 + np.tanh(0.5 * (design @ beta)))
        gradient = design.T @ (scaled * (fitted - target))
        hessian = design.T @ (design * (scaled * fitted * (1.0 - fitted))[:, None])
        step = np.linalg.solve(hessian + 1e-10 * np.eye(2), gradient)
        for _ in range(60):
            candidate = beta - step
            candidate_loss = _log_loss(design @ candidate, target, scaled)
            if candidate_loss <= loss:
                break
            step = step / 2.0
        beta, loss = candidate, min(loss, candidate_loss)
        if np.abs(step).max() < 1e-10:
            break
    return float(beta[0]), float(beta[1])


def _log_loss(linear: np.ndarray, target: np.ndarray, weights: np.ndarray) -> float:
    """Weighted logistic log loss of log-odds `linear`, without overflow."""
    return float(np.sum(weights * (np.logaddexp(0.0, linear) - target * linear)))


def _weighted_ece(
    target: np.ndarray, scores: np.ndarray, weights: np.ndarray, bins: int = 10
) -> float:
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        mass = weights[members].sum()
        if mass > 0:
            observed = np.sum(weights[members] * target[members]) / mass
            predicted = np.sum(weights[members] * scores[members]) / mass
            error += mass * abs(observed - predicted)
    return float(error)


def mix_weights(values: np.ndarray, shift: float) -> np.ndarray:
    """Importance weights moving a roughly normal variable's mean by `shift` (same SD)."""
    mean, sd = float(np.nanmean(values)), float(np.nanstd(values))
    filled = np.where(np.isnan(values), mean, values)
    log_ratio = ((filled - mean) ** 2 - (filled - mean - shift) ** 2) / (2.0 * sd**2)
    weights = np.exp(log_ratio - log_ratio.max())
    return np.asarray(weights / weights.mean(), dtype="float64")


def raking_weights(
    frame_values: Mapping[str, np.ndarray],
    target: np.ndarray,
    cohort: PublishedCohort,
    iterations: int = 200,
) -> np.ndarray:
    """Per-class weights whose weighted binary prevalences match `cohort`'s (IPF)."""
    weights = np.ones(len(target))
    for label, wanted in ((1, cohort.pcos), (0, cohort.controls)):
        members = target == label
        for _ in range(iterations):
            for name, share in wanted.items():
                column = frame_values[name][members]
                current = np.sum(weights[members] * column) / weights[members].sum()
                factor = np.where(column == 1.0, share / current, (1 - share) / (1 - current))
                weights[members] = weights[members] * factor
    return np.asarray(weights / weights.mean(), dtype="float64")


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of importance weights."""
    return float(weights.sum() ** 2 / np.sum(weights**2))


def view_figures(
    target: np.ndarray, views: Mapping[str, np.ndarray]
) -> dict[str, dict[str, float]]:
    """Mean over repeats of each view's out-of-fold figures."""
    return {
        view: _mean_over_repeats([weighted_metrics(target, s) for s in scores])
        for view, scores in views.items()
    }


def reweighted_figures(
    target: np.ndarray,
    scores: np.ndarray,
    columns: Mapping[str, np.ndarray],
) -> dict[str, dict[str, Any]]:
    """In-cohort out-of-fold scores judged on the cohort reweighted to other populations."""
    figures: dict[str, dict[str, Any]] = {}
    scenarios: dict[str, tuple[np.ndarray, str]] = {}
    for name, (column, shift) in MIX_SHIFTS.items():
        scenarios[name] = (
            mix_weights(columns[column], shift),
            f"scenario (not a published cohort): {column} mean moved by {shift:+g}, SD kept",
        )
    for cohort in PUBLISHED_COHORTS:
        scenarios[cohort.name] = (raking_weights(columns, target, cohort), cohort.source)
    for name, (weights, source) in scenarios.items():
        measured = _mean_over_repeats([weighted_metrics(target, s, weights) for s in scores])
        figures[name] = {
            **measured,
            "effective_sample_size": round(effective_sample_size(weights), 1),
            "source": source,
        }
    return figures


def _mean_over_repeats(per_repeat: list[dict[str, float]]) -> dict[str, float]:
    return {
        name: round(float(np.mean([figures[name] for figures in per_repeat])), 4)
        for name in per_repeat[0]
    }


def transport_score(figures: Mapping[str, Mapping[str, float]]) -> float:
    """Mean AUC over in-cohort and every nullified or reversed group: the selection aim."""
    chosen = [
        view
        for view in figures
        if view == IN_COHORT or view.endswith("_nullified") or view.endswith("_reversed")
    ]
    return float(np.mean([figures[view]["roc_auc"] for view in chosen]))


def log_odds_share(contributions: np.ndarray, features: Sequence[str]) -> dict[str, float]:
    """Share of the cohort's log-odds variance carried by each group; `other`: the rest."""
    groups = {"symptoms": SYMPTOMS, **GROUPS}
    total = float(np.var(contributions.sum(axis=1)))
    shares = {}
    for group, names in groups.items():
        columns = [features.index(n) for n in names if n in features]
        part = contributions[:, columns].sum(axis=1)
        covariance = float(np.cov(part, contributions.sum(axis=1), bias=True)[0, 1])
        shares[group] = round(covariance / total, 4) if total > 0 else 0.0
    shares["other"] = round(1.0 - sum(shares.values()), 4)
    return shares
