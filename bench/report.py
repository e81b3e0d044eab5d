"""The results table with each row's ratios, the issue's targets as PASS/MISS, a chart, JSON.

Each prediction route is read against three references from the same run: its fair floor
(FastAPI validating the same body with the service's own request model, a fixed answer),
the old floor (a FastAPI route ignoring its body) and the raw ASGI limit (the same key
check, decode, validation, prediction, encoding and prediction id, nothing else).

A route's ratio to its fair floor is judged on pairs: the table's pair, then more rounds
of the floor and the service measured back to back in alternating order (`Pairs`). On a
shared machine one pair moves by several percent with whatever else runs between its two
measurements; the median of the pairs' ratios moves less. Each pair is printed.
"""

from __future__ import annotations

import json
import statistics
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


# A route's (fair floor, service) rows, measured back to back; the table's pair first.
Pairs = dict[str, list[tuple[Row, Row]]]
# The routes whose ratio to their fair floor is a target.
PAIRED_ROUTES = ("pcos", "cycle", "symptoms")


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


def pairs_of(rows: dict[str, Row], route: str, pairs: Pairs | None) -> list[tuple[Row, Row]]:
    """The route's (fair floor, service) pairs: the given ones, else the table's pair."""
    if pairs and pairs.get(route):
        return pairs[route]
    fair, service = rows.get(fair_key(route)), rows.get(route)
    return [] if fair is None or service is None else [(fair, service)]


def _median_of(values: list[float], unit: str) -> str:
    """`0.76x`, or with more than one value `0.76x (median of 3 pairs: 0.74, 0.76, 0.79)`."""
    text = f"{statistics.median(values):.2f}{unit}"
    if len(values) > 1:
        each = ", ".join(f"{value:.2f}" for value in values)
        text += f" (median of {len(values)} pairs: {each})"
    return text


def _share(found: list[tuple[Row, Row]], factor: float, name: str) -> Check | None:
    ratios = [service.requests_per_s / fair.requests_per_s for fair, service in found]
    if not ratios or any(fair.requests_per_s <= 0 for fair, _ in found):
        return None
    clean = all(fair.errors == 0 and service.errors == 0 for fair, service in found)
    return Check(name, _median_of(ratios, "x"), statistics.median(ratios) >= factor and clean)


def checks(rows: dict[str, Row], pairs: Pairs | None = None) -> list[Check]:
    """Issue 24's targets, for the rows that ran; a route's ratios on its `pairs` (the
    median), else on the table's pair."""
    found: list[Check | None] = []
    targets = (("pcos", PCOS_OF_FAIR), ("cycle", CYCLE_OF_FAIR), ("symptoms", SYMPTOMS_OF_FAIR))
    for route, factor in targets:
        measured = pairs_of(rows, route, pairs)
        if not measured:
            continue
        what = "the fair floor" if route == "pcos" else "its fair floor"
        found.append(_share(measured, factor, f"/predict/{route} >= {factor}x {what}"))
        if route == "pcos" and all(fair.p99_ms > 0 for fair, _ in measured):
            ratios = [service.p99_ms / fair.p99_ms for fair, service in measured]
            found.append(
                Check(
                    "/predict/pcos p99 <= 1.5x the fair floor's",
                    f"{_median_of(ratios, 'x')}, p99 {measured[0][1].p99_ms:.2f} ms",
                    statistics.median(ratios) <= PCOS_P99_OF_FAIR
                    and all(service.errors == 0 for _, service in measured),
                )
            )
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


def markdown(rows: dict[str, Row], meta: dict[str, Any], pairs: Pairs | None = None) -> str:
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
    if pairs and any(len(found) > 1 for found in pairs.values()):
        lines += [
            "",
            "Each route and its fair floor, measured back to back in alternating order (the "
            "table's pair first); a target is judged on the median of the pairs' ratios.",
            "",
            "| route | pair | fair floor req/s | service req/s | ratio | fair p99 ms "
            "| service p99 ms |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for route, found in pairs.items():
            for number, (fair, service) in enumerate(found, 1):
                lines.append(
                    f"| {route} | {number} | {fair.requests_per_s:,.0f} "
                    f"| {service.requests_per_s:,.0f} "
                    f"| {service.requests_per_s / fair.requests_per_s:.2f}x "
                    f"| {fair.p99_ms:.2f} | {service.p99_ms:.2f} |"
                )
    lines += ["", "| target from the issue | measured | result |", "|---|---:|---|"]
    for check in checks(rows, pairs):
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


def write_all(
    rows: dict[str, Row], meta: dict[str, Any], directory: Path, pairs: Pairs | None = None
) -> str:
    """Write latest.md, latest.png and latest.json under `directory`; return the markdown."""
    directory.mkdir(parents=True, exist_ok=True)
    text = markdown(rows, meta, pairs)
    (directory / "latest.md").write_text(text)
    chart(rows, directory / "latest.png")
    raw = {
        "meta": meta,
        "results": [asdict(row) for row in rows.values()],
        "pairs": {
            route: [{"fair": asdict(fair), "service": asdict(service)} for fair, service in found]
            for route, found in (pairs or {}).items()
        },
        "checks": [asdict(check) for check in checks(rows, pairs)],
    }
    (directory / "latest.json").write_text(json.dumps(raw, indent=2) + "\n")
    return text
