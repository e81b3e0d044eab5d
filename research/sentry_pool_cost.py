"""What Sentry's scope propagation costs a call handed to a thread pool.

usage: python -m research.sentry_pool_cost [--calls 20000]

Sentry's ThreadingIntegration wraps `ThreadPoolExecutor.submit`; with `propagate_scope`
(its default) each call forks the isolation and current scopes and enters them in the
thread. The service hands every cycle and symptoms prediction to its pool, and reports
errors on the event loop (observability/sentry.py), so it turns propagation off. Each
setting runs in a fresh interpreter (Sentry patches the executor once per process), with
a DSN aimed at a closed port: nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

CHILD = """
import sys, time
import sentry_sdk
from concurrent.futures import ThreadPoolExecutor
from sentry_sdk.integrations.threading import ThreadingIntegration
sentry_sdk.init(dsn="http://key@127.0.0.1:9/1", traces_sample_rate=0.0,
                auto_enabling_integrations=False,
                integrations=[ThreadingIntegration(propagate_scope={propagate})])
pool, calls = ThreadPoolExecutor(2), {calls}
for _ in range(2000):
    pool.submit(int).result()
started = time.process_time()
for _ in range(calls):
    pool.submit(int).result()
print((time.process_time() - started) / calls * 1e6)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("| propagate_scope | µs CPU a submitted call, each round |\n|---|---|")
    for propagate in (True, False):
        figures = [
            float(
                subprocess.run(
                    [sys.executable, "-c", CHILD.format(propagate=propagate, calls=args.calls)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for _ in range(args.rounds)
        ]
        print(f"| {propagate} | {', '.join(f'{figure:.1f}' for figure in figures)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
