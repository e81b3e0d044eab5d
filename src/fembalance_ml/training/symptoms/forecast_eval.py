"""Leave-one-cycle-out evaluation of the forecast against two baselines.

For each cycle of each person with 2+ cycles: the prior is fitted on the other people only
(grouped by person), the person's history is their other cycles, and every rating of the
held-out cycle is predicted. Baselines: the population mean of the item in that window,
and the person's own mean of the item in that window (own share of high ratings with a
Jeffreys +0.5/+1 correction, so log loss stays finite).
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd

from fembalance_ml.symptoms.forecast import SymptomForecastModel, Tally
from fembalance_ml.symptoms.forecast_fit import HIGH_SEVERITY, fit_prior, rated
from fembalance_ml.symptoms.timeline import Level
from fembalance_ml.symptoms.vocabulary import DRSP_NAME_BY_ITEM

METHODS = ("model", "population_mean", "own_mean")
PROBABILITY_CLIP = 1e-6


def _tallies(history: pd.DataFrame) -> dict[tuple[int, Level], Tally]:
    grouped = history.groupby(["item", "level"])["score"]
    tallies = {}
    for key, scores in grouped:
        item, level = cast(tuple[int, Level], key)
        high = int((scores >= HIGH_SEVERITY).sum())
        tallies[(int(item), level)] = Tally(len(scores), float(scores.sum()), high)
    return tallies


def _predict(
    model: SymptomForecastModel, tallies: dict[tuple[int, Level], Tally], item: int, level: Level
) -> dict[str, tuple[float, float]]:
    own = tallies.get((item, level), Tally())
    own_levels = {lv: t for (i, lv), t in tallies.items() if i == item}
    estimate = model.estimate(DRSP_NAME_BY_ITEM[item], level, own_levels)
    population = model.estimate(DRSP_NAME_BY_ITEM[item], level, {})
    own_mean = own.total / own.n if own.n else population.expected_severity
    own_share = (own.n_high + 0.5) / (own.n + 1)
    return {
        "model": (estimate.expected_severity, estimate.probability),
        "population_mean": (population.expected_severity, population.probability),
        "own_mean": (own_mean, own_share),
    }


def _log_loss(probability: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    p = np.clip(probability, PROBABILITY_CLIP, 1 - PROBABILITY_CLIP)
    return np.asarray(-(outcome * np.log(p) + (1 - outcome) * np.log(1 - p)))


def held_out_cycle_errors(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per held-out cycle: MAE, log loss and Brier score of each method."""
    rows = []
    multi = frame.groupby("subject")["cycle"].nunique()
    for subject in multi[multi >= 2].index:
        model = SymptomForecastModel(fit_prior(frame[frame["subject"] != subject]))
        own = rated(frame[frame["subject"] == subject])
        for cycle in sorted(own["cycle"].unique()):
            tallies = _tallies(own[own["cycle"] != cycle])
            target = own[own["cycle"] == cycle]
            row: dict[str, Any] = {"subject": subject, "cycle": cycle, "n": len(target)}
            predictions = [
                _predict(model, tallies, int(r.item), r.level) for r in target.itertuples()
            ]
            severity = target["score"].to_numpy(float)
            outcome = (severity >= HIGH_SEVERITY).astype(float)
            for method in METHODS:
                expected = np.array([p[method][0] for p in predictions])
                probability = np.array([p[method][1] for p in predictions])
                row[f"mae_{method}"] = float(np.mean(np.abs(expected - severity)))
                row[f"log_loss_{method}"] = float(np.mean(_log_loss(probability, outcome)))
                row[f"brier_{method}"] = float(np.mean((probability - outcome) ** 2))
            rows.append(row)
    return pd.DataFrame(rows)


def summarise(errors: pd.DataFrame) -> dict[str, Any]:
    """Mean and std over held-out cycles of each metric, and the model's paired gains."""
    summary: dict[str, Any] = {"held_out_cycles": len(errors), "ratings": int(errors["n"].sum())}
    for metric in ("mae", "log_loss", "brier"):
        block: dict[str, Any] = {}
        for method in METHODS:
            values = errors[f"{metric}_{method}"]
            block[method] = {"mean": float(values.mean()), "std": float(values.std(ddof=1))}
        for baseline in METHODS[1:]:
            gain = errors[f"{metric}_{baseline}"] - errors[f"{metric}_model"]
            block[f"gain_vs_{baseline}"] = {
                "mean": float(gain.mean()),
                "std": float(gain.std(ddof=1)),
                "cycles_model_better": int((gain > 0).sum()),
            }
        summary[metric] = block
    return summary
