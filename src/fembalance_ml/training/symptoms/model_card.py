"""MODEL_CARD.md and its figure for the symptom_analysis model."""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from fembalance_ml.symptoms.ordinal import RATINGS, OrdinalTables
from fembalance_ml.symptoms.vocabulary import DRSP_SYMPTOMS

METHODS = ("model", "population_mean", "own_mean")

FIGURE_FILE = "population_pattern.png"


def figure_png(tables: OrdinalTables, evaluation: dict[str, Any]) -> bytes:
    """Population pre/post mean rating per DRSP item, and held-out MAE of each method."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), gridspec_kw={"width_ratios": [3, 1]})
    positions = range(len(DRSP_SYMPTOMS))
    means = tables.item_window @ RATINGS  # (24, 2)
    left.bar([p - 0.2 for p in positions], means[:, 0], 0.4, label="premenstrual (-7..-1)")
    left.bar([p + 0.2 for p in positions], means[:, 1], 0.4, label="postmenstrual (4..10)")
    left.set_xticks(list(positions), [s.name for s in DRSP_SYMPTOMS], rotation=80, fontsize=7)
    left.set_ylabel("mean DRSP severity (1-6)")
    left.set_title("Population level by window (cpass data, 20 people)")
    left.legend()
    mae = evaluation["mae"]
    names = list(METHODS)
    values = [mae[m]["mean"] for m in METHODS]
    errors = [mae[m]["std"] for m in METHODS]
    previous = evaluation.get("previous_version")
    if previous is not None:
        names.append(f"{previous['version']} model")
        values.append(previous["mae"]["mean"])
        errors.append(previous["mae"]["std"])
    right.bar(names, values, yerr=errors, capsize=4)
    right.set_title("Held-out cycle MAE (mean, std)")
    right.tick_params(axis="x", rotation=30)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()


def _metric_rows(evaluation: dict[str, Any]) -> list[str]:
    previous = evaluation.get("previous_version")
    header = "| metric | model | population mean | own mean |"
    rule = "|---|---|---|---|"
    if previous is not None:
        header += f" previous model ({previous['version']}) |"
        rule += "---|"
    rows = [header, rule]
    for metric in ("mae", "log_loss", "brier"):
        cells = [
            f"{evaluation[metric][m]['mean']:.4f} ± {evaluation[metric][m]['std']:.4f}"
            for m in METHODS
        ]
        if previous is not None:
            cells.append(f"{previous[metric]['mean']:.4f} ± {previous[metric]['std']:.4f}")
        rows.append(f"| {metric} | " + " | ".join(cells) + " |")
    return rows


def _gain_rows(evaluation: dict[str, Any]) -> list[str]:
    intervals = evaluation["bootstrap_95ci_of_mean_gain"]
    previous = (evaluation.get("previous_version") or {}).get("bootstrap_95ci_of_mean_gain", {})
    rows = [
        "| gain of the model (baseline minus model; > 0 is better) | mean | 95% CI | "
        "previous model's 95% CI |",
        "|---|---|---|---|",
    ]
    for name, interval in intervals.items():
        metric, baseline = name.split("_gain_vs_")
        block = evaluation[metric].get(f"gain_vs_{baseline}")
        mean = f"{block['mean']:.4f}" if block else ""
        before = previous.get(name)
        before_text = f"[{before[0]:.4f}, {before[1]:.4f}]" if before else "-"
        rows.append(
            f"| {metric} vs {baseline} | {mean} | [{interval[0]:.4f}, {interval[1]:.4f}] "
            f"| {before_text} |"
        )
    references = evaluation["references"]
    rows += [
        "",
        "References: MAE of the model's predictive mean (mean_severity) "
        f"{references['mae_model_mean']['mean']:.4f}; MAE of the person's own median "
        f"{references['mae_own_median']['mean']:.4f}; log loss of the whole six-rating "
        f"distribution {references['rating_log_loss_model']['mean']:.4f}.",
    ]
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
        f"{evaluation['held_out_cycles']} held-out cycles, {evaluation['ratings']} ratings.",
        "",
        *_metric_rows(evaluation),
        "",
        *_gain_rows(evaluation),
        "",
        f"Hyperparameters: {metadata['hyperparameters']}",
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
