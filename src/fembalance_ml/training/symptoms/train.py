"""`fembalance-ml train symptoms`: fit, evaluate and write models/symptom_analysis/<version>."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fembalance_ml.cli_parser import CommandParser
from fembalance_ml.config import get_settings
from fembalance_ml.monitoring.drift import references_of
from fembalance_ml.serving.artifacts import METADATA_FILE, write_version
from fembalance_ml.symptoms.drift import DRIFT_FEATURES
from fembalance_ml.symptoms.forecast import HORIZON_DAYS, LIKELY_PROBABILITY, LIKELY_SEVERITY
from fembalance_ml.symptoms.ordinal import HIGH_RATING, OrdinalForecastModel
from fembalance_ml.symptoms.red_flag_rules import rules_metadata
from fembalance_ml.symptoms.vocabulary import DRSP_SYMPTOMS
from fembalance_ml.training.symptoms import forecast_eval
from fembalance_ml.training.symptoms.cpass_check import cpass_summary
from fembalance_ml.training.symptoms.dataset import DATA_ORIGIN, load_cpass_data, training_columns
from fembalance_ml.training.symptoms.model_card import FIGURE_FILE, figure_png, model_card
from fembalance_ml.training.symptoms.ordinal_fit import (
    DAY_SMOOTHING,
    GRID,
    Ratings,
    fit_model,
    held_out_cycle_errors,
)

MODEL_NAME = "symptom_analysis"
DEFAULT_VERSION = "v1.3.0"
PREVIOUS_VERSION = "v1.2.0"
DEFAULT_SEED = 20261126
BOOTSTRAP_REPEATS = 2000
METHODS = ("model", "population_mean", "own_mean")
# Extra columns: the model's predictive mean as a point forecast, the person's own
# (lower) median, and the log loss of the whole six-rating distribution.
REFERENCES = ("mae_model_mean", "mae_own_median", "rating_log_loss_model")


def summarise(errors: pd.DataFrame) -> dict[str, Any]:
    """forecast_eval's summary, plus the gain over the own median and the reference MAEs."""
    summary = forecast_eval.summarise(errors)
    gain = errors["mae_own_median"] - errors["mae_model"]
    summary["mae"]["gain_vs_own_median"] = {
        "mean": float(gain.mean()),
        "std": float(gain.std(ddof=1)),
        "cycles_model_better": int((gain > 0).sum()),
    }
    summary["references"] = {
        name: {"mean": float(errors[name].mean()), "std": float(errors[name].std(ddof=1))}
        for name in REFERENCES
    }
    return summary


def bootstrap_gain_ci(errors: pd.DataFrame, seed: int) -> dict[str, Any]:
    """95% CI of the model's mean gain, resampling people (their cycles stay together)."""
    rng = np.random.default_rng(seed)
    subjects = errors["subject"].unique()
    by_subject = {s: errors[errors["subject"] == s] for s in subjects}
    comparisons = [
        (metric, baseline) for metric in ("mae", "log_loss") for baseline in METHODS[1:]
    ] + [("mae", "own_median")]
    draws: dict[str, list[float]] = {}
    for _ in range(BOOTSTRAP_REPEATS):
        sample = pd.concat([by_subject[s] for s in rng.choice(subjects, len(subjects))])
        for metric, baseline in comparisons:
            gain = sample[f"{metric}_{baseline}"] - sample[f"{metric}_model"]
            draws.setdefault(f"{metric}_gain_vs_{baseline}", []).append(float(gain.mean()))
    return {
        name: [float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))]
        for name, values in draws.items()
    }


def previous_figures(models_root: Path, version: str) -> dict[str, Any] | None:
    """The previous version's held-out forecast figures, to set beside the new ones."""
    path = models_root / MODEL_NAME / PREVIOUS_VERSION / METADATA_FILE
    if version == PREVIOUS_VERSION or not path.is_file():
        return None
    forecast = json.loads(path.read_text(encoding="utf-8"))["evaluation"]["forecast"]
    return {
        "version": PREVIOUS_VERSION,
        **{metric: forecast[metric]["model"] for metric in ("mae", "log_loss", "brier")},
        "bootstrap_95ci_of_mean_gain": forecast["bootstrap_95ci_of_mean_gain"],
    }


def build_metadata(
    frame: pd.DataFrame,
    model: OrdinalForecastModel,
    inner_log_likelihood: float,
    seed: int,
    version: str,
    previous: dict[str, Any] | None,
) -> dict[str, Any]:
    """Every figure of metadata.json, computed here."""
    print("running C-PASS on the 20 subjects (direct and through the service)...")
    screen = cpass_summary(frame)
    print("leave-one-cycle-out evaluation of the forecast (nested hyperparameter choice)...")
    rows, chosen = held_out_cycle_errors(Ratings.from_frame(frame))
    errors = pd.DataFrame(rows)
    forecast = summarise(errors)
    forecast["bootstrap_95ci_of_mean_gain"] = bootstrap_gain_ci(errors, seed)
    forecast["hyperparameters_chosen_per_held_out_person"] = {
        str(subject): values for subject, values in chosen.items()
    }
    if previous is not None:
        forecast["previous_version"] = previous
    print("drift reference over the training people's requests...")
    drift_reference = references_of(training_columns(frame))
    return {
        "version_trained": version,
        "model_type": (
            "ordinal empirical-Bayes forecast (Dirichlet posterior predictive over ratings "
            "1-6, population phase profile, person-level and per-symptom terms) + C-PASS "
            "screen + red-flag rules"
        ),
        "hyperparameters": {
            **vars(model.hyper),
            "grid": {name: list(values) for name, values in GRID.items()},
            "inner_mean_rating_log_likelihood": inner_log_likelihood,
            "day_smoothing": DAY_SMOOTHING,
            "high_severity": HIGH_RATING,
            "horizon_days": HORIZON_DAYS,
            "likely_probability": LIKELY_PROBABILITY,
            "likely_severity": LIKELY_SEVERITY,
            "seed": seed,
        },
        "features": [s.name for s in DRSP_SYMPTOMS]
        + ["window day relative to menses (-7..-1, 4..10) or phase level outside them"],
        "training_data_size": int(frame["score"].notna().sum()),
        "accuracy": None,
        "precision": None,
        "recall": None,
        "f1_score": None,
        "data_origin": DATA_ORIGIN,
        "evaluation": {
            "protocol": (
                "Leave one cycle out, grouped by person: for each person with 2+ cycles, "
                "the population tables and the hyperparameters (chosen by an inner "
                "leave-one-cycle-out over the other people only) come from the other "
                "people; each of the person's cycles is held out in turn, the person's "
                "other cycles are the history, and every rating of the held-out cycle is "
                "predicted. Point forecast: expected_severity, the predictive median; "
                "probability: P(rating >= 4). Baselines as in v1.2.0: the population mean "
                "of the item in the window, and the person's own mean of the item in the "
                "window (own share of high ratings +0.5/+1). Figures: mean and std over "
                f"held-out cycles; 95% CI of the mean gain from {BOOTSTRAP_REPEATS} "
                f"bootstrap resamples of people (seed {seed})."
            ),
            "forecast": forecast,
            "cpass": screen,
        },
        "thresholds": {
            "forecast_probability_of_severity_at_least": HIGH_RATING,
            "cpass": "see shared/docs/CPASS.md; implemented constant by constant in cpass.py",
        },
        "drift_features": list(DRIFT_FEATURES),
        "drift_reference": drift_reference,
        "red_flag_rules": rules_metadata(),
        "limitations": [
            "Trained on 20 people (37 cycles) of one study; 15 people have 2+ cycles and "
            "are the held-out evaluation, so the figures' intervals are wide.",
            "The DRSP data covers only days -7..-1 and 4..10 around menses; other days use "
            "the window level of their phase (luteal = premenstrual, follicular and "
            "ovulatory = postmenstrual, menstrual days = midway), not a day profile.",
            "expected_severity is the predictive median, a whole rating (the point that "
            "minimises absolute error: most ratings are 1); mean_severity carries the mean, "
            "which has a worse absolute error (see references.mae_model_mean).",
            "Tracker symptoms outside the DRSP have no population data: their forecast "
            "shrinks the person's ratings at that position toward their own ratings of the "
            "symptom on all days; this part is not evaluated.",
            "Leave one cycle out lets a later cycle inform an earlier one; the service only "
            "has the past, so recency is not modelled and the figures assume stable people.",
            "Red-flag rules are transcriptions of guideline symptom lists into thresholds "
            "chosen by us, not validated against diagnoses.",
            "C-PASS needs 2 evaluable cycles of daily DRSP ratings; with fewer the screen "
            "returns insufficient_data (the R package returns 'no diagnosis' for 0 cycles).",
        ],
    }


def main(argv: list[str] | None = None) -> int:
    """Train on DATA_DIR, evaluate, and write the version folder with its model card."""
    parser = CommandParser(prog="fembalance-ml train symptoms")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--version", default=DEFAULT_VERSION)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    settings = get_settings()
    frame = load_cpass_data(args.data_dir or settings.models.data_dir)
    print(f"loaded {len(frame)} rows from the cpass data")
    models_root = args.models_dir or settings.models.path
    print("fitting the forecast (hyperparameters by leave-one-cycle-out)...")
    model, inner_log_likelihood = fit_model(Ratings.from_frame(frame))
    model.warmup()
    previous = previous_figures(settings.models.path, args.version)
    metadata = build_metadata(frame, model, inner_log_likelihood, args.seed, args.version, previous)
    extra = {
        "MODEL_CARD.md": model_card(metadata).encode("utf-8"),
        FIGURE_FILE: figure_png(model.tables, metadata["evaluation"]["forecast"]),
    }
    folder = write_version(models_root, MODEL_NAME, args.version, model, metadata, extra)
    print(f"wrote {folder}")
    return 0
