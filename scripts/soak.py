"""Soak test: steady load on a real Gunicorn with 2 workers, for up to 10 minutes.

Reports, per minute: requests served, errors, p50/p99/max latency, and the resident memory
(RSS) of each worker; at the end, memory growth of each worker after the warm-up minute.
Exits 1 when any request failed or a worker grew by 10% or more after warm-up.

    .venv/bin/python scripts/soak.py --minutes 10 --rate 50

Not part of CI (it runs for minutes); `make soak` runs it.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from tests.robustness.load import Result, children_of, mixed_calls, percentile, rss_mib, send
from tests.support.servers import gunicorn_server

MAX_MINUTES = 10.0
GROWTH_LIMIT = 0.10
RSS_EVERY_S = 5.0
# Distinct inputs cycle through this many indices, so the caches fill up and then stay full.
DISTINCT_INPUTS = 30_000
SERVER_ENV = {
    "RATE_LIMIT_DEFAULT": "1000000/minute",
    "LOG_LEVEL": "WARNING",
}


@dataclass
class Recorder:
    """Results and memory samples, shared by the load threads and the sampler."""

    started: float
    results: list[Result] = field(default_factory=list)
    rss: list[tuple[float, int, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, result: Result) -> None:
        """Keep one result."""
        with self.lock:
            self.results.append(result)

    def minute_of(self, moment: float) -> int:
        """The 1-based minute of the run `moment` (time.monotonic) falls in."""
        return int((moment - self.started) // 60) + 1


def load_thread(
    url: str, recorder: Recorder, lane: int, lanes: int, rate: float, end: float
) -> None:
    """Send this lane's share of an evenly paced schedule until `end`."""
    index = lane
    while True:
        due = recorder.started + index / rate
        if due >= end:
            return
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        call = mixed_calls([index % DISTINCT_INPUTS])[0]
        recorder.add(send(url, call))
        index += lanes


def sample_memory(master: int, recorder: Recorder, end: float) -> None:
    """Record the RSS of every worker every few seconds until `end`."""
    while time.monotonic() < end:
        now = time.monotonic()
        for pid in children_of(master):
            mib = rss_mib(pid)
            if mib is not None:
                with recorder.lock:
                    recorder.rss.append((now, pid, mib))
        time.sleep(RSS_EVERY_S)


def last_rss_in_minute(recorder: Recorder, minute: int) -> dict[int, float]:
    """The last RSS sample of each worker within `minute`."""
    found: dict[int, float] = {}
    for moment, pid, mib in recorder.rss:
        if recorder.minute_of(moment) == minute:
            found[pid] = mib
    return found


def minute_rows(recorder: Recorder, minutes: int, pids: Sequence[int]) -> list[str]:
    """One markdown table row per minute."""
    rows = []
    for minute in range(1, minutes + 1):
        done = [r for r in recorder.results if recorder.minute_of(r.finished_at) == minute]
        if not done:
            continue
        millis = [r.seconds * 1000 for r in done]
        errors = sum(r.status != 200 for r in done)
        memory = last_rss_in_minute(recorder, minute)
        rss = " | ".join(f"{memory[p]:.1f}" if p in memory else "-" for p in pids)
        rows.append(
            f"| {minute} | {len(done)} | {errors} | {percentile(millis, 50):.1f} | "
            f"{percentile(millis, 99):.1f} | {max(millis):.1f} | {rss} |"
        )
    return rows


def growth_after_warmup(recorder: Recorder, warmup_minutes: int) -> dict[int, float]:
    """Each worker's RSS growth from the end of warm-up to its last sample, as a fraction."""
    warm = last_rss_in_minute(recorder, warmup_minutes)
    last: dict[int, float] = {}
    for _, pid, mib in recorder.rss:
        last[pid] = mib
    return {pid: last[pid] / warm[pid] - 1 for pid in warm if pid in last}


def report(recorder: Recorder, args: argparse.Namespace, pids: Sequence[int]) -> int:
    """Print the markdown report; the exit status (0 when the targets are met)."""
    minutes = int(-(-args.minutes // 1))
    errors = [r for r in recorder.results if r.status != 200]
    growth = growth_after_warmup(recorder, args.warmup_minutes)
    header = " | ".join(f"RSS worker {n + 1} (MiB)" for n in range(len(pids)))
    print(f"\nSoak: {args.minutes:g} min, target {args.rate:g} req/s, {len(pids)} workers")
    print(f"\n| minute | requests | errors | p50 ms | p99 ms | max ms | {header} |")
    print("|---" * (6 + len(pids)) + "|")
    print("\n".join(minute_rows(recorder, minutes, pids)))
    print(f"\nrequests served: {len(recorder.results) - len(errors)}; errors: {len(errors)}")
    if errors:
        print(f"error statuses: {sorted({r.status for r in errors})}")
    for number, pid in enumerate(pids, start=1):
        share = growth.get(pid)
        shown = "n/a" if share is None else f"{share * 100:+.1f}%"
        print(f"worker {number} (pid {pid}) RSS growth after minute {args.warmup_minutes}: {shown}")
    if set(children_of_workers_seen(recorder)) != set(pids):
        print("note: the set of worker pids changed during the run (a worker was replaced)")
    too_much = any(share >= GROWTH_LIMIT for share in growth.values())
    return 1 if errors or too_much or not growth else 0


def children_of_workers_seen(recorder: Recorder) -> list[int]:
    """Every worker pid that appeared in a memory sample."""
    return sorted({pid for _, pid, _ in recorder.rss})


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="run time, at most 10")
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    parser.add_argument("--workers", type=int, default=2, help="Gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="client threads")
    parser.add_argument("--warmup-minutes", type=int, default=1, help="minutes before growth")
    args = parser.parse_args(argv)
    if not 0 < args.minutes <= MAX_MINUTES:
        parser.error(f"--minutes must be in (0, {MAX_MINUTES:g}]")
    if args.minutes <= args.warmup_minutes:
        parser.error("--minutes must exceed --warmup-minutes")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the soak and print its report."""
    args = parse_args(argv)
    env = {**SERVER_ENV, "MAX_WORKERS": str(args.workers)}
    with gunicorn_server(env, workers=args.workers) as server:
        pids = children_of(server.process.pid)
        recorder = Recorder(started=time.monotonic())
        end = recorder.started + args.minutes * 60
        threads = [
            threading.Thread(target=sample_memory, args=(server.process.pid, recorder, end))
        ] + [
            threading.Thread(
                target=load_thread,
                args=(server.url, recorder, lane, args.threads, args.rate, end),
            )
            for lane in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return report(recorder, args, pids)


if __name__ == "__main__":
    raise SystemExit(main())
