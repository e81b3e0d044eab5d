"""`fembalance-ml train pcos`: cross-validate, choose cut-offs, fit and write the model."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline

from fembalance_ml.config import get_settings
from fembalance_ml.ledger.drift import references_of
from fembalance_ml.pcos.anchored import AnchoredLogistic
from fembalance_ml.pcos.dataset import feature_matrix, load_pcos
from fembalance_ml.pcos.evaluation import CvResult, choose_thresholds, cross_validate
from fembalance_ml.pcos.features import (
    CLINICAL_FEATURES,
    DATASET_FEATURES,
    SCREENING_FEATURES,
    SYMPTOMS,
    TARGET,
)
from fembalance_ml.pcos.model import (
    C_GRID,
    VARIANTS,
    PcosModel,
    Thresholds,
    Variant,
    VariantModel,
    build_pipeline,
    fit_variant,
)
from fembalance_ml.pcos.model_card import model_card
from fembalance_ml.pcos.report import metadata_for, plot_calibration, plot_roc
from fembalance_ml.pcos.transport import (
    GROUPS,
    cross_validated_views,
    log_odds_share,
    reweighted_figures,
    transport_score,
    view_figures,
)
from fembalance_ml.serving.artifacts import write_version

DEFAULT_SEED = 42
DEFAULT_VERSION = "v2.3.0"
SERVED = "logistic_regression"
PREVIOUS_METHOD = "logistic_regression_v2_2_0_method"
"""The screening variant as v2.2.0 built it (plain L2 logistic), measured on the same splits."""
GROUP_C_GRID = (0.0, 0.01, 0.03, 0.1)
"""L2 strengths of the screening adjustments (0 drops a group; small shrinks hard)."""
VARIANT_FEATURES: dict[Variant, tuple[str, ...]] = {
    "screening": SCREENING_FEATURES,
    "clinical": CLINICAL_FEATURES,
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

    @property
    def model(self) -> PcosModel:
        """The object to pickle: both fitted variants."""
        return PcosModel(screening=self.fitted["screening"], clinical=self.fitted["clinical"])


def anchored_screening(core_c: float, group_c: dict[str, float], seed: int) -> AnchoredLogistic:
    """The screening estimator: symptoms core, shrunk anthropometric and lifestyle groups."""
    features = list(SCREENING_FEATURES)
    return AnchoredLogistic(
        core=[features.index(name) for name in SYMPTOMS],
        groups={g: [features.index(n) for n in names] for g, names in GROUPS.items()},
        core_c=core_c,
        group_c=group_c,
        seed=seed,
    )


def train(
    frame: pd.DataFrame,
    *,
    seed: int,
    folds: int = 5,
    repeats: int = 5,
    baseline: bool = True,
    c_grid: tuple[float, ...] = C_GRID,
    group_grid: tuple[float, ...] = GROUP_C_GRID,
) -> TrainingResult:
    """Cross-validate both variants (and the forest), choose C and cut-offs, fit on all.

    Clinical: an L2 logistic regression, C by the lowest cross-validated Brier score.
    Screening: the symptom-anchored model (see `anchored`), its core C and group strengths
    chosen by the mean AUC over the in-cohort and shifted views (`transport`); v2.2.0's
    plain logistic regression is measured beside it on the same splits.
    """
    target = frame[TARGET].to_numpy(dtype="int64")
    result = TrainingResult({}, {}, {}, target, {}, {})
    columns = {name: frame[name].to_numpy(dtype="float64") for name in DATASET_FEATURES}
    for variant in VARIANTS:
        features = VARIANT_FEATURES[variant]
        matrix = feature_matrix(frame, features)
        print(f"pcos: {variant}: {folds}x{repeats} cross-validation, {len(features)} features")
        searched = {
            c: cross_validate(
                build_pipeline(c), matrix, target, folds=folds, repeats=repeats, seed=seed
            )
            for c in c_grid
        }
        # Lowest Brier score: the proper scoring rule that rewards calibration and ranking.
        best = min(c_grid, key=lambda c: (np.mean(searched[c].folds["brier"]), c))
        result.chosen_c[variant] = best
        result.c_search[variant] = {str(c): _brief(cv) for c, cv in searched.items()}
        cv_args: dict[str, Any] = {"folds": folds, "repeats": repeats, "seed": seed}
        plain_views = cross_validated_views(
            build_pipeline(best), matrix, target, features, **cv_args
        )
        plain_fit = fit_variant(features, matrix, target, Thresholds(0.5, 0.5), best)
        if variant == "screening":
            estimator, selection = _select_anchored(
                matrix, target, features, c_grid, group_grid, cv_args
            )
            served = cross_validate(estimator, matrix, target, **cv_args)
            served_views = cross_validated_views(estimator, matrix, target, features, **cv_args)
            estimator.fit(matrix, target)
            pipeline = estimator.to_pipeline(matrix, target)
            result.anchored = {**estimator.summary(), "selection": selection}
            result.evaluations[variant] = {SERVED: served, PREVIOUS_METHOD: searched[best]}
            previous = {PREVIOUS_METHOD: (plain_views, plain_fit.pipeline)}
        else:
            served, served_views, pipeline = searched[best], plain_views, plain_fit.pipeline
            result.evaluations[variant] = {SERVED: served}
            previous = {}
        if baseline:
            result.evaluations[variant]["random_forest_uncalibrated"] = cross_validate(
                random_forest(seed), matrix, target, **cv_args
            )
        thresholds, result.justifications[variant] = choose_thresholds(
            np.tile(target, repeats), served.oof.ravel()
        )
        result.fitted[variant] = VariantModel(features, pipeline, thresholds)
        result.transport[variant] = {
            name: _transport_figures(views, fitted, matrix, target, features, columns)
            for name, (views, fitted) in {SERVED: (served_views, pipeline), **previous}.items()
        }
    result.model.warmup()
    return result


def _select_anchored(
    matrix: np.ndarray,
    target: np.ndarray,
    features: tuple[str, ...],
    c_grid: tuple[float, ...],
    group_grid: tuple[float, ...],
    cv_args: dict[str, Any],
) -> tuple[AnchoredLogistic, dict[str, Any]]:
    """The anchored screening estimator with the best transport score over the grid.

    Ties go to the smaller strengths (more shrinkage towards the symptoms core).
    """
    scored: list[tuple[float, float, float, float]] = []
    table: dict[str, float] = {}
    groups = list(GROUPS)
    for core_c in c_grid:
        for anthropometric in group_grid:
            for lifestyle in group_grid:
                strengths = dict(zip(groups, (anthropometric, lifestyle), strict=True))
                estimator = anchored_screening(core_c, strengths, cv_args["seed"])
                views = cross_validated_views(estimator, matrix, target, features, **cv_args)
                score = transport_score(view_figures(target, views))
                table[f"core_c={core_c}, {groups[0]}={anthropometric}, {groups[1]}={lifestyle}"] = (
                    round(score, 4)
                )
                scored.append((score, -core_c, -anthropometric, -lifestyle))
    best = max(scored)
    chosen = anchored_screening(
        -best[1], dict(zip(groups, (-best[2], -best[3]), strict=True)), cv_args["seed"]
    )
    selection = {
        "rule": (
            "highest mean out-of-fold ROC AUC over the in-cohort view and every feature "
            "group nullified or reversed; ties to stronger shrinkage"
        ),
        "transport_score_by_candidate": table,
    }
    return chosen, selection


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


def previous_version(models_dir: Path, version: str) -> dict[str, Any] | None:
    """The figures of the newest earlier version on disk, for the side-by-side in the card."""
    folder = models_dir / "pcos"
    if not folder.is_dir():
        return None
    earlier = [
        path
        for path in folder.iterdir()
        if path.is_dir()
        and not path.is_symlink()
        and _version_key(path.name) < _version_key(version)
    ]
    if not earlier:
        return None
    newest = max(earlier, key=lambda path: _version_key(path.name))
    try:
        metadata = json.loads((newest / "metadata.json").read_text(encoding="utf-8"))
        variants = metadata["evaluation"]["variants"]
        return {
            "version": metadata["version"],
            "figures": {v: variants[v]["logistic_regression"] for v in VARIANTS},
            "thresholds": {
                v: {
                    "low": metadata["thresholds"][v]["low"],
                    "high": metadata["thresholds"][v]["high"],
                }
                for v in VARIANTS
            },
        }
    except (OSError, KeyError, ValueError):
        return None


def _version_key(name: str) -> tuple[int, ...]:
    """(2, 3, 0) for "v2.3.0"; names that are not versions sort first."""
    parts = name.removeprefix("v").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (-1,)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="python -m fembalance_ml.training pcos", description=__doc__
    )
    parser.add_argument("--data-dir", type=Path, default=settings.data_dir)
    parser.add_argument("--models-dir", type=Path, default=settings.model_path)
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
