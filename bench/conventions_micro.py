"""The CPU per request of the HTTP conventions (issue 26), used and unused, timed alone.

usage: python -m bench.conventions_micro [--requests 20000] [--repeat 5] [--redis] [--only plain]
       PYTHONPATH=<an older checkout>/src:. python -m bench.conventions_micro   # its figures

Each step is one request through the service's own middleware stack (request context,
body-size limit, Idempotency-Key; api/app.py's order) around an app that answers a
2,000-byte JSON 200 (or the 422 envelope) at once, driven N times in a running event loop,
best of `--repeat` (bench/feature_micro.py's method). What a step costs above `plain POST`
is what its convention adds; `plain POST` itself, run in a tree without the conventions,
prices their cost when unused. `--redis` starts a throwaway redis-server for the store.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from bench.feature_micro import _per_call_us

ANSWER = b'{"a":"' + b"x" * 1990 + b'"}'
ENVELOPE = (
    b'{"error":{"code":"invalid_input","message":"Invalid request: `features`: Field required.",'
    b'"details":[{"field":"features","location":["features"],"message":"Field required",'
    b'"type":"missing"}],"request_id":"0123456789abcdef0123456789abcdef"}}'
)
BODY = b'{"user_id":"bench-user","features":{"age":27,"height_cm":162,"weight_kg":70}}'
TRACEPARENT = b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
# What a typical client sends besides (a browser or an HTTP library).
COMMON = [
    (b"host", b"127.0.0.1:8000"),
    (b"user-agent", b"python-httpx/0.28"),
    (b"accept", b"*/*"),
    (b"accept-encoding", b"gzip, deflate"),
    (b"connection", b"keep-alive"),
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
    (b"authorization", b"Bearer bench-key-0123456789abcdef0123456789abcdef"),
]
Step = Callable[[], Awaitable[None]]


def _inner(status: int, body: bytes, route_path: str | None) -> Any:
    class Route:
        path = route_path

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["method"] == "POST":
            await receive()
        if route_path is not None:
            scope["route"] = Route()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def _stack(inner: Any, store: Any) -> Any:
    from fembalance_ml.api import middleware
    from fembalance_ml.api.body_limit import BodySizeLimitMiddleware
    from fembalance_ml.http.cors import CorsPolicy
    from fembalance_ml.security.privacy import Pseudonymizer

    app = inner
    with contextlib.suppress(ImportError):
        from fembalance_ml.api.idempotency import IdempotencyMiddleware

        app = IdempotencyMiddleware(app, store, Pseudonymizer(b"bench"))
    app = BodySizeLimitMiddleware(app, 1_000_000)
    return middleware.RequestContextMiddleware(app, CorsPolicy([], ["GET", "POST"], []))


def _request(
    app: Any, method: str, extra: list[tuple[bytes, bytes]], keys: Iterator[bytes] | None
) -> Step:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": BODY, "more_body": False}

    async def send(_: Any) -> None:
        return None

    async def step() -> None:
        headers = COMMON + extra
        if keys is not None:
            headers = [*headers, (b"idempotency-key", next(keys))]
        scope = {
            "type": "http",
            "method": method,
            "path": "/api/v1/x",
            "query_string": b"",
            "headers": headers,
        }
        await app(scope, receive, send)

    return step


def _fresh_keys() -> Iterator[bytes]:
    number = 0
    while True:
        number += 1
        yield b"bench-key-%d" % number


def _same_key() -> Iterator[bytes]:
    while True:
        yield b"bench-replayed-key"


def steps(store: Any) -> dict[str, Step]:
    ok, refused = _inner(200, ANSWER, None), _inner(422, ENVELOPE, None)
    lookup = _inner(200, ANSWER, "/api/v1/symptoms")
    found: dict[str, Step] = {
        "plain POST (no convention asked)": _request(_stack(ok, store), "POST", [], None),
        "plain GET": _request(_stack(ok, store), "GET", [], None),
        "422 envelope": _request(_stack(refused, store), "POST", [], None),
    }
    with contextlib.suppress(ImportError):
        from fembalance_ml.http.traceparent import parse_traceparent  # noqa: F401

        asked_problem = [(b"accept", b"application/problem+json")]
        found |= {
            "POST with traceparent": _request(
                _stack(ok, store), "POST", [(b"traceparent", TRACEPARENT)], None
            ),
            "422 as problem details": _request(_stack(refused, store), "POST", asked_problem, None),
            "lookup GET, ETag computed": _request(_stack(lookup, store), "GET", [], None),
            "lookup GET, 304": _request(
                _stack(lookup, store), "GET", [(b"if-none-match", _etag(ANSWER))], None
            ),
            "POST, new Idempotency-Key (claim + store)": _request(
                _stack(ok, store), "POST", [], _fresh_keys()
            ),
            "POST, replayed Idempotency-Key": _request(_stack(ok, store), "POST", [], _same_key()),
        }
    return found


def _etag(body: bytes) -> bytes:
    from fembalance_ml.api.conventions import strong_etag

    return strong_etag(body)


async def _run(args: argparse.Namespace, redis_url: str | None) -> dict[str, float]:
    store = None
    with contextlib.suppress(ImportError):
        from fembalance_ml.http.idempotency_store import IdempotencyStore

        store = IdempotencyStore(redis_url, 3600, args.requests * args.repeat + 10, 1.0)
    results = {
        name: await _per_call_us(step, args.requests, args.repeat)
        for name, step in steps(store).items()
        if name.startswith(args.only)
    }
    if store is not None:
        await store.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--redis", action="store_true", help="keep idempotency entries in Redis")
    parser.add_argument("--only", default="", help="run only the steps whose name starts so")
    args = parser.parse_args(argv)
    import fembalance_ml
    from fembalance_ml.observability.logging import configure_logging

    configure_logging("WARNING")  # the access line is priced by bench.feature_micro
    with contextlib.ExitStack() as stack:
        redis_url = None
        if args.redis:
            from tests.support.servers import run_redis

            redis_url = stack.enter_context(run_redis())
        results = asyncio.run(_run(args, redis_url))
    store = "Redis" if args.redis else "memory"
    runs = f"best of {args.repeat} x {args.requests}"
    print(f"{fembalance_ml.__file__}: µs CPU per request, {runs}, store: {store}")
    for name, value in results.items():
        print(f"| {name} | {value:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
