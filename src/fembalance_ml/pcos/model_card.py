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
        f"{metadata['model_type']}; hyperparameters {metadata['hyperparameters']}.",
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
