"""What the framework's own ASGI layers cost a request, each behind a no-op app.

    PYTHONPATH=src:. .venv/bin/python -m research.stack_layers_cost [--calls 50000] [--rounds 7]

FastAPI 0.165 wraps every app in ServerErrorMiddleware, its exception-telemetry layer and its
body-limit layer (outside the app's own middleware), then Starlette's ExceptionMiddleware
and FastAPI's AsyncExitStackMiddleware (inside it). Each variant here puts some of them
in front of an app that answers with two messages to a send that does nothing, and times
`--calls` calls with the thread's CPU clock: the best of `--rounds` rounds, and what each
variant adds to the bare app. A prediction request passes through all five (issue 24).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from fastapi._body_limit import AppBodyLimitMiddleware
from fastapi.middleware.asyncexitstack import AsyncExitStackMiddleware
from fastapi.telemetry._asgi import ExceptionTelemetryMiddleware
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SCOPE: Scope = {
    "type": "http",
    "method": "POST",
    "path": "/x",
    "headers": [],
    "query_string": b"",
}


async def bare(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def _send(message: Message) -> None:
    return None


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


VARIANTS: dict[str, ASGIApp] = {
    "bare app": bare,
    "ExceptionMiddleware": ExceptionMiddleware(bare),
    "AsyncExitStackMiddleware": AsyncExitStackMiddleware(bare),
    "both inner layers": ExceptionMiddleware(AsyncExitStackMiddleware(bare)),
    "the three outer layers": ServerErrorMiddleware(
        ExceptionTelemetryMiddleware(AppBodyLimitMiddleware(bare, None))
    ),
}


async def _per_call(app: ASGIApp, calls: int) -> float:
    started = time.thread_time()
    for _ in range(calls):
        await app(dict(SCOPE), _receive, _send)
    return (time.thread_time() - started) / calls * 1e6


async def measure(calls: int, rounds: int) -> dict[str, list[float]]:
    """µs of the thread's CPU a call, each round's, every variant in turn per round."""
    figures: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _ in range(rounds):
        for name, app in VARIANTS.items():
            figures[name].append(await _per_call(app, calls))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.calls, args.rounds))
    floor = min(figures["bare app"])
    print("| layers in front of a no-op app | µs a call, best | added | median |")
    print("|---|---:|---:|---:|")
    for name, values in figures.items():
        best = min(values)
        print(f"| {name} | {best:.2f} | +{best - floor:.2f} | {statistics.median(values):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
