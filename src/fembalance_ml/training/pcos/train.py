"""`fembalance-ml train pcos`: cross-validate, choose cut-offs, fit and write the model."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline

from fembalance_ml.cli_parser import CommandParser
from fembalance_ml.config import get_settings
from fembalance_ml.monitoring.drift import references_of
from fembalance_ml.pcos.features import (
    CLINICAL_FEATURES,
    DATASET_FEATURES,
    FOLLICLE_CLIPS,
    SCREENING_FEATURES,
    TARGET,
)
from fembalance_ml.pcos.model import (
    C_GRID,
    VARIANTS,
    PcosModel,
    Thresholds,
    Variant,
    VariantModel,
    apply_clips,
    build_pipeline,
    fit_variant,
)
from fembalance_ml.serving.artifacts import write_version
from fembalance_ml.training.pcos.dataset import feature_matrix, load_pcos
from fembalance_ml.training.pcos.evaluation import CvResult, choose_thresholds, cross_validate
from fembalance_ml.training.pcos.model_card import model_card
from fembalance_ml.training.pcos.prevalence import (
    TARGET_PREVALENCE,
    PriorShifted,
    cohort_rows,
    prevalence_figures,
)
from fembalance_ml.training.pcos.report import (
    metadata_for,
    plot_calibration,
    plot_roc,
    previous_version,
)
from fembalance_ml.training.pcos.selection import GROUP_C_GRID, select_anchored
from fembalance_ml.training.pcos.transport import (
    cross_validated_views,
    log_odds_share,
    reweighted_figures,
    transport_score,
    view_figures,
)

DEFAULT_SEED = 42
DEFAULT_VERSION = "v2.4.0"
SERVED = "logistic_regression"
V2_3_0_METHOD = "logistic_regression_v2_3_0_method"
"""Each variant as v2.3.0 built it (screening at the clinic's prevalence, clinical on the
raw follicle counts), measured on the same splits."""
PREVIOUS_METHOD = "logistic_regression_v2_2_0_method"
"""The screening variant as v2.2.0 built it (plain L2 logistic), measured on the same splits."""
VARIANT_FEATURES: dict[Variant, tuple[str, ...]] = {
    "screening": SCREENING_FEATURES,
    "clinical": CLINICAL_FEATURES,
}
VARIANT_CLIPS: dict[Variant, tuple[tuple[str, float, float], ...]] = {
    "screening": (),
    "clinical": tuple((name, low, high) for name, (low, high) in FOLLICLE_CLIPS.items()),
}


def random_forest(seed: int) -> Pipeline:
    """The uncalibrated comparison model: a random forest on mean-imputed features."""
    forest = RandomForestClassifier(
        n_estimators=200, min_samples_leaf=2, random_state=seed, n_jobs=1
    )
    return Pipeline([("impute", SimpleImputer(strategy="mean")), ("forest", forest)])


@dataclass
class TrainingResult:
    """The fitted model and everything measured on the way to it."""

    fitted: dict[Variant, VariantModel]
    evaluations: dict[Variant, dict[str, CvResult]]
    justifications: dict[Variant, dict[str, Any]]
    target: np.ndarray
    chosen_c: dict[Variant, float]
    c_search: dict[Variant, dict[str, dict[str, float]]]
    anchored: dict[str, Any] = field(default_factory=dict)
    transport: dict[Variant, dict[str, Any]] = field(default_factory=dict)
    prior_shift: dict[str, Any] = field(default_factory=dict)
    prevalence: dict[Variant, dict[str, Any]] = field(default_factory=dict)

    @property
    def model(self) -> PcosModel:
        """The object to pickle: both fitted variants."""
        return PcosModel(screening=self.fitted["screening"], clinical=self.fitted["clinical"])


def train(
    frame: pd.DataFrame,
    *,
    seed: int,
    folds: int = 5,
    repeats: int = 5,
    baseline: bool = True,
    c_grid: tuple[float, ...] = C_GRID,
    group_grid: tuple[float, ...] = GROUP_C_GRID,
    target_prevalence: float = TARGET_PREVALENCE,
) -> TrainingResult:
    """Cross-validate both variants (and the forest), choose C and cut-offs, fit on all.

    Clinical: an L2 logistic regression on follicle counts clipped to [19, 20], C by the lowest
    cross-validated Brier score. Screening: the symptom-anchored model (see `anchored`),
    its core C and group strengths chosen by the mean AUC over the in-cohort and shifted
    views (`transport`), then moved to `target_prevalence` (`prevalence`). v2.3.0's
    methods (and v2.2.0's screening one) are measured beside them on the same splits.
    """
    target = frame[TARGET].to_numpy(dtype="int64")
    result = TrainingResult({}, {}, {}, target, {}, {})
    columns = {name: frame[name].to_numpy(dtype="float64") for name in DATASET_FEATURES}
    cv_args: dict[str, Any] = {"folds": folds, "repeats": repeats, "seed": seed}
    for variant in VARIANTS:
        features, clips = VARIANT_FEATURES[variant], VARIANT_CLIPS[variant]
        raw = feature_matrix(frame, features)
        matrix = apply_clips(raw, features, clips)
        print(f"pcos: {variant}: {folds}x{repeats} cross-validation, {len(features)} features")
        best, searched = _search_c(matrix, target, c_grid, cv_args)
        result.chosen_c[variant] = best
        result.c_search[variant] = {str(c): _brief(cv) for c, cv in searched.items()}
        plain_views = cross_validated_views(
            build_pipeline(best), matrix, target, features, **cv_args
        )
        plain_fit = fit_variant(features, matrix, target, Thresholds(0.5, 0.5), best)
        if variant == "screening":
            served, served_views, pipeline, before = _screening(
                result, matrix, target, c_grid, group_grid, cv_args, target_prevalence
            )
            result.evaluations[variant] = {
                SERVED: served,
                V2_3_0_METHOD: before,
                PREVIOUS_METHOD: searched[best],
            }
            previous = {PREVIOUS_METHOD: (plain_views, plain_fit.pipeline)}
        else:
            served, served_views, pipeline = searched[best], plain_views, plain_fit.pipeline
            raw_best, raw_searched = _search_c(raw, target, c_grid, cv_args)
            before = raw_searched[raw_best]
            result.evaluations[variant] = {SERVED: served, V2_3_0_METHOD: before}
            previous = {}
        if baseline:
            result.evaluations[variant]["random_forest_uncalibrated"] = cross_validate(
                random_forest(seed), matrix, target, **cv_args
            )
        thresholds, result.justifications[variant] = choose_thresholds(
            np.tile(target, repeats), served.oof.ravel()
        )
        result.fitted[variant] = VariantModel(features, pipeline, thresholds, clips)
        result.transport[variant] = {
            name: _transport_figures(views, fitted, matrix, target, features, columns)
            for name, (views, fitted) in {SERVED: (served_views, pipeline), **previous}.items()
        }
        result.prevalence[variant] = prevalence_figures(
            target,
            {"before": before.oof, "after": served.oof},
            cohort_rows(frame, features),
            target_prevalence,
        )
    result.model.warmup()
    return result


def _search_c(
    matrix: np.ndarray, target: np.ndarray, c_grid: tuple[float, ...], cv_args: dict[str, Any]
) -> tuple[float, dict[float, CvResult]]:
    """Plain L2 logistic regressions over the grid; the C with the lowest Brier score."""
    searched = {c: cross_validate(build_pipeline(c), matrix, target, **cv_args) for c in c_grid}
    # Lowest Brier score: the proper scoring rule that rewards calibration and ranking.
    return min(c_grid, key=lambda c: (np.mean(searched[c].folds["brier"]), c)), searched


def _screening(
    result: TrainingResult,
    matrix: np.ndarray,
    target: np.ndarray,
    c_grid: tuple[float, ...],
    group_grid: tuple[float, ...],
    cv_args: dict[str, Any],
    target_prevalence: float,
) -> tuple[CvResult, dict[str, np.ndarray], Pipeline, CvResult]:
    """The served screening model, moved to the target prevalence, and v2.3.0's beside it.

    Returns the served model's cross-validation, its shifted views, its fitted pipeline
    and the cross-validation of the same model left at the clinic's prevalence.
    """
    features = SCREENING_FEATURES
    estimator, selection = select_anchored(matrix, target, features, c_grid, group_grid, cv_args)
    shifted = PriorShifted(estimator, target_prevalence)
    served = cross_validate(shifted, matrix, target, **cv_args)
    before = cross_validate(estimator, matrix, target, **cv_args)
    views = cross_validated_views(shifted, matrix, target, features, **cv_args)
    shifted.fit(matrix, target)
    result.anchored = {**shifted.estimator_.summary(), "selection": selection}
    result.prior_shift = shifted.summary()
    return served, views, shifted.to_pipeline(matrix, target), before


def _transport_figures(
    views: dict[str, np.ndarray],
    pipeline: Pipeline,
    matrix: np.ndarray,
    target: np.ndarray,
    features: tuple[str, ...],
    columns: dict[str, np.ndarray],
) -> dict[str, Any]:
    """Shifted-view and reweighted figures of one model, and where its log-odds come from."""
    figures = view_figures(target, views)
    standardised = pipeline[:-1].transform(matrix)
    contributions = standardised * pipeline[-1].coef_[0]
    return {
        "transport_score": round(transport_score(figures), 4),
        "views": figures,
        "reweighted": reweighted_figures(target, views["in_cohort"], columns),
        "log_odds_variance_share": log_odds_share(contributions, features),
    }


def _brief(cv: CvResult) -> dict[str, float]:
    summary = cv.summary()
    return {
        name: summary[name]["mean"] for name in ("roc_auc", "brier", "ece", "calibration_slope")
    }


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    settings = get_settings()
    parser = CommandParser(prog="fembalance-ml train pcos", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=settings.models.data_dir)
    parser.add_argument("--models-dir", type=Path, default=settings.models.path)
    parser.add_argument("--version", default=DEFAULT_VERSION)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Train, evaluate and write models/pcos/<version> with its card and figures."""
    args = _arguments(argv)
    frame = load_pcos(args.data_dir)
    print(f"pcos: {len(frame)} patients, {int(frame[TARGET].sum())} with PCOS")
    result = train(frame, seed=args.seed, folds=args.folds, repeats=args.repeats)
    command = (
        f"python -m fembalance_ml.training pcos --seed {args.seed} --folds {args.folds} "
        f"--repeats {args.repeats} --version {args.version}"
    )
    metadata = metadata_for(result, frame, seed=args.seed, command=command)
    # Serving compares recent inputs with these bins (ml_feature_drift_psi).
    metadata["drift_reference"] = references_of({name: frame[name] for name in DATASET_FEATURES})
    previous = previous_version(args.models_dir, args.version)
    if previous is not None:
        metadata["previous_version"] = previous
    extra = {
        "MODEL_CARD.md": model_card({**metadata, "version": args.version}).encode("utf-8"),
        "roc.png": plot_roc(result),
        "calibration.png": plot_calibration(result),
    }
    path = write_version(args.models_dir, "pcos", args.version, result.model, metadata, extra)
    for variant in VARIANTS:
        summary = metadata["evaluation"]["variants"][variant]["logistic_regression"]
        auc = summary["roc_auc"]
        print(f"pcos: {variant}: ROC AUC {auc['mean']:.3f} +/- {auc['std']:.3f}")
    print(f"pcos: wrote {path}")
    return 0
