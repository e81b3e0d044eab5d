"""CPU time per worker thread over a wrk run: what the ledger writer costs beside the loop.

usage: python -m bench.thread_cpu [--rounds 3] [--seconds 10] [TARGET ...]
       (targets as in bench/run.py; default: pcos pcos-no-ledger)

Requests/s on a busy machine swing too much to resolve a few percent; the CPU each thread
of the worker used per answer, taken over the same run, does not: a noisy neighbour slows
the event loop and the writer thread alike. Per-thread times come from
/proc/PID/task/TID/schedstat (nanoseconds); thread names from `py-spy dump` when py-spy is
on PATH (else only thread ids). Linux only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import time
from pathlib import Path

from bench.bodies import write_bodies
from bench.loadgen import run_wrk
from bench.run import load_for, smoke
from bench.servers import workers_of
from bench.targets import TARGETS, WORK_DIR


def thread_seconds(pid: int) -> dict[int, float]:
    """CPU seconds of each thread of a process (by thread id), from schedstat."""
    times = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "schedstat") as stat:
            times[int(task.name)] = int(stat.read().split()[0]) / 1e9
    return times


def _thread_names(pid: int) -> dict[int, str]:
    spy = shutil.which("py-spy")
    if spy is None:
        return {}
    dump = subprocess.run([spy, "dump", "--pid", str(pid)], capture_output=True, text=True)
    names = {}
    for line in dump.stdout.splitlines():
        if line.startswith("Thread ") and '"' in line:
            try:
                names[int(line.split()[1], 0)] = line.split('"')[1]
            except ValueError:
                continue
    return names


def measure(key: str, seconds: float, bodies: dict[str, Path]) -> None:
    """One warm run of `key`, then a measured one; print µs of CPU per answer per thread."""
    target = next(t for t in TARGETS if t.key == key)
    load = load_for(target, bodies[target.body])
    with target.server() as server:
        smoke(server, target, bodies[target.body])
        url = server.url + target.path
        run_wrk(url, load, 2)
        time.sleep(0.5)
        (worker,) = workers_of(server.process.pid)
        names = _thread_names(worker)
        before = thread_seconds(worker)
        result = run_wrk(url, load, seconds)
        after = thread_seconds(worker)
    answers = int(result.summary["requests"])
    print(f"{key}: {result.requests_per_s:,.0f} requests/s, {answers} answers", flush=True)
    for tid, spent in sorted(after.items()):
        used = spent - before.get(tid, 0.0)
        if used > 0.001:
            name = names.get(tid, str(tid))
            print(f"  {name:16s} {used:7.3f} s CPU, {used / answers * 1e6:8.1f} µs per answer")


def main() -> int:
    """Alternate the targets for --rounds rounds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("targets", nargs="*", default=["pcos", "pcos-no-ledger"])
    args = parser.parse_args()
    bodies = write_bodies(WORK_DIR / "bodies")
    for _ in range(args.rounds):
        for key in args.targets:
            measure(key, args.seconds, bodies)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
