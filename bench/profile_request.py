"""Profile /api/v1/predict/pcos end to end in-process: where one request's time goes.

The app is built with the same production profile as `bench/run.py` (API key, rate
limiter in memory, CORS, Sentry aimed at a closed port, INFO logs to /dev/null), its
lifespan runs (models load and warm up), then N requests go straight into the ASGI
callable under cProfile: every middleware, dependency, validation, prediction,
serialization and log line, without a socket or an HTTP client in the numbers.

Usage: python bench/profile.py [--requests 2000] [--top 40] [--sort cumulative|tottime]
       [--endpoint pcos|batch] [--save bench/.work/pcos.prof]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

from bench.bodies import write_bodies
from bench.targets import API_KEY, ORIGIN, WORK_DIR, production_env

Message = dict[str, Any]


def service_app(endpoint: str = "pcos") -> Any:
    """The service's app under the bench's production environment."""
    os.environ.update(production_env("profile", 8000, endpoint))
    from fembalance_ml.main import build_app

    return build_app()


def scope_for(path: str, body: bytes, origin: bool = True) -> dict[str, Any]:
    """An HTTP scope as uvicorn would build it for the benchmark's request (a browser's,
    with an Origin header, unless `origin` is false)."""
    headers = [
        (b"host", b"127.0.0.1:8000"),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"authorization", f"Bearer {API_KEY}".encode()),
    ]
    if origin:
        headers.append((b"origin", ORIGIN.encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def call(app: Any, path: str, body: bytes, origin: bool = True) -> int:
    """One request through the ASGI app; return its status."""
    sent: list[Message] = []
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            await asyncio.sleep(3600)  # a client that stays connected
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope_for(path, body, origin), receive, send)
    # One turn of the loop, as a server's loop takes between requests: what the request
    # left for its next turn (call_soon) runs now and is counted, for every app alike.
    await asyncio.sleep(0)
    return int(sent[0]["status"])


async def timed(app: Any, path: str, body: bytes, requests: int) -> float:
    """Seconds per request over `requests` sequential calls."""
    started = time.perf_counter()
    for _ in range(requests):
        await call(app, path, body)
    return (time.perf_counter() - started) / requests


async def run(
    app: Any, path: str, body: bytes, requests: int, profiler: cProfile.Profile
) -> tuple[float, float]:
    """Run the lifespan, warm up, time, profile; seconds per call (plain, profiled)."""
    async with app.router.lifespan_context(app):
        for _ in range(20):
            status = await call(app, path, body)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
        plain = await timed(app, path, body, requests)
        profiler.enable()
        profiled = await timed(app, path, body, requests)
        profiler.disable()
        return plain, profiled


def main(argv: list[str] | None = None) -> int:
    """Profile, then print the time per request and the top functions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", choices=["cumulative", "tottime"], default="cumulative")
    parser.add_argument(
        "--endpoint", choices=["pcos", "cycle", "symptoms", "batch"], default="pcos"
    )
    parser.add_argument("--save", type=Path, default=None, help="write the raw pstats file")
    args = parser.parse_args(argv)
    body = write_bodies(WORK_DIR / "bodies")[args.endpoint].read_bytes()
    path = f"/api/v1/predict/{args.endpoint}"
    profiler = cProfile.Profile()
    # INFO logs stay on and are formatted; only their output is thrown away. Left open:
    # Sentry's background thread may still log its failed flush at interpreter exit.
    devnull = open(os.devnull, "w")
    with contextlib.redirect_stdout(devnull):
        app = service_app(args.endpoint)
        plain, profiled = asyncio.run(run(app, path, body, args.requests, profiler))
    print(
        f"{path}: {args.requests} sequential requests in-process: {plain * 1e3:.3f} ms each, "
        f"{profiled * 1e3:.3f} ms each under cProfile.\n"
        "ncalls of coroutines count every resumption (await), not only calls."
    )
    stats = pstats.Stats(profiler, stream=sys.stdout)
    if args.save is not None:
        stats.dump_stats(args.save)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    if args.sort == "cumulative":
        stats.sort_stats("tottime").print_stats(max(10, args.top // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
