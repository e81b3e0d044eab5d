"""Bounded HTTP load on loopback for the fault tests and the soak: threads and urllib.

Every request opens its own connection (urllib), as a client behind a load balancer
would, so a dead worker costs only the requests it held, and the kernel spreads new
connections over the live workers.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from tests.conftest import body

# A status of 0 stands for no HTTP answer at all (connection refused, reset, timed out).
NO_ANSWER = 0
REQUEST_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Call:
    """One request to send: a path and its JSON body."""

    path: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Result:
    """What came back for one call."""

    call: Call
    status: int
    body: bytes
    seconds: float
    finished_at: float


def send(base_url: str, call: Call, headers: dict[str, str] | None = None) -> Result:
    """POST one call and time it; any transport failure becomes status 0."""
    data = json.dumps(call.payload).encode()
    request = urllib.request.Request(
        base_url + call.path,
        data=data,
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
            status, content = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, content = error.code, error.read()
    except (OSError, http.client.HTTPException) as error:
        status, content = NO_ANSWER, repr(error).encode()
    finished = time.perf_counter()
    return Result(call, status, content, finished - started, time.monotonic())


def run_threads(base_url: str, calls: Sequence[Call], threads: int) -> list[Result]:
    """Send every call once, spread over `threads` threads; results in no fixed order."""
    results: list[Result] = []
    lock = threading.Lock()
    shares = [calls[i::threads] for i in range(threads)]

    def worker(share: Sequence[Call]) -> None:
        mine = [send(base_url, call) for call in share]
        with lock:
            results.extend(mine)

    pool = [threading.Thread(target=worker, args=(share,), daemon=True) for share in shares]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    return float(np.percentile(values, q))


def pcos_call(index: int) -> Call:
    """A valid PCOS request, a different one for each index below 50,000."""
    payload = body("pcos")
    payload["user_id"] = f"load-user-{index % 97}"
    payload["features"]["age"] = 18 + index % 50 / 2
    payload["features"]["weight_kg"] = 45 + index // 100 % 500 / 10
    return Call("/api/v1/predict/pcos", payload)


def cycle_call(index: int) -> Call:
    """A valid cycle request, a different one for each index below 36,000."""
    payload = body("cycle")
    payload["horizon_cycles"] = 1 + index % 12
    payload["as_of"] = str(date(2026, 2, 18) + timedelta(days=index // 12 % 3000))
    return Call("/api/v1/predict/cycle", payload)


def symptoms_call(index: int) -> Call:
    """A valid symptoms request, a different one for each index below 5,000."""
    payload = body("symptoms")
    payload["as_of"] = str(date(2026, 2, 18) + timedelta(days=index % 5000))
    return Call("/api/v1/predict/symptoms", payload)


def mixed_calls(indices: Sequence[int]) -> list[Call]:
    """One request per index, cycling through the three models."""
    makers = (pcos_call, cycle_call, symptoms_call)
    return [makers[i % 3](i // 3) for i in indices]


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (Gunicorn's workers, for its master), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def rss_mib(pid: int) -> float | None:
    """Resident memory of a process in MiB, or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
