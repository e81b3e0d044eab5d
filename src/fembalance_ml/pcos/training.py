"""`fembalance-ml train pcos`: cross-validate, choose cut-offs, fit and write the model."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline

from fembalance_ml.config import get_settings
from fembalance_ml.ledger.drift import references_of
from fembalance_ml.pcos.dataset import feature_matrix, load_pcos
from fembalance_ml.pcos.evaluation import CvResult, choose_thresholds, cross_validate
from fembalance_ml.pcos.features import (
    CLINICAL_FEATURES,
    DATASET_FEATURES,
    SCREENING_FEATURES,
    TARGET,
)
from fembalance_ml.pcos.model import (
    C_GRID,
    VARIANTS,
    PcosModel,
    Variant,
    VariantModel,
    build_pipeline,
    fit_variant,
)
from fembalance_ml.pcos.model_card import model_card
from fembalance_ml.pcos.report import metadata_for, plot_calibration, plot_roc
from fembalance_ml.serving.artifacts import write_version

DEFAULT_SEED = 42
DEFAULT_VERSION = "v2.2.0"
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
) -> TrainingResult:
    """Cross-validate both variants (and the forest), choose C and cut-offs, fit on all."""
    target = frame[TARGET].to_numpy(dtype="int64")
    result = TrainingResult({}, {}, {}, target, {}, {})
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
        result.evaluations[variant] = {"logistic_regression": searched[best]}
        if baseline:
            result.evaluations[variant]["random_forest_uncalibrated"] = cross_validate(
                random_forest(seed), matrix, target, folds=folds, repeats=repeats, seed=seed
            )
        oof = searched[best].oof
        thresholds, result.justifications[variant] = choose_thresholds(
            np.tile(target, repeats), oof.ravel()
        )
        result.fitted[variant] = fit_variant(features, matrix, target, thresholds, best)
    result.model.warmup()
    return result


def _brief(cv: CvResult) -> dict[str, float]:
    summary = cv.summary()
    return {
        name: summary[name]["mean"] for name in ("roc_auc", "brier", "ece", "calibration_slope")
    }


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
    extra = {
        "MODEL_CARD.md": model_card(metadata).encode("utf-8"),
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
