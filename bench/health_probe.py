"""/health latency while the worker answers two 500-item symptom batches at once.

The batches run in the worker's prediction pool; the event loop only waits, so a probe
(as the kubelet sends one) must still be answered at once. Per round, two threads post the
batch together, each on its own connection, while another calls /health every
PROBE_INTERVAL_S on a fresh connection; the rows/s are the symptom items answered per
second of the two batches' wall time.
"""

from __future__ import annotations

import threading
import time
import urllib.request
from dataclasses import dataclass, field

PROBE_INTERVAL_S = 0.02
ROUNDS = 2
BATCH_TIMEOUT_S = 300


@dataclass
class Probes:
    """/health latencies in milliseconds, and probes that failed."""

    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _probe(url: str, probes: Probes, stop: threading.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                answer.read()
                ok = answer.status == 200
        except OSError:
            ok = False
        if ok:
            probes.latencies_ms.append((time.perf_counter() - started) * 1000)
        else:
            probes.failures += 1
        stop.wait(PROBE_INTERVAL_S)


def _post(url: str, body: bytes, headers: dict[str, str], failures: list[str]) -> None:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=BATCH_TIMEOUT_S) as answer:
            answer.read()
    except OSError as error:
        failures.append(type(error).__name__)


@dataclass(frozen=True)
class HealthFigures:
    """What one run measured."""

    rows_per_s: float
    batch_seconds: list[float]
    probes: Probes
    batch_failures: list[str]

    @property
    def max_ms(self) -> float:
        return max(self.probes.latencies_ms, default=0.0)

    @property
    def p50_ms(self) -> float:
        return self.probes.percentile(0.5)

    @property
    def p99_ms(self) -> float:
        return self.probes.percentile(0.99)

    def summary(self) -> dict[str, object]:
        latencies = self.probes.latencies_ms
        return {
            "batch_seconds": self.batch_seconds,
            "health_probes": len(latencies),
            "health_failures": self.probes.failures,
            "health_p50_ms": round(self.p50_ms, 2),
            "health_p99_ms": round(self.p99_ms, 2),
            "health_max_ms": round(self.max_ms, 2),
            "batch_failures": self.batch_failures,
        }


def measure(
    base_url: str, body: bytes, authorization: str | None, items: int, rounds: int = ROUNDS
) -> HealthFigures:
    """A warm-up batch, then `rounds` rounds of two batches at once under the probe.

    `authorization`: the header's value, or None for a server that asks for no key.
    """
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    batch_url = f"{base_url}/api/v1/predict/batch"
    failures: list[str] = []
    _post(batch_url, body, headers, failures)  # warm-up, unmeasured
    probes = Probes()
    stop = threading.Event()
    prober = threading.Thread(target=_probe, args=(f"{base_url}/health", probes, stop))
    prober.start()
    seconds: list[float] = []
    try:
        time.sleep(0.5)
        for _ in range(rounds):
            senders = [
                threading.Thread(target=_post, args=(batch_url, body, headers, failures))
                for _ in range(2)
            ]
            started = time.perf_counter()
            for sender in senders:
                sender.start()
            for sender in senders:
                sender.join()
            seconds.append(round(time.perf_counter() - started, 3))
        time.sleep(0.5)
    finally:
        stop.set()
        prober.join()
    rows_per_s = 2 * items * len(seconds) / sum(seconds) if seconds else 0.0
    return HealthFigures(rows_per_s, seconds, probes, failures)
