"""What the framework's own ASGI layers cost a request, each behind a no-op app.

    PYTHONPATH=src:. .venv/bin/python -m research.stack_layers_cost [--calls 50000] [--repeat 7]

FastAPI 0.165 wraps every app in ServerErrorMiddleware, its exception-telemetry layer and its
body-limit layer (outside the app's own middleware), then Starlette's ExceptionMiddleware
and FastAPI's AsyncExitStackMiddleware (inside it). Each variant here puts some of them
in front of an app that answers with two messages to a send that does nothing; each is
timed as `bench.feature_micro` times a feature (the best of `--repeat` runs of `--calls`
calls, µs of the thread's CPU a call), and printed with what it adds to the bare app. A
prediction request passes through all five (issue 24).
"""

from __future__ import annotations

import argparse
import asyncio

from fastapi._body_limit import AppBodyLimitMiddleware
from fastapi.middleware.asyncexitstack import AsyncExitStackMiddleware
from fastapi.telemetry._asgi import ExceptionTelemetryMiddleware
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bench.feature_micro import Step, _per_call_us

SCOPE: Scope = {"type": "http", "method": "POST", "path": "/x", "headers": [], "query_string": b""}


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


def _request(app: ASGIApp) -> Step:
    """One request into `app` (a fresh scope each time, as a server gives)."""
    return lambda: app(dict(SCOPE), _receive, _send)


async def measure(calls: int, repeat: int) -> dict[str, float]:
    """µs of the thread's CPU a call, the best of `repeat` runs, per variant."""
    return {
        name: await _per_call_us(_request(app), calls, repeat) for name, app in VARIANTS.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.calls, args.repeat))
    floor = figures["bare app"]
    print("| layers in front of a no-op app | µs a call, best | added |")
    print("|---|---:|---:|")
    for name, best in figures.items():
        print(f"| {name} | {best:.2f} | +{best - floor:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
