"""The results table, the issue's targets as PASS/MISS, a bar chart and the raw JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@dataclass(frozen=True)
class Row:
    """One measured target."""

    key: str
    label: str
    requests_per_s: float
    rows_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    wrk: dict[str, Any]


@dataclass(frozen=True)
class Check:
    """One target from the issue, with what was measured against it."""

    name: str
    measured: str
    passed: bool


def checks(rows: dict[str, Row]) -> list[Check]:
    """The issue's targets for /predict/pcos and the batch endpoint."""
    found: list[Check] = []
    pcos = rows.get("pcos")

    def ratio(key: str, factor: float, name: str) -> None:
        other = rows.get(key)
        if pcos is None or other is None or other.requests_per_s <= 0:
            return
        value = pcos.requests_per_s / other.requests_per_s
        ok = value >= factor and pcos.errors == 0 and other.errors == 0
        found.append(Check(name, f"{value:.2f}x", ok))

    ratio("trivial", 0.9, "/predict/pcos >= 90% of the floor's requests/s")
    ratio("naive", 50.0, "/predict/pcos >= 50x the naive pattern")
    ratio("mlserver", 10.0, "/predict/pcos >= 10x MLServer")
    ratio("pcos-no-ledger", 0.95, "the ledger costs /predict/pcos <= 5% of its requests/s")
    floor = rows.get("trivial")
    if pcos is not None and floor is not None and floor.p99_ms > 0:
        value = pcos.p99_ms / floor.p99_ms
        ok = value <= 1.5 and pcos.errors == 0
        found.append(
            Check(
                "/predict/pcos p99 <= 1.5x the floor's p99",
                f"{pcos.p99_ms:.2f} ms ({value:.2f}x)",
                ok,
            )
        )
    if pcos is not None:
        ok = pcos.p99_ms <= 5.0 and pcos.errors == 0
        found.append(
            Check("/predict/pcos p99 <= 5 ms at 16 connections", f"{pcos.p99_ms:.2f} ms", ok)
        )
    batch = rows.get("batch")
    if batch is not None:
        ok = batch.rows_per_s >= 100_000 and batch.errors == 0
        found.append(Check("batch >= 100,000 PCOS rows/s", f"{batch.rows_per_s:,.0f} rows/s", ok))
    return found


def markdown(rows: dict[str, Row], meta: dict[str, Any]) -> str:
    """The table and the checks as markdown."""
    pcos = rows.get("pcos")
    lines = [
        f"Measured {meta['date']} on {meta['machine']}; {meta['connections']} connections, "
        f"{meta['seconds']} s per target after {meta['warmup_seconds']} s warm-up.",
        "",
        "| target | requests/s | rows/s | p50 ms | p99 ms | errors | /predict/pcos ÷ this "
        "| this ÷ floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    floor = rows.get("trivial")
    for row in rows.values():
        versus = of_floor = "—"
        if pcos is not None and row.key in ("trivial", "naive", "mlserver"):
            versus = f"{pcos.requests_per_s / row.requests_per_s:.2f}x"
        if floor is not None and floor.requests_per_s > 0 and row.key != "trivial":
            of_floor = f"{row.requests_per_s / floor.requests_per_s:.2f}x"
        lines.append(
            f"| {row.label} | {row.requests_per_s:,.0f} | {row.rows_per_s:,.0f} | "
            f"{row.p50_ms:.2f} | {row.p99_ms:.2f} | {row.errors} | {versus} | {of_floor} |"
        )
    lines += ["", "| target from the issue | measured | result |", "|---|---:|---|"]
    for check in checks(rows):
        lines.append(f"| {check.name} | {check.measured} | {'PASS' if check.passed else 'MISS'} |")
    return "\n".join(lines) + "\n"


def chart(rows: dict[str, Row], path: Path) -> None:
    """Requests/s (log scale) and p99 latency per target, side by side."""
    labels = [row.label.replace(" (", "\n(").replace(", ", ",\n") for row in rows.values()]
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    bars = left.barh(labels, [row.requests_per_s for row in rows.values()], color="#3b7dd8")
    notes = [
        f"{row.requests_per_s:,.0f}"
        + (f" ({row.rows_per_s:,.0f} rows/s)" if row.rows_per_s != row.requests_per_s else "")
        for row in rows.values()
    ]
    left.bar_label(bars, labels=notes, padding=3, fontsize=8)
    left.set_xscale("log")
    left.set_xlabel("requests/s (log scale; higher is better)")
    p99 = right.barh(labels, [row.p99_ms for row in rows.values()], color="#d8763b")
    right.bar_label(p99, labels=[f"{row.p99_ms:,.1f}" for row in rows.values()], padding=3)
    right.set_xscale("log")
    right.set_xlabel("p99 latency, ms (log scale; lower is better)")
    right.set_yticklabels([])
    for axis in (left, right):
        axis.margins(x=0.25)
        axis.invert_yaxis()
        axis.grid(axis="x", which="both", alpha=0.3)
    figure.suptitle("One worker on one core, wrk with 16 connections on the other core")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_all(rows: dict[str, Row], meta: dict[str, Any], directory: Path) -> str:
    """Write latest.md, latest.png and latest.json under `directory`; return the markdown."""
    directory.mkdir(parents=True, exist_ok=True)
    text = markdown(rows, meta)
    (directory / "latest.md").write_text(text)
    chart(rows, directory / "latest.png")
    raw = {
        "meta": meta,
        "results": [asdict(row) for row in rows.values()],
        "checks": [asdict(check) for check in checks(rows)],
    }
    (directory / "latest.json").write_text(json.dumps(raw, indent=2) + "\n")
    return text
