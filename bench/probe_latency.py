"""Probe latency, CPU and memory of a real Gunicorn under heavy batches: the k8s sizing figures.

    .venv/bin/python -m bench.probe_latency --seconds 60 --clients 4

Starts the app under Gunicorn (2 workers, cache and rate limit off, so every batch is
computed), keeps `--clients` threads posting the largest batches that fit in MAX_BODY_BYTES,
and meanwhile calls /health and /health/ready every `--probe-interval` seconds, as the
kubelet would. Prints latency percentiles of both probes and of the batches, the CPU the
server's processes used (in cores) and their resident memory. k8s/deployment.yaml's probe
timings and resources come from this (docs/DEPLOYMENT.md has the figures).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from fembalance_ml.api.batch_cost import batch_cost
from fembalance_ml.config import Settings
from fembalance_ml.main import served_registry
from tests.deploy.examples import CYCLE, PCOS, SYMPTOMS
from tests.support.servers import gunicorn_server

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Samples:
    """Latencies in seconds and status codes, appended from several threads."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, status: int) -> None:
        """Record one answered request."""
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def fail(self) -> None:
        """Record a request that got no answer (timeout, reset)."""
        with self.lock:
            self.errors += 1

    def summary(self) -> dict[str, object]:
        """Count, p50, p95, p99 and max in milliseconds, and the status codes seen."""
        ordered = sorted(self.latencies)
        if not ordered:
            return {"count": 0, "errors": self.errors}

        def pick(q: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

        return {
            "count": len(ordered),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": pick(0.95),
            "p99_ms": pick(0.99),
            "max_ms": round(ordered[-1] * 1000, 1),
            "statuses": self.statuses,
            "errors": self.errors,
        }


def largest_batch(max_body_bytes: int) -> bytes:
    """A batch cycling through the three models, as many items as the body and cost limits take."""
    examples = [("pcos", PCOS), ("cycle", CYCLE), ("symptoms", SYMPTOMS)]
    items: list[dict[str, object]] = []
    size = len(json.dumps({"requests": []}))
    settings = Settings()
    costs = served_registry().costs
    while len(items) < settings.batch.max_items:
        name, example = examples[len(items) % len(examples)]
        item = {"model_name": name, "input": example}
        size += len(json.dumps(item)) + 2  # the ", " that joins it to the list
        if (
            size > max_body_bytes * 0.95
            or batch_cost([*items, item], costs) > settings.batch.max_cost
        ):
            break
        items.append(item)
    return json.dumps({"requests": items}).encode()


def process_tree(root: int) -> list[int]:
    """`root` and every descendant process id, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User plus system CPU time of each of `pids` still alive, in seconds."""
    seconds: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return seconds


def resident_mib(pids: list[int]) -> float:
    """Proportional set size of `pids` in MiB (shared pages counted once), as cgroups see it."""
    total_kib = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                total_kib += int(line.split()[1])
    return total_kib / 1024


def post_batches(url: str, payload: bytes, samples: Samples, stop: threading.Event) -> None:
    """Post `payload` to the batch endpoint until `stop` is set."""
    headers = {"Content-Type": "application/json"}
    with httpx.Client(timeout=60) as client:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                answer = client.post(
                    f"{url}/api/v1/predict/batch", content=payload, headers=headers
                )
            except httpx.HTTPError:
                samples.fail()
                continue
            samples.add(time.perf_counter() - started, answer.status_code)


def probe(url: str, path: str, interval: float, samples: Samples, stop: threading.Event) -> None:
    """Call `path` every `interval` seconds on a fresh connection, as the kubelet does."""
    while not stop.wait(interval):
        started = time.perf_counter()
        try:
            answer = httpx.get(f"{url}{path}", timeout=30)
        except httpx.HTTPError:
            samples.fail()
            continue
        samples.add(time.perf_counter() - started, answer.status_code)


def measure(
    seconds: float, clients: int, probe_interval: float, worker_timeout: int
) -> dict[str, object]:
    """Run the server under load for `seconds` and return every figure."""
    env = {"RATE_LIMIT_ENABLED": "false", "CACHE_ENABLED": "false", "LOG_LEVEL": "WARNING"}
    env["WORKER_TIMEOUT"] = str(worker_timeout)
    payload = largest_batch(Settings().server.max_body_bytes)
    with gunicorn_server(env, workers=2) as server:
        idle_mib = resident_mib(process_tree(server.process.pid))
        batches, health, ready = Samples(), Samples(), Samples()
        stop = threading.Event()
        threads = [
            threading.Thread(target=post_batches, args=(server.url, payload, batches, stop))
            for _ in range(clients)
        ]
        threads += [
            threading.Thread(target=probe, args=(server.url, path, probe_interval, kept, stop))
            for path, kept in (("/health", health), ("/health/ready", ready))
        ]
        # Per process, the last CPU time seen: a worker that gunicorn replaces still counts.
        master = server.process.pid
        cpu_before = cpu_seconds(process_tree(master))
        cpu_seen, wall_before, peak_mib = dict(cpu_before), time.monotonic(), idle_mib
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(1)
            tree = process_tree(master)
            cpu_seen.update(cpu_seconds(tree))
            peak_mib = max(peak_mib, resident_mib(tree))
        used = sum(cpu_seen.values()) - sum(cpu_before.values())
        cores = used / (time.monotonic() - wall_before)
        stop.set()
        for thread in threads:
            thread.join()
        workers_started = len(cpu_seen) - len(cpu_before)
    answered = batches.statuses.get(200, 0)
    return {
        "batch_items": len(json.loads(payload)["requests"]),
        "batch_bytes": len(payload),
        "clients": clients,
        "worker_timeout_s": worker_timeout,
        "seconds": seconds,
        "machine_cpus": os.cpu_count(),
        "machine_load_1m_at_end": round(os.getloadavg()[0], 1),
        "server_cpu_cores_used": round(cores, 2),
        # CPU time is what a batch costs whatever else the machine runs: on a core of its
        # own, a worker is blocked (and its probes wait) about this long per batch.
        "server_cpu_seconds_per_batch": round(used / answered, 2) if answered else None,
        "workers_replaced": workers_started,
        "server_pss_mib_idle": round(idle_mib, 1),
        "server_pss_mib_peak": round(peak_mib, 1),
        "batch": batches.summary(),
        "health": health.summary(),
        "health_ready": ready.summary(),
    }


def main() -> None:
    """Parse the options, measure, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--probe-interval", type=float, default=0.5)
    # Raise it to measure what a batch costs on a machine too busy to finish one in 30 s.
    parser.add_argument("--worker-timeout", type=int, default=Settings().server.worker_timeout)
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    figures = measure(args.seconds, args.clients, args.probe_interval, args.worker_timeout)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
