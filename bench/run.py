"""`make bench`: every prediction route against its fair floor, the old floor and the raw
ASGI limit, with MLServer and the naive route beside /predict/pcos, in one run.

Every server runs alone, pinned to core 0 with one worker; wrk runs pinned to core 1
with 16 connections. Each target gets a warm-up run (discarded) and a measured run; the
/health row is measured without wrk (bench/health_probe.py). Duration: BENCH_SECONDS
(default 10), warm-up: BENCH_WARMUP_SECONDS (default 2); `--only KEY ...` runs a subset.
Then each route with a ratio target (PCOS, cycle, symptoms) and its fair floor run
BENCH_PAIRS (`--pairs`, default 4) more times back to back, in alternating order: a target
is judged on the median of the pairs' ratios (bench/report.py), each pair printed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import sys
import urllib.request
from pathlib import Path
from types import FrameType
from typing import Any

from bench import health_probe, report
from bench.bodies import SYMPTOM_BATCH_ITEMS, write_bodies
from bench.loadgen import Load, run_wrk
from bench.servers import Server, wait_ready
from bench.targets import API_KEY, ORIGIN, REPO_ROOT, TARGETS, WORK_DIR, Target

RESULTS_DIR = REPO_ROOT / "bench" / "results"
CONNECTIONS = 16
DRAIN_TIMEOUT_S = 180.0


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds every `with`, which stops the servers


def expected_field(target: Target) -> str:
    """The field a real answer of this target has."""
    if target.kind in ("fair", "floor", "baseline") and target.key != "mlserver":
        return "risk_score"
    return {"cycle": "predicted_start_date", "symptoms": "pmdd_screen"}.get(
        target.route, "risk_score"
    )


def smoke(server: Server, target: Target, body_file: Path) -> None:
    """One request with the benchmark's body and headers; raise unless it is a real answer."""
    headers = {"Content-Type": "application/json", "Origin": ORIGIN}
    if target.authorized:
        headers["Authorization"] = f"Bearer {API_KEY}"
    request = urllib.request.Request(
        server.url + target.path, data=body_file.read_bytes(), headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    if target.route == "batch":
        predictions = answer["predictions"]
        bad = [p for p in predictions if "risk_score" not in p]
        if len(predictions) != target.rows_per_request or bad:
            raise RuntimeError(
                f"batch answered {len(predictions)} items, {len(bad)} without a score"
            )
    elif target.key == "mlserver":
        probabilities = answer["outputs"][0]
        if probabilities["name"] != "predict_proba" or probabilities["shape"] != [1, 2]:
            raise RuntimeError(f"unexpected MLServer answer: {answer}")
    elif expected_field(target) not in answer:
        raise RuntimeError(f"{target.key} answered without {expected_field(target)}: {answer}")


def load_for(target: Target, body_file: Path) -> Load:
    """What wrk sends `target`: its body, the bench's key when it takes one, the Origin."""
    return Load(
        body_file=body_file,
        authorization=f"Bearer {API_KEY}" if target.authorized else "",
        origin=ORIGIN,
        connections=CONNECTIONS,
        timeout_s=target.timeout_s,
    )


def measure(target: Target, body_file: Path, seconds: float, warmup: float) -> report.Row:
    """Start the target's server, check one answer, warm up, measure, stop the server."""
    if target.kind == "health":
        return measure_health(target, body_file)
    load = load_for(target, body_file)
    with target.server() as server:
        smoke(server, target, body_file)
        url = server.url + target.path
        if warmup > 0:
            run_wrk(url, load, warmup)
            wait_ready(server, DRAIN_TIMEOUT_S)
        result = run_wrk(url, load, seconds)
    rows_per_s = result.requests_per_s * target.rows_per_request
    return report.Row(
        key=target.key,
        label=target.label,
        requests_per_s=round(result.requests_per_s, 1),
        rows_per_s=round(rows_per_s, 1),
        p50_ms=result.latency_ms("p50"),
        p99_ms=result.latency_ms("p99"),
        errors=result.errors,
        wrk=result.summary | {"text": result.text},
        route=target.route,
        kind=target.kind,
    )


def measure_health(target: Target, body_file: Path) -> report.Row:
    """/health's latency during two symptom batches at once (no wrk)."""
    with target.server() as server:
        figures = health_probe.measure(
            server.url, body_file.read_bytes(), f"Bearer {API_KEY}", SYMPTOM_BATCH_ITEMS
        )
    summary = figures.summary()
    return report.Row(
        key=target.key,
        label=target.label,
        requests_per_s=round(figures.rows_per_s, 1),
        rows_per_s=round(figures.rows_per_s, 1),
        p50_ms=figures.p50_ms,
        p99_ms=figures.p99_ms,
        errors=figures.probes.failures + len(figures.batch_failures),
        wrk=summary,
        route=target.route,
        kind=target.kind,
        max_ms=figures.max_ms,
    )


def machine() -> str:
    """CPU model, core count and Python version, for the record."""
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """--seconds, --warmup and --only (a subset of target keys)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument(
        "--warmup", type=float, default=float(os.environ.get("BENCH_WARMUP_SECONDS", 2))
    )
    parser.add_argument(
        "--only", nargs="*", choices=[t.key for t in TARGETS], default=None, metavar="KEY"
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=int(os.environ.get("BENCH_PAIRS", 4)),
        help="more back-to-back rounds of each route and its fair floor, after the table",
    )
    return parser.parse_args(argv)


def _report(row: report.Row, unit: str = "req/s,") -> None:
    print(
        f"   {row.requests_per_s:,.0f} {unit} p50 {row.p50_ms:.2f} ms, "
        f"p99 {row.p99_ms:.2f} ms, errors {row.errors}",
        flush=True,
    )


def paired(
    rows: dict[str, report.Row], bodies: dict[str, Path], args: argparse.Namespace
) -> report.Pairs:
    """Each target route's table pair, then `--pairs` more rounds of its fair floor and
    the service back to back, the order alternating (service first in the first extra
    round), so that a machine speeding up or slowing down falls on both sides."""
    pairs: report.Pairs = {}
    by_key = {target.key: target for target in TARGETS}
    for route in report.PAIRED_ROUTES:
        fair_key = report.fair_key(route)
        if route not in rows or fair_key not in rows:
            continue
        pairs[route] = [(rows[fair_key], rows[route])]
        for number in range(args.pairs):
            order = [route, fair_key] if number % 2 == 0 else [fair_key, route]
            measured = {}
            for key in order:
                target = by_key[key]
                print(f"== pair {number + 2} of {route}: {target.label}", flush=True)
                measured[key] = measure(target, bodies[target.body], args.seconds, args.warmup)
                _report(measured[key])
            pairs[route].append((measured[fair_key], measured[route]))
    return pairs


def main(argv: list[str] | None = None) -> int:
    """Measure every target, print the table and PASS/MISS, write bench/results/latest.*."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    bodies = write_bodies(WORK_DIR / "bodies")
    chosen = [t for t in TARGETS if args.only is None or t.key in args.only]
    rows: dict[str, report.Row] = {}
    for target in chosen:
        timing = (
            "two rounds of two batches"
            if target.kind == "health"
            else f"{args.warmup:g} s warm-up, {args.seconds:g} s measured"
        )
        print(f"== {target.label}: {timing}", flush=True)
        rows[target.key] = measure(target, bodies[target.body], args.seconds, args.warmup)
        unit = "symptom rows/s, /health" if target.kind == "health" else "req/s,"
        _report(rows[target.key], unit)
    pairs = paired(rows, bodies, args)
    meta: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "command": " ".join(["python bench/run.py", *(sys.argv[1:] if argv is None else argv)]),
        "connections": CONNECTIONS,
        "seconds": args.seconds,
        "warmup_seconds": args.warmup,
        "pairs": args.pairs,
    }
    print()
    print(report.write_all(rows, meta, RESULTS_DIR, pairs))
    print(f"wrote {RESULTS_DIR / 'latest.md'}, latest.png and latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
