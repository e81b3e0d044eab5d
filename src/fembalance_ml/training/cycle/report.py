"""The model card and its figure, written from the training command's own figures."""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from fembalance_ml.training.cycle.evaluation import DATASETS

FIGURE_FILE = "cv_model_vs_calendar.png"
_NAMES = {"fedcycle": "FedCycle (Marquette)", "menstrual": "Menstrual cycle length (Kaggle)"}


def _fig(figures: dict[str, Any], key: str) -> tuple[float, float]:
    """Mean and std of one cross-validated figure."""
    entry = figures[key]
    return float(entry["mean"]), float(entry["std"])


def figure_png(figures: dict[str, Any]) -> bytes:
    """Bars of MAE (model vs calendar) and interval coverage per data set, with fold std."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    positions = range(len(DATASETS))
    for offset, method in ((-0.2, "model"), (0.2, "calendar")):
        stats = [_fig(figures, f"{name}.{method}.mae") for name in DATASETS]
        left.bar(
            [p + offset for p in positions],
            [m for m, _ in stats],
            width=0.4,
            yerr=[s for _, s in stats],
            label=method,
        )
    left.set_xticks(list(positions), [_NAMES[name] for name in DATASETS], fontsize=8)
    left.set_ylabel("MAE of next cycle length (days)")
    left.set_title("Grouped CV: model vs calendar method")
    left.legend()
    coverage = [_fig(figures, f"{name}.interval.coverage") for name in DATASETS]
    right.bar(list(positions), [m for m, _ in coverage], yerr=[s for _, s in coverage])
    right.axhline(0.8, color="black", linestyle="--", label="nominal 0.80")
    right.axhspan(0.78, 0.85, color="green", alpha=0.15, label="accepted 0.78-0.85")
    right.set_ylim(0.5, 1.0)
    right.set_xticks(list(positions), [_NAMES[name] for name in DATASETS], fontsize=8)
    right.set_title("80% interval coverage on held-out women")
    right.legend(loc="lower right")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _row(figures: dict[str, Any], name: str) -> str:
    """One markdown table row: a data set's model and calendar figures."""
    cells = []
    for method in ("model", "calendar"):
        for key in ("mae", "median_ae", "within_2_days"):
            mean, std = _fig(figures, f"{name}.{method}.{key}")
            cells.append(f"{mean:.3f} ± {std:.3f}")
    coverage, width = (
        _fig(figures, f"{name}.interval.coverage"),
        _fig(figures, f"{name}.interval.mean_width_days"),
    )
    cells += [f"{coverage[0]:.3f} ± {coverage[1]:.3f}", f"{width[0]:.2f} ± {width[1]:.2f}"]
    return f"| {_NAMES[name]} | " + " | ".join(cells) + " |"


COMPARED = (
    ("fedcycle.model.mae", "FedCycle model MAE (d)"),
    ("fedcycle.calendar.mae", "FedCycle calendar MAE (d)"),
    ("menstrual.model.mae", "Menstrual model MAE (d)"),
    ("menstrual.calendar.mae", "Menstrual calendar MAE (d)"),
    ("fedcycle.interval.coverage", "FedCycle 80% coverage"),
    ("fedcycle.interval.mean_width_days", "FedCycle interval width (d)"),
    ("menstrual.interval.coverage", "Menstrual 80% coverage"),
    ("menstrual.interval.mean_width_days", "Menstrual interval width (d)"),
    ("no_history.interval.coverage", "No-history 80% coverage"),
    ("ovulation.model.mae", "Ovulation MAE (d)"),
    ("ovulation.minus_14.mae", "Ovulation 'minus 14' MAE (d)"),
)


def _ratio(figures: dict[str, Any], name: str) -> float:
    """Model MAE as a multiple of the calendar method's (means over folds)."""
    return _fig(figures, f"{name}.model.mae")[0] / _fig(figures, f"{name}.calendar.mae")[0]


def _previous_section(evaluation: dict[str, Any], version: str) -> list[str]:
    """The figures beside the previous version's, when the training run found it."""
    previous = evaluation.get("previous")
    if not previous:
        return []
    old, new = previous["figures"], evaluation["figures"]
    lines = [
        f"### Beside the previous version ({previous['version']})",
        "",
        f"| figure | {previous['version']} | {version} |",
        "|---|---|---|",
    ]
    for key, label in COMPARED:
        if key in old and key in new:
            lines.append(
                "| {} | {:.3f} ± {:.3f} | {:.3f} ± {:.3f} |".format(
                    label, *_fig(old, key), *_fig(new, key)
                )
            )
    for name in DATASETS:
        lines.append(
            f"| {_NAMES[name]}: model / calendar MAE | {_ratio(old, name):.3f} "
            f"| {_ratio(new, name):.3f} |"
        )
    worse = previous.get("worse_figures") or []
    verdict = (
        f"Worse than {previous['version']} on: {', '.join(worse)}; `latest` was left as it was."
        if worse
        else f"At least as good as {previous['version']} on every compared figure."
    )
    return [*lines, "", verdict, ""]


def model_card(metadata: dict[str, Any], version: str) -> str:
    """MODEL_CARD.md text from the metadata the training command built."""
    evaluation = metadata["evaluation"]
    figures = evaluation["figures"]
    ovulation_model = _fig(figures, "ovulation.model.mae")
    ovulation_rule = _fig(figures, "ovulation.minus_14.mae")
    lines = [
        f"# Cycle prediction model {version}",
        "",
        "Forecasts the next period start from a log of period start dates, with an 80%",
        "prediction interval, the ovulation day and the fertile window.",
        "Not contraception; a screening and planning aid only.",
        "",
        "## Method",
        *(f"- {line}" for line in metadata["method"]),
        "",
        "## Evaluation",
        f"Protocol: {evaluation['protocol']['scheme']}. Figures are mean ± std over folds; "
        "forecasts are rounded to whole days as served.",
        "",
        "| data set | model MAE | model median AE | model within 2 d | calendar MAE "
        "| calendar median AE | calendar within 2 d | 80% interval coverage | mean width (d) |",
        "|---|---|---|---|---|---|---|---|---|",
        *(_row(figures, name) for name in DATASETS),
        "",
        *(
            "Paired per fold, model minus calendar MAE on {}: {:.3f} ± {:.3f} d.".format(
                _NAMES[name], *_fig(figures, f"{name}.model_minus_calendar.mae")
            )
            for name in DATASETS
        ),
        *(
            f"Model MAE / calendar MAE on {_NAMES[name]}: {_ratio(figures, name):.3f}."
            for name in DATASETS
        ),
        "",
        f"Ovulation day (FedCycle): model MAE {ovulation_model[0]:.3f} ± {ovulation_model[1]:.3f}"
        f" d vs 'predicted length minus 14' {ovulation_rule[0]:.3f} ± {ovulation_rule[1]:.3f} d.",
        "",
        f"![model vs calendar]({FIGURE_FILE})",
        "",
        *_previous_section(evaluation, version),
        "## Decision rules",
        *(f"- {key}: {value}" for key, value in metadata["thresholds"].items()),
        "",
        "## Data",
        *(
            f"- {item['file']}: {item['source']} ({item['licence']})"
            for item in metadata["data_origin"]
        ),
        "",
        "## Limitations",
        *(f"- {line}" for line in metadata["limitations"]),
        "",
    ]
    return "\n".join(lines)
