"""Drive a URL with wrk pinned to the other core and read back its JSON summary."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WRK = "/usr/bin/wrk"
WRK_CORE = "1"
LUA_SCRIPT = Path(__file__).resolve().parent / "wrk" / "post.lua"
MARKER = "BENCH_JSON "


@dataclass(frozen=True)
class Load:
    """What wrk sends: the body file and the headers, at a fixed concurrency."""

    body_file: Path
    authorization: str = ""
    origin: str = ""
    connections: int = 16
    timeout_s: int = 10


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: its parsed summary and the text it printed."""

    summary: dict[str, Any]
    text: str

    @property
    def seconds(self) -> float:
        """How long wrk actually measured."""
        return float(self.summary["duration_us"]) / 1e6

    @property
    def requests_per_s(self) -> float:
        """Completed requests (any status) per second."""
        return float(self.summary["requests"]) / self.seconds

    @property
    def errors(self) -> int:
        """Socket errors, timeouts and non-2xx/3xx answers together."""
        return sum(int(count) for count in self.summary["errors"].values())

    def latency_ms(self, key: str) -> float:
        """A latency statistic (mean, p50, p90, p99, max) in milliseconds."""
        return float(self.summary["latency_us"][key]) / 1000.0


def run_wrk(url: str, load: Load, seconds: float) -> WrkResult:
    """One wrk run of `seconds` against `url` (one thread, `load.connections` connections)."""
    args = [
        *("taskset", "-c", WRK_CORE, WRK),
        *("-t1", f"-c{load.connections}", f"-d{max(1, round(seconds))}s"),
        *(f"--timeout={load.timeout_s}s", "--latency", "-s", str(LUA_SCRIPT), url),
    ]
    env = {
        **os.environ,
        "BENCH_BODY_FILE": str(load.body_file),
        "BENCH_AUTHORIZATION": load.authorization,
        "BENCH_ORIGIN": load.origin,
    }
    completed = subprocess.run(
        args,
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + load.timeout_s + 30,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    for line in completed.stdout.splitlines():
        if line.startswith(MARKER):
            return WrkResult(json.loads(line[len(MARKER) :]), completed.stdout)
    raise RuntimeError(f"wrk printed no summary:\n{completed.stdout}\n{completed.stderr}")
