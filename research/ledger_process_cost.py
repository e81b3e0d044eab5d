"""Where the ledger's CPU lands under wrk: the worker's event loop, its other threads, the
ledger's child process (LEDGER_WRITER_PROCESS), per /predict/pcos request.

    PYTHONPATH=src:. .venv/bin/python -m research.ledger_process_cost [--seconds 6] \\
        [--rounds 3] [VARIANT ...]

A VARIANT is settings for the service, `NAME=value,NAME=value` (default: the thread, the
child on the worker's core, the child on any core (the default since 1.8.0), the child on
the load generator's core, the ledger off). Each
round runs every variant in turn with the bench's wrk and pinning (bench/cpu_ab.py), and
reads from /proc (schedstat, as bench/thread_cpu.py), before and after the measured run,
the CPU of each thread of the worker (the event loop's is the thread whose id is the
process's) and of the worker's children.
Per variant: µs a request (median over rounds) of the loop, of the worker's other threads
(the ledger's writer thread among them), of the child, requests/s and p99 (medians).
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import dataclass

from bench import targets
from bench.bodies import write_bodies
from bench.cpu_ab import alternated
from bench.loadgen import WRK_CORE, run_wrk
from bench.run import load_for
from bench.servers import workers_of
from bench.thread_cpu import thread_seconds

DEFAULT_VARIANTS = (
    "LEDGER_WRITER_PROCESS=false",
    "LEDGER_WRITER_PROCESS=true,LEDGER_WRITER_CPUS=",
    "LEDGER_WRITER_PROCESS=true,LEDGER_WRITER_CPUS=all",
    f"LEDGER_WRITER_PROCESS=true,LEDGER_WRITER_CPUS={WRK_CORE}",
    "LEDGER_ENABLED=false",
)


@dataclass(frozen=True)
class Run:
    """µs of CPU a request by where it ran, requests/s and p99 (ms)."""

    loop: float
    threads: float
    child: float
    per_second: float
    p99_ms: float


def children_cpu(pid: int) -> float:
    """CPU seconds of a process's children so far (their threads included)."""
    return sum(sum(thread_seconds(child).values()) for child in workers_of(pid))


def measure(variant: str, seconds: float) -> Run:
    """Start the service with `variant`'s settings, warm it up, measure one run."""
    overrides = dict(pair.split("=", 1) for pair in variant.split(",") if "=" in pair)
    target = next(t for t in targets.TARGETS if t.key == "pcos")
    bodies = write_bodies(targets.WORK_DIR / "bodies")
    settings = {**targets.route_overrides(target.route), **overrides}
    with targets.gunicorn("ledger-process", targets.APP, settings) as server:
        load = load_for(target, bodies[target.body])
        url = server.url + target.path
        run_wrk(url, load, 2)
        worker = workers_of(server.process.pid)[-1]
        threads, child = thread_seconds(worker), children_cpu(worker)
        result = run_wrk(url, load, seconds)
        threads_after, child_after = thread_seconds(worker), children_cpu(worker)
    requests = int(result.summary["requests"])
    spent = {tid: threads_after[tid] - threads.get(tid, 0.0) for tid in threads_after}
    loop = spent.pop(worker, 0.0)
    return Run(
        loop / requests * 1e6,
        sum(spent.values()) / requests * 1e6,
        (child_after - child) / requests * 1e6,
        result.requests_per_s,
        result.latency_ms("p99"),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("variants", nargs="*", default=list(DEFAULT_VARIANTS))
    args = parser.parse_args()
    runs = alternated(
        args.variants, args.rounds, lambda variant: measure(variant, args.seconds), lambda r: r.loop
    )
    print("| variant | loop µs | other threads µs | child µs | requests/s | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for variant, done in runs.items():
        figures = [
            statistics.median(getattr(run, name) for run in done)
            for name in ("loop", "threads", "child", "per_second", "p99_ms")
        ]
        loop, threads, child, per_second, p99 = figures
        print(
            f"| {variant} | {loop:.1f} | {threads:.1f} | {child:.1f} | {per_second:,.0f} "
            f"| {p99:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
