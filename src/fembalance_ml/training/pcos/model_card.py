"""MODEL_CARD.md of the PCOS model, written from its metadata."""

from __future__ import annotations

from typing import Any

from fembalance_ml.pcos.model import VARIANTS

_FIGURES = ("roc_auc", "accuracy", "precision", "recall", "f1", "brier", "ece", "calibration_slope")


def _row(name: str, summary: dict[str, dict[str, float]]) -> str:
    cells = [f"{summary[f]['mean']:.3f} ± {summary[f]['std']:.3f}" for f in _FIGURES]
    return f"| {name} | " + " | ".join(cells) + " |"


def model_card(metadata: dict[str, Any]) -> str:
    """Markdown model card: intended use, data, figures, cut-offs, limitations."""
    protocol = metadata["evaluation"]["protocol"]
    lines = [
        "# PCOS risk model",
        "",
        "Screening aid that estimates the probability of polycystic ovary syndrome from "
        "self-reported answers (screening variant) or with lab and ultrasound values "
        "(clinical variant). Not a diagnosis.",
        "",
        "## Model",
        f"{metadata['model_type']}; hyperparameters "
        f"{ {k: v for k, v in metadata['hyperparameters'].items() if k != 'screening_anchored'} }.",
        *_anchored_lines(metadata),
        f"Attribution: {metadata['attribution']}.",
        "",
        "## Data",
        f"{metadata['data_origin']['source']}. Citation: {metadata['data_origin']['citation']}."
        f" Licence: {metadata['data_origin']['licence']}.",
        f"{metadata['training_data_size']} patients, class balance {metadata['class_balance']}.",
        "",
        "## Evaluation",
        f"{protocol['scheme']}: {protocol['folds']} folds x {protocol['repeats']} repeats, "
        f"seed {protocol['seed']}. Per-fold figures (classes at score >= "
        f"{protocol['classification_cutoff']}); ECE and calibration slope per repeat on "
        f"out-of-fold scores. Mean ± std. Aims: {metadata['evaluation']['aims']}.",
        "",
    ]
    for variant in VARIANTS:
        lines += [
            f"### {variant}",
            f"Features: {', '.join(metadata['features'][variant])}.",
            "",
            "| model | " + " | ".join(_FIGURES) + " |",
            "|---" * (len(_FIGURES) + 1) + "|",
        ]
        for name, summary in metadata["evaluation"]["variants"][variant].items():
            lines.append(_row(name, summary))
        cut = metadata["thresholds"][variant]
        justification = cut["justification"]
        lines += [
            "",
            f"Risk levels: Low below {cut['low']}, High from {cut['high']}. "
            f"At low: sensitivity {justification['low']['sensitivity']}, specificity "
            f"{justification['low']['specificity']}; at high: sensitivity "
            f"{justification['high']['sensitivity']}, specificity "
            f"{justification['high']['specificity']}. {justification['rule']}.",
            "",
        ]
    lines += [
        *_previous_lines(metadata),
        *_prevalence_lines(metadata),
        *_transport_lines(metadata),
        "![ROC curves](roc.png)",
        "",
        "![Calibration](calibration.png)",
        "",
        "## Limitations",
        *[f"- {item}" for item in metadata["limitations"]],
        "",
        f"Reproduce: `{protocol['command']}`",
        "",
    ]
    return "\n".join(lines)


_CALIBRATION = ("roc_auc", "brier", "ece", "calibration_slope", "calibration_intercept")
_REWEIGHTED = ("roc_auc", "brier", "calibration_slope", "prevalence", "mean_score")


def _anchored_lines(metadata: dict[str, Any]) -> list[str]:
    anchored = metadata["hyperparameters"].get("screening_anchored")
    if not anchored:
        return []
    return [
        f"Screening: symptoms core C {anchored['core_c']}, adjustment group C "
        f"{anchored['group_c']} (smaller shrinks harder towards the core; 0 drops the "
        f"group), recalibration on cross-fitted log-odds: intercept "
        f"{anchored['recalibration']['intercept']}, slope {anchored['recalibration']['slope']}"
        f". Chosen by: {anchored['selection']['rule']}.",
    ]


def _previous_lines(metadata: dict[str, Any]) -> list[str]:
    previous = metadata.get("previous_version")
    if not previous:
        return []
    lines = [
        f"### This version beside {previous['version']}",
        "Cross-validated figures (mean over folds or repeats) as written in each version's "
        "metadata.json; low and high are the risk-level cut-offs.",
        "",
        "| variant | version | " + " | ".join(_CALIBRATION) + " | low | high |",
        "|---" * (len(_CALIBRATION) + 4) + "|",
    ]
    for variant in VARIANTS:
        ours = metadata["evaluation"]["variants"][variant]["logistic_regression"]
        rows = (
            (metadata["version"], ours, metadata["thresholds"][variant]),
            (previous["version"], previous["figures"][variant], previous["thresholds"][variant]),
        )
        for version, figures, cut in rows:
            cells = [f"{figures[f]['mean']:.3f}" if f in figures else "-" for f in _CALIBRATION]
            lines.append(
                f"| {variant} | {version} | "
                + " | ".join(cells)
                + f" | {cut['low']} | {cut['high']} |"
            )
    return [*lines, ""]


def _transport_lines(metadata: dict[str, Any]) -> list[str]:
    transport = metadata.get("transport")
    if not transport:
        return []
    lines = ["## Transport checks", transport["method"], ""]
    for variant, models in transport["variants"].items():
        names = list(models)
        lines += [
            f"### {variant}: shifted feature groups (out-of-fold ROC AUC / calibration slope)",
            "",
            "| view | " + " | ".join(names) + " |",
            "|---" * (len(names) + 1) + "|",
        ]
        for view in models[names[0]]["views"]:
            cells = [
                f"{models[n]['views'][view]['roc_auc']:.3f} / "
                f"{models[n]['views'][view]['calibration_slope']:.2f}"
                for n in names
            ]
            lines.append(f"| {view} | " + " | ".join(cells) + " |")
        scores = [f"{models[n]['transport_score']:.4f}" for n in names]
        lines.append("| transport_score | " + " | ".join(scores) + " |")
        shares = [str(models[n]["log_odds_variance_share"]) for n in names]
        lines += ["| log-odds variance share | " + " | ".join(shares) + " |", ""]
        lines += [
            f"### {variant}: reweighted cohort ({', '.join(_REWEIGHTED)}; effective n)",
            "",
            "| scenario | " + " | ".join(names) + " | effective n |",
            "|---" * (len(names) + 2) + "|",
        ]
        sources: dict[str, str] = {}
        for scenario, first in models[names[0]]["reweighted"].items():
            cells = [
                " / ".join(f"{models[n]['reweighted'][scenario][f]:.3f}" for f in _REWEIGHTED)
                for n in names
            ]
            lines.append(
                f"| {scenario} | " + " | ".join(cells) + f" | {first['effective_sample_size']} |"
            )
            sources[scenario] = first["source"]
        lines += ["", "Sources of the reweighting targets:", ""]
        lines += [f"- {scenario}: {source}" for scenario, source in sources.items()]
        lines.append("")
    return lines


def _share(figures: dict[str, dict[str, float]], kind: str) -> str:
    return " / ".join(f"{figures[f'{kind}_{level}']['mean']:.1%}" for level in _LEVELS)


_LEVELS = ("low", "medium", "high")


def _prevalence_lines(metadata: dict[str, Any]) -> list[str]:
    prevalence = metadata.get("prevalence")
    if not prevalence:
        return []
    shift = metadata["prior_shift"]
    screening = shift["screening"]
    lines = [
        "## Prevalence: before and after the recalibration",
        prevalence["method"],
        "",
        f"Screening: moved from the cohort's prevalence {screening['train_prevalence']} to "
        f"{screening['target_prevalence']} ({screening['formula']}; shift "
        f"{screening['logit_shift']} log-odds). Source: {screening['source']}.",
        f"Clinical: {shift['clinical']}",
        "",
    ]
    header = (
        "| variant | model | cohort | low / high | ROC AUC | Brier | ECE | mean score "
        "| by score: Low / Medium / High | served: Low / Medium / High |"
    )
    lines += [header, "|---" * 10 + "|"]
    for variant, figures in prevalence["variants"].items():
        for model in ("before", "after"):
            for cohort in ("clinic", "reweighted"):
                row = figures[model][cohort]
                cells = [
                    f"{row[f]['mean']:.3f} ± {row[f]['std']:.3f}"
                    for f in ("roc_auc", "brier", "ece")
                ]
                lines.append(
                    f"| {variant} | {model} | {cohort} | {figures[model]['low']} / "
                    f"{figures[model]['high']} | " + " | ".join(cells) + f" | "
                    f"{row['mean_score']['mean']:.3f} | {_share(row, 'score')} | "
                    f"{_share(row, 'served')} |"
                )
    return [*lines, ""]
