"""`fembalance-ml train symptoms`: fit, evaluate and write models/symptom_analysis/<version>."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fembalance_ml.config import get_settings
from fembalance_ml.serving.artifacts import write_version
from fembalance_ml.symptoms.cpass_check import cpass_summary
from fembalance_ml.symptoms.dataset import DATA_ORIGIN, load_cpass_data
from fembalance_ml.symptoms.forecast import (
    HORIZON_DAYS,
    LIKELY_PROBABILITY,
    LIKELY_SEVERITY,
    SymptomForecastModel,
)
from fembalance_ml.symptoms.forecast_eval import METHODS, held_out_cycle_errors, summarise
from fembalance_ml.symptoms.forecast_fit import HIGH_SEVERITY, LEVELS, fit_prior
from fembalance_ml.symptoms.model_card import FIGURE_FILE, figure_png, model_card
from fembalance_ml.symptoms.red_flag_rules import rules_metadata
from fembalance_ml.symptoms.vocabulary import DRSP_SYMPTOMS

MODEL_NAME = "symptom_analysis"
DEFAULT_VERSION = "v1.2.0"
DEFAULT_SEED = 20261126
BOOTSTRAP_REPEATS = 2000


def bootstrap_gain_ci(errors: pd.DataFrame, seed: int) -> dict[str, Any]:
    """95% CI of the model's mean gain, resampling people (their cycles stay together)."""
    rng = np.random.default_rng(seed)
    subjects = errors["subject"].unique()
    by_subject = {s: errors[errors["subject"] == s] for s in subjects}
    draws: dict[str, list[float]] = {}
    for _ in range(BOOTSTRAP_REPEATS):
        sample = pd.concat([by_subject[s] for s in rng.choice(subjects, len(subjects))])
        for metric in ("mae", "log_loss"):
            for baseline in METHODS[1:]:
                gain = sample[f"{metric}_{baseline}"] - sample[f"{metric}_model"]
                draws.setdefault(f"{metric}_gain_vs_{baseline}", []).append(float(gain.mean()))
    return {
        name: [float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))]
        for name, values in draws.items()
    }


def build_metadata(
    frame: pd.DataFrame, model: SymptomForecastModel, seed: int, version: str
) -> dict[str, Any]:
    """Every figure of metadata.json, computed here."""
    print("running C-PASS on the 20 subjects (direct and through the service)...")
    screen = cpass_summary(frame)
    print("leave-one-cycle-out evaluation of the forecast...")
    errors = held_out_cycle_errors(frame)
    forecast = summarise(errors)
    forecast["bootstrap_95ci_of_mean_gain"] = bootstrap_gain_ci(errors, seed)
    prior = model.prior
    return {
        "version_trained": version,
        "model_type": "empirical-Bayes shrinkage forecast + C-PASS screen + red-flag rules",
        "hyperparameters": {
            "prior_strength_mean": dict(
                zip(LEVELS, prior.strength_mean.round(4).tolist(), strict=True)
            ),
            "prior_strength_high": dict(
                zip(LEVELS, prior.strength_high.round(4).tolist(), strict=True)
            ),
            "high_severity": HIGH_SEVERITY,
            "horizon_days": HORIZON_DAYS,
            "likely_probability": LIKELY_PROBABILITY,
            "likely_severity": LIKELY_SEVERITY,
            "seed": seed,
        },
        "features": [s.name for s in DRSP_SYMPTOMS] + ["cycle level (pre/menstrual/post)"],
        "training_data_size": int(frame["score"].notna().sum()),
        "accuracy": None,
        "precision": None,
        "recall": None,
        "f1_score": None,
        "data_origin": DATA_ORIGIN,
        "evaluation": {
            "protocol": (
                "Leave one cycle out, grouped by person: for each cycle of each person with "
                "2+ cycles, the prior is fitted on the other people, the person's history is "
                "their other cycles, and every rating of the held-out cycle is predicted. "
                f"Figures: mean and std over held-out cycles; 95% CI of the mean gain from "
                f"{BOOTSTRAP_REPEATS} bootstrap resamples of people (seed {seed})."
            ),
            "forecast": forecast,
            "cpass": screen,
        },
        "thresholds": {
            "forecast_probability_of_severity_at_least": HIGH_SEVERITY,
            "cpass": "see shared/docs/CPASS.md; implemented constant by constant in cpass.py",
        },
        "red_flag_rules": rules_metadata(),
        "limitations": [
            "Trained on 20 people (37 cycles) of one study; the population levels are rough.",
            "The DRSP data covers only days -7..-1 and 4..10 around menses; other days are "
            "extrapolated by phase (luteal = premenstrual level, follicular and ovulatory = "
            "postmenstrual level, menstrual days 1-3 = midpoint).",
            "Tracker symptoms outside the DRSP have no population data: their forecast "
            "shrinks the person's phase level toward their own overall level.",
            "Forecast MAE is about equal to the person's own mean; its gain is in log loss "
            "and Brier score of P(severity >= 4).",
            "Red-flag rules are transcriptions of guideline symptom lists into thresholds "
            "chosen by us, not validated against diagnoses.",
            "C-PASS needs 2 evaluable cycles of daily DRSP ratings; with fewer the screen "
            "returns insufficient_data (the R package returns 'no diagnosis' for 0 cycles).",
        ],
    }


def main(argv: list[str] | None = None) -> int:
    """Train on DATA_DIR, evaluate, and write the version folder with its model card."""
    parser = argparse.ArgumentParser(prog="python -m fembalance_ml.training symptoms")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--version", default=DEFAULT_VERSION)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    settings = get_settings()
    frame = load_cpass_data(args.data_dir or settings.data_dir)
    print(f"loaded {len(frame)} rows from the cpass data")
    model = SymptomForecastModel(fit_prior(frame))
    model.warmup()
    metadata = build_metadata(frame, model, args.seed, args.version)
    extra = {
        "MODEL_CARD.md": model_card(metadata).encode("utf-8"),
        FIGURE_FILE: figure_png(model.prior, metadata["evaluation"]["forecast"]),
    }
    folder = write_version(
        args.models_dir or settings.model_path, MODEL_NAME, args.version, model, metadata, extra
    )
    print(f"wrote {folder}")
    return 0
