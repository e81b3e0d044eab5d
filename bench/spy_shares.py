"""Shares of a request's CPU by part, from a py-spy raw profile of `feature_price --spin`.

usage: py-spy record -r 250 -f raw --threads -o prof.txt -- \\
           python -m bench.feature_price --spin 20000
       python -m bench.spy_shares prof.txt [--top 25]

Only the measured requests count: the event loop's samples inside `measure` and every
sample of the threads working for it (ledger writer, drift monitor, the pool threads that
write out the ledger and read the drift queue), not start-up or warm-up, and not a thread
waiting (a stack ending in a wait). Each sample goes to the part named by the innermost
frame that matches a rule below (the log line's orjson call counts as the log line, not as
encoding), so the shares add up to 100%.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

# (part, substrings of a frame "function (file:line)"); the first rule matching the
# innermost frame that matches any rule wins.
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "ledger (queue put, writer, SQLite)",
        (
            "ledger/writer.py",
            "ledger/rows.py",
            "ledger/repository.py",
            "ledger/headline.py",
            "sqlalchemy/",
            "sqlite3/",
        ),
    ),
    ("drift", ("drift_monitor.py", "monitoring/drift.py", "drift_inputs")),
    ("log line", ("structlog/", "observability/logging.py")),
    ("metrics (Prometheus)", ("prometheus_client/", "observability/metrics.py")),
    ("rate limit", ("http/ratelimit.py", "limits/")),
    ("CORS", ("middleware/cors.py", "http/cors.py")),
    ("credentials", ("api/admission.py", "security/auth.py", "security/tokens.py")),
    ("prediction id, request id", ("security/ids.py", "http/context.py")),
    ("cache", ("serving/prediction_cache.py",)),
    ("encode the answer", ("answer_json", "with_prediction_id", "_envelope_members")),
    (
        "PCOS domain",
        (
            "fembalance_ml/pcos/",
            "fembalance_ml/clinical/",
            "PredictionService.predict ",
            "PredictionService._run",
        ),
    ),
    ("cycle domain", ("fembalance_ml/cycle/",)),
    ("symptoms domain", ("fembalance_ml/symptoms/",)),
    ("decode and validate", ("_admissible", "pydantic/main.py", "api/json_body.py", "json/")),
    ("version choice", ("serving/manager.py", "serving/ab_assignment.py", "security/privacy.py")),
    ("served.py (respond, issue)", ("api/served.py",)),
    (
        "the request path (route, middleware)",
        (
            "api/lean.py",
            "api/middleware.py",
            "api/prediction_route.py",
            "api/routes/predict.py",
            "api/errors.py",
            "api/deps.py",
        ),
    ),
    ("FastAPI / Starlette", ("fastapi/", "starlette/")),
    ("event loop", ("asyncio/", "threading.py", "concurrent/")),
)
IDLE_LEAVES = (
    "Condition.wait",
    "Event.wait",
    "Queue.get",
    "_worker (concurrent",
    "select (",
    "sleep (",
)
MEASURED = "measure (bench/feature_price.py"
HELPERS = ("ledger-writer", "drift-monitor", "asyncio_", "AnyIO", "ledger")


def part_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for part, markers in RULES:
            if any(marker in frame for marker in markers):
                return part
    return "other"


def shares(path: Path) -> tuple[Counter[str], Counter[str], int]:
    parts: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        thread = frames[0]
        if frames[-1].startswith(IDLE_LEAVES):
            continue
        if "MainThread" in thread:
            if not any(MEASURED in frame for frame in frames):
                continue
        elif not any(name in thread for name in HELPERS):
            continue
        samples = int(count)
        total += samples
        parts[part_of(frames[1:])] += samples
        leaves[frames[-1].split(" (")[0]] += samples
    return parts, leaves, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=20, help="also list the top leaf functions")
    args = parser.parse_args(argv)
    parts, leaves, total = shares(args.profile)
    print(f"{total} samples")
    print("| part | share |\n|---|---:|")
    for part, samples in parts.most_common():
        print(f"| {part} | {samples / total:.1%} |")
    print(f"\ntop {args.top} leaf functions:")
    for leaf, samples in leaves.most_common(args.top):
        print(f"  {samples / total:6.1%}  {leaf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
