"""metadata.json fields, MODEL_CARD.md and figures of a PCOS training run."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import roc_curve

from fembalance_ml.pcos.model import VARIANTS, Variant
from fembalance_ml.training.pcos.evaluation import CLASSIFICATION_CUTOFF
from fembalance_ml.training.pcos.prevalence import CLINICAL_NOT_SHIFTED, PREVALENCE_METHOD

if TYPE_CHECKING:
    from fembalance_ml.training.pcos.train import TrainingResult

DATA_ORIGIN = {
    "file": "pcos/PCOS_data.csv",
    "source": (
        'Kottarathil P., "Polycystic ovary syndrome (PCOS)" data set: 541 patients from 10 '
        "hospitals in Kerala, India (common CSV export of its workbook; 433 rows here)"
    ),
    "citation": "P. Kottarathil, Polycystic ovary syndrome (PCOS), Kaggle, 2020",
    "licence": "published for research use without stated terms",
}
AUC_AIMS = {"screening": 0.90, "clinical": 0.95}
MODEL_TYPE = (
    "PcosModel: two logistic models; screening: symptom-anchored logistic regression (L2 "
    "core on the six symptoms, anthropometric and lifestyle adjustments fitted on top with "
    "their own stronger L2 penalty, recalibrated on cross-fitted log-odds), then moved to "
    "the stated population prevalence by a prior-shift correction of its intercept; "
    "clinical: L2 logistic regression, follicle counts clipped to [19, 20] (whether an "
    "ovary meets the 2023 threshold of 20), at the clinic's prevalence"
)
TRANSPORT_METHOD = (
    "Out-of-fold scores (same repeated stratified folds as the evaluation) under views of "
    "the held-out rows: in_cohort; <group>_withheld (answers imputed, as a missing answer "
    "is served); <group>_nullified (the group's values shuffled together across held-out "
    "rows: same base rates, no link to PCOS); <group>_reversed (binary answers flipped, "
    "measures mirrored about the training mean: the link points the other way); groups: "
    "anthropometric = age, bmi, period_length_days; lifestyle = fast_food, "
    "regular_exercise. Reweighted: in-cohort out-of-fold scores judged on the cohort "
    "importance-weighted to a BMI or age mean shifted by the named amount (normal density "
    "ratio, SD kept) or, per class, raked to the symptom prevalences of a published cohort "
    "(source given with each). transport_score: mean ROC AUC over in_cohort and every "
    "nullified or reversed view. log_odds_variance_share: share of the cohort's log-odds "
    "variance carried by each feature group (covariance with the total)."
)
LIMITATIONS = [
    "Trained on 433 patients from one region (Kerala, India); part of the data is held back "
    "for independent evaluation. Since v2.3.0 the screening score is anchored on the six "
    "symptoms and shrinks body-size, age and lifestyle answers, whose link to PCOS depends "
    "on the population (an outside review of v2.2.0 on a 465-woman self-report survey from "
    "another country measured ROC AUC 0.773, against 0.810 for a logistic regression on "
    "the six symptoms alone). The transport figures are simulated on this cohort "
    "(withheld, nullified and reversed feature groups; importance reweighting): they "
    "cannot show a shift this cohort does not contain, and the reweighted ones assume "
    "P(PCOS | answers) is the same elsewhere.",
    "The data set has no cycle length (its 'Cycle length(days)' is the period length), so "
    "the screening model uses irregular_periods; cycle_length_days only feeds the criteria.",
    "Follicle counts are themselves a diagnostic criterion. The cohort's labels were made "
    "with the 2003 Rotterdam threshold (12 follicles per ovary); the service's criteria use "
    "the 2023 threshold (20). Since v2.4.0 the clinical variant reads every count under 20 "
    "as 19 and every count from 20 as 20, so a count below the 2023 threshold carries no "
    "weight: its ROC AUC against the 2003-threshold labels drops (see the table), as it "
    "must, because those labels reward exactly the 12-19 counts the 2023 guideline no "
    "longer counts. Only 10 of the 433 patients have 20 or more follicles (all with PCOS).",
    "Absent optional features are imputed with the training mean; the training data has "
    "almost no missing values, so missing indicators would be learned from one patient "
    "and were left out. A request missing many features is scored as an average patient.",
    "The cohort's prevalence is 33% PCOS, far above that of women in general (10-13%, PCOS "
    "2023). Since v2.4.0 the screening score is moved to 12% by a prior-shift correction, "
    "which assumes the answers of women with and without PCOS are distributed as in Kerala "
    "(only the share of women with PCOS differs); on the clinic sample itself it now "
    "under-states risk (see the prevalence table). The clinical variant stays at the "
    "clinic's prevalence (see prior_shift.clinical).",
    "TSH and prolactin are not features (since v2.2.0): the 2023 PCOS guideline uses them "
    "to exclude thyroid disease and hyperprolactinaemia, which mimic PCOS; out-of-range "
    "values raise thyroid_check / prolactin_check flags instead of raising the score.",
    "The cohort's ages are 20 to 48: for younger people the age term extrapolates. Within 8 "
    "years of menarche (or under 18) the service applies the 2023 adolescent criteria and "
    "gives the score no ultrasound or AMH, and its answer says the score is a rough guide.",
    "A screening aid, not a diagnosis.",
]


def metadata_for(
    result: TrainingResult, frame: pd.DataFrame, *, seed: int, command: str
) -> dict[str, Any]:
    """The model's own metadata.json fields; every figure comes from `result`."""
    variants = {
        variant: {name: cv.summary() for name, cv in result.evaluations[variant].items()}
        for variant in VARIANTS
    }
    headline = variants["screening"]["logistic_regression"]
    reference = result.evaluations["screening"]["logistic_regression"]
    repeats = reference.oof.shape[0]
    folds = len(reference.folds["roc_auc"]) // repeats
    return {
        "model_type": MODEL_TYPE,
        "hyperparameters": {
            "C": result.chosen_c,
            "C_selection": (
                "lowest mean cross-validated Brier score over the grid; C is the clinical "
                "variant's and that of the screening comparison built as v2.2.0 was "
                "(screening_anchored holds the served screening model's strengths)"
            ),
            "C_search": result.c_search,
            "screening_anchored": result.anchored,
            "imputation": "mean, inside the pipeline",
            "scaling": "standardisation",
            "max_iter": 5000,
        },
        "features": {v: list(result.model.variant(v).features) for v in VARIANTS},
        "training_data_size": len(frame),
        "class_balance": {
            "pcos": int(result.target.sum()),
            "no_pcos": int((1 - result.target).sum()),
        },
        "accuracy": headline["accuracy"]["mean"],
        "precision": headline["precision"]["mean"],
        "recall": headline["recall"]["mean"],
        "f1_score": headline["f1"]["mean"],
        "headline_metrics": (
            f"accuracy, precision, recall, f1_score: screening variant, score >= "
            f"{CLASSIFICATION_CUTOFF} called PCOS, mean over cross-validation folds"
        ),
        "data_origin": DATA_ORIGIN,
        "evaluation": {
            "protocol": {
                "scheme": "repeated stratified k-fold cross-validation",
                "folds": folds,
                "repeats": repeats,
                "seed": seed,
                "per_fold": ["roc_auc", "accuracy", "precision", "recall", "f1", "brier"],
                "per_repeat_out_of_fold": ["ece", "calibration_slope", "calibration_intercept"],
                "classification_cutoff": CLASSIFICATION_CUTOFF,
                "command": command,
            },
            "aims": {f"{v}_roc_auc": AUC_AIMS[v] for v in VARIANTS},
            "variants": variants,
        },
        "transport": {
            "method": TRANSPORT_METHOD,
            "variants": result.transport,
        },
        "prior_shift": {"screening": result.prior_shift, "clinical": CLINICAL_NOT_SHIFTED},
        "input_clips": {
            v: {name: [low, high] for name, low, high in result.model.variant(v).clips}
            for v in VARIANTS
        },
        "prevalence": {
            "method": PREVALENCE_METHOD,
            "variants": result.prevalence,
        },
        "thresholds": {
            v: {
                "low": result.model.variant(v).thresholds.low,
                "high": result.model.variant(v).thresholds.high,
                "justification": result.justifications[v],
            }
            for v in VARIANTS
        },
        "attribution": (
            "contribution = coefficient * standardised value (log-odds, against the average "
            "training patient); contributions + intercept = logit(risk_score)"
        ),
        "limitations": [*LIMITATIONS, *_aim_statements(variants)],
    }


def _aim_statements(variants: dict[Variant, dict[str, Any]]) -> list[str]:
    """One line per variant saying, from the measured AUC, whether it met its aim."""
    lines = []
    for variant in VARIANTS:
        ours = variants[variant]["logistic_regression"]["roc_auc"]["mean"]
        forest = variants[variant].get("random_forest_uncalibrated", {}).get("roc_auc", {})
        verdict = "meets" if ours >= AUC_AIMS[variant] else "does not meet"
        line = (
            f"The {variant} variant (cross-validated ROC AUC {ours:.3f}) {verdict} its aim "
            f"of {AUC_AIMS[variant]:.2f}"
        )
        if forest:
            line += f"; the uncalibrated random forest reached {forest['mean']:.3f}"
        lines.append(line + ".")
    return lines


def _figure_bytes(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def plot_roc(result: TrainingResult) -> bytes:
    """ROC curves of out-of-fold scores (first repeat), both variants and models."""
    figure, axes = plt.subplots(figsize=(6, 5))
    for variant in VARIANTS:
        for name, cv in result.evaluations[variant].items():
            fpr, tpr, _ = roc_curve(result.target, cv.oof[0])
            axes.plot(fpr, tpr, label=f"{variant} / {name}")
    axes.plot([0, 1], [0, 1], linestyle=":", color="grey")
    axes.set(xlabel="1 - specificity", ylabel="sensitivity", title="PCOS: out-of-fold ROC")
    axes.legend(loc="lower right", fontsize=8)
    return _figure_bytes(figure)


def plot_calibration(result: TrainingResult, bins: int = 10) -> bytes:
    """Reliability diagram of out-of-fold scores pooled over repeats."""
    figure, axes = plt.subplots(figsize=(6, 5))
    edges = np.linspace(0.0, 1.0, bins + 1)
    for variant in VARIANTS:
        for name, cv in result.evaluations[variant].items():
            scores = cv.oof.ravel()
            target = np.tile(result.target, cv.oof.shape[0])
            which = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
            used = [b for b in range(bins) if (which == b).any()]
            mean_score = [scores[which == b].mean() for b in used]
            observed = [target[which == b].mean() for b in used]
            axes.plot(mean_score, observed, marker="o", label=f"{variant} / {name}")
    axes.plot([0, 1], [0, 1], linestyle=":", color="grey")
    axes.set(xlabel="mean predicted risk", ylabel="observed PCOS rate", title="Calibration")
    axes.legend(loc="upper left", fontsize=8)
    return _figure_bytes(figure)


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
