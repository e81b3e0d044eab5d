"""Alternated wrk runs of bench targets: the worker's CPU per request, requests/s and p99.

usage: python -m bench.cpu_ab [--seconds 5] [--rounds 4] SPEC [SPEC ...]

A SPEC is a target key of bench/targets.py (`pcos`, `fair`, `batch`, ...); a service target
(`pcos`, `cycle`, `symptoms`, `batch`) may take settings for the served app after a colon:
`pcos:LEDGER_ENABLED=false`, or another tree's code,
`pcos:PYTHONPATH=/path/to/other/checkout/src` (a "before" beside the "after"). Each
round runs every SPEC in turn (server started, 2 s of warm-up, then `--seconds` measured),
so a change in the machine's speed falls on all of them; the figure that moves least with
it is the worker's CPU per request, read from /proc before and after the measured run
(its threads included: the ledger's writer, the pool). Printed: each round's CPU, then min
and median over rounds per SPEC. The wrk and pinning are those of `make bench`.
"""

from __future__ import annotations

import argparse
import os
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench import targets
from bench.bodies import write_bodies
from bench.loadgen import run_wrk
from bench.run import load_for
from bench.servers import workers_of

TICKS = os.sysconf("SC_CLK_TCK")
R = TypeVar("R")


@dataclass(frozen=True)
class Run:
    """One measured run: µs of worker CPU per request, requests/s, p99 in ms."""

    cpu_us: float
    per_second: float
    p99_ms: float


def worker_cpu_seconds(pid: int) -> float:
    """User plus system CPU of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def measure(spec: str, seconds: float) -> Run:
    """Start SPEC's server, warm it up, and measure one run."""
    key, _, settings = spec.partition(":")
    overrides = dict(pair.split("=", 1) for pair in settings.split(",") if "=" in pair)
    target = next(t for t in targets.TARGETS if t.key == key)
    if overrides and target.kind != "service":
        # Settings start the service's app; a floor, a baseline or a variant would be
        # replaced by it without a word.
        raise SystemExit(f"{key}: settings apply to the service's targets only")
    bodies = write_bodies(targets.WORK_DIR / "bodies")
    server_cm = (
        targets.gunicorn(
            f"ab-{key}", targets.APP, {**targets.route_overrides(target.route), **overrides}
        )
        if overrides
        else target.server()
    )
    with server_cm as server:
        load = load_for(target, bodies[target.body])
        url = server.url + target.path
        run_wrk(url, load, 2)
        worker = workers_of(server.process.pid)[-1]
        before = worker_cpu_seconds(worker)
        result = run_wrk(url, load, seconds)
        spent = worker_cpu_seconds(worker) - before
    requests = int(result.summary["requests"])
    return Run(spent / requests * 1e6, result.requests_per_s, result.latency_ms("p99"))


def alternated(
    keys: Sequence[str], rounds: int, run: Callable[[str], R], shown: Callable[[R], float]
) -> dict[str, list[R]]:
    """`run` each key in turn, `rounds` times (so a change in the machine's speed falls on
    all of them), printing each round's `shown` figures; every key's runs in order."""
    runs: dict[str, list[R]] = {key: [] for key in keys}
    for number in range(1, rounds + 1):
        for key in keys:
            runs[key].append(run(key))
        print(f"round {number}: " + "  ".join(f"{shown(runs[k][-1]):.0f}" for k in keys))
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args()
    runs = alternated(
        args.specs, args.rounds, lambda spec: measure(spec, args.seconds), lambda r: r.cpu_us
    )
    for spec, done in runs.items():
        cpu = [run.cpu_us for run in done]
        rate = [run.per_second for run in done]
        p99 = [run.p99_ms for run in done]
        print(
            f"{spec}: CPU µs a request min {min(cpu):.0f} median {statistics.median(cpu):.0f}"
            f" | requests/s median {statistics.median(rate):,.0f}"
            f" | p99 median {statistics.median(p99):.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
