"""MODEL_CARD.md and its figure for the symptom_analysis model."""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from fembalance_ml.symptoms.forecast_eval import METHODS
from fembalance_ml.symptoms.forecast_fit import PopulationPrior
from fembalance_ml.symptoms.vocabulary import DRSP_SYMPTOMS

FIGURE_FILE = "population_pattern.png"


def figure_png(prior: PopulationPrior, evaluation: dict[str, Any]) -> bytes:
    """Population pre/post means per DRSP item, and held-out MAE of the three methods."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), gridspec_kw={"width_ratios": [3, 1]})
    positions = range(len(DRSP_SYMPTOMS))
    left.bar([p - 0.2 for p in positions], prior.mean[:, 0], 0.4, label="premenstrual (-7..-1)")
    left.bar([p + 0.2 for p in positions], prior.mean[:, 1], 0.4, label="postmenstrual (4..10)")
    left.set_xticks(list(positions), [s.name for s in DRSP_SYMPTOMS], rotation=80, fontsize=7)
    left.set_ylabel("mean DRSP severity (1-6)")
    left.set_title("Population level by window (cpass data, 20 people)")
    left.legend()
    mae = evaluation["mae"]
    right.bar(
        list(METHODS),
        [mae[m]["mean"] for m in METHODS],
        yerr=[mae[m]["std"] for m in METHODS],
        capsize=4,
    )
    right.set_title("Held-out cycle MAE (mean, std)")
    right.tick_params(axis="x", rotation=30)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()


def _metric_rows(evaluation: dict[str, Any]) -> list[str]:
    rows = ["| metric | model | population mean | own mean |", "|---|---|---|---|"]
    for metric in ("mae", "log_loss", "brier"):
        cells = [
            f"{evaluation[metric][m]['mean']:.4f} ± {evaluation[metric][m]['std']:.4f}"
            for m in METHODS
        ]
        rows.append(f"| {metric} | " + " | ".join(cells) + " |")
    return rows


def model_card(metadata: dict[str, Any]) -> str:
    """The model card in markdown, from the metadata the training run computed."""
    evaluation = metadata["evaluation"]["forecast"]
    screen = metadata["evaluation"]["cpass"]
    rules = "\n".join(
        f"- `{r['code']}` ({r['source']}): {r['threshold']}" for r in metadata["red_flag_rules"]
    )
    lines = [
        f"# symptom_analysis {metadata['version_trained']}",
        "",
        "Screening aid, not a diagnosis. It runs C-PASS over logged DRSP items, reports "
        "per-symptom cycle patterns, raises guideline-based red flags and forecasts the "
        "next 7 days of symptoms.",
        "",
        "## Data",
        f"{metadata['data_origin']['source']} ({metadata['data_origin']['licence']}).",
        f"{screen['subjects']} people, {screen['cycles']} cycles, "
        f"{metadata['training_data_size']} ratings.",
        "",
        "## C-PASS on the 20 subjects",
        f"Subject level: {screen['subject_level']}. Cycle level: {screen['cycle_level']}.",
        f"Service (dated logs) agrees with the direct run: {screen['service_matches_direct_run']}.",
        "Items at a nominal 30% change: "
        + "; ".join(
            f"subject {c['subject']} cycle {c['cycle']} item {c['item']} = "
            f"{c['percent_change']} (meets: {c['meets_pmdd']})"
            for c in screen["nominal_30_percent_items"]
        ),
        "",
        "## Forecast",
        metadata["evaluation"]["protocol"],
        "",
        *_metric_rows(evaluation),
        "",
        f"Prior strength k (pseudo-observations): {metadata['hyperparameters']}",
        "",
        f"![population pattern and held-out error]({FIGURE_FILE})",
        "",
        "## Red-flag rules",
        rules,
        "",
        "## Limitations",
        *[f"- {item}" for item in metadata["limitations"]],
        "",
    ]
    return "\n".join(lines)
