"""The results table with each row's ratios, the issue's targets as PASS/MISS, a chart, JSON.

Each prediction route is read against three references from the same run: its fair floor
(FastAPI validating the same body with the service's own request model, a fixed answer),
the old floor (a FastAPI route ignoring its body) and the raw ASGI limit (the same key
check, decode, validation, prediction, encoding and prediction id, nothing else).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

# Issue 24's targets.
PCOS_OF_FAIR = 0.8
PCOS_P99_OF_FAIR = 1.5
CYCLE_OF_FAIR = 0.2
SYMPTOMS_OF_FAIR = 0.25
BATCH_ROWS_PER_S = 25_000
HEALTH_MAX_MS = 250.0


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
    route: str = "pcos"
    kind: str = "service"
    max_ms: float | None = None


@dataclass(frozen=True)
class Check:
    """One target from the issue, with what was measured against it."""

    name: str
    measured: str
    passed: bool


def fair_key(route: str) -> str:
    """The key of a route's fair floor (`fair`, `fair-cycle`, ...)."""
    return "fair" if route == "pcos" else f"fair-{route}"


def raw_key(route: str) -> str:
    """The key of a route's raw ASGI limit (`raw`, `raw-cycle`, ...)."""
    return "raw" if route == "pcos" else f"raw-{route}"


def _ratio(row: Row, other: Row | None) -> float | None:
    if other is None or other.requests_per_s <= 0 or row.key == other.key:
        return None
    return row.requests_per_s / other.requests_per_s


def _share(row: Row, rows: dict[str, Row], key: str, factor: float, name: str) -> Check | None:
    other = rows.get(key)
    value = _ratio(row, other)
    if value is None or other is None:
        return None
    ok = value >= factor and row.errors == 0 and other.errors == 0
    return Check(name, f"{value:.2f}x", ok)


def checks(rows: dict[str, Row]) -> list[Check]:
    """Issue 24's targets, for the rows that ran."""
    found: list[Check | None] = []
    pcos, fair = rows.get("pcos"), rows.get("fair")
    if pcos is not None:
        found.append(
            _share(pcos, rows, "fair", PCOS_OF_FAIR, "/predict/pcos >= 0.8x the fair floor")
        )
        if fair is not None and fair.p99_ms > 0:
            value = pcos.p99_ms / fair.p99_ms
            found.append(
                Check(
                    "/predict/pcos p99 <= 1.5x the fair floor's",
                    f"{pcos.p99_ms:.2f} ms ({value:.2f}x)",
                    value <= PCOS_P99_OF_FAIR and pcos.errors == 0,
                )
            )
    for route, factor in (("cycle", CYCLE_OF_FAIR), ("symptoms", SYMPTOMS_OF_FAIR)):
        row = rows.get(route)
        if row is not None:
            name = f"/predict/{route} >= {factor}x its fair floor"
            found.append(_share(row, rows, fair_key(route), factor, name))
    batch = rows.get("batch")
    if batch is not None:
        ok = batch.rows_per_s >= BATCH_ROWS_PER_S and batch.errors == 0
        found.append(Check("batch >= 25,000 PCOS rows/s", f"{batch.rows_per_s:,.0f} rows/s", ok))
    health = rows.get("health")
    if health is not None and health.max_ms is not None:
        ok = health.max_ms <= HEALTH_MAX_MS and health.errors == 0
        found.append(
            Check("/health within 250 ms during symptom batches", f"max {health.max_ms:.1f} ms", ok)
        )
    return [check for check in found if check is not None]


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def markdown(rows: dict[str, Row], meta: dict[str, Any]) -> str:
    """The table (with each row's ratios) and the checks as markdown."""
    lines = [
        f"Measured {meta['date']} on {meta['machine']}; {meta['connections']} connections, "
        f"{meta['seconds']} s per target after {meta['warmup_seconds']} s warm-up.",
        "",
        "| target | requests/s | rows/s | p50 ms | p99 ms | errors | ÷ fair floor "
        "| ÷ raw limit | ÷ old floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    floor = rows.get("trivial")
    for row in rows.values():
        if row.kind == "health":
            continue
        fair = rows.get(fair_key(row.route))
        raw = rows.get(raw_key(row.route)) if row.kind != "raw" else None
        old = floor if row.kind != "floor" else None
        lines.append(
            f"| {row.label} | {row.requests_per_s:,.0f} | {row.rows_per_s:,.0f} | "
            f"{row.p50_ms:.2f} | {row.p99_ms:.2f} | {row.errors} | {_cell(_ratio(row, fair))} "
            f"| {_cell(_ratio(row, raw))} | {_cell(_ratio(row, old))} |"
        )
    pcos = rows.get("pcos")
    for key in ("mlserver", "naive"):
        other = rows.get(key)
        if pcos is not None and other is not None and other.requests_per_s > 0:
            lines.append(
                f"\n/predict/pcos does {pcos.requests_per_s / other.requests_per_s:.2f}x "
                f"the requests/s of {other.label}."
            )
    health = rows.get("health")
    if health is not None:
        lines.append(
            f"\n{health.label}: /health p50 {health.p50_ms:.1f} ms, p99 {health.p99_ms:.1f} ms, "
            f"max {health.max_ms or 0.0:.1f} ms; {health.rows_per_s:,.0f} symptom items/s "
            f"(batches took {health.wrk.get('batch_seconds')} s); {health.errors} errors."
        )
    lines += ["", "| target from the issue | measured | result |", "|---|---:|---|"]
    for check in checks(rows):
        lines.append(f"| {check.name} | {check.measured} | {'PASS' if check.passed else 'MISS'} |")
    return "\n".join(lines) + "\n"


def chart(rows: dict[str, Row], path: Path) -> None:
    """Requests/s (log scale) and p99 latency per target, side by side."""
    shown = [row for row in rows.values() if row.kind != "health"]
    if not shown:
        return
    labels = [row.label.replace(" (", "\n(").replace(", ", ",\n") for row in shown]
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 1.0 + 0.55 * len(shown)))
    bars = left.barh(labels, [row.requests_per_s for row in shown], color="#3b7dd8")
    notes = [
        f"{row.requests_per_s:,.0f}"
        + (f" ({row.rows_per_s:,.0f} rows/s)" if row.rows_per_s != row.requests_per_s else "")
        for row in shown
    ]
    left.bar_label(bars, labels=notes, padding=3, fontsize=8)
    left.set_xscale("log")
    left.set_xlabel("requests/s (log scale; higher is better)")
    p99 = right.barh(labels, [row.p99_ms for row in shown], color="#d8763b")
    right.bar_label(p99, labels=[f"{row.p99_ms:,.1f}" for row in shown], padding=3)
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
