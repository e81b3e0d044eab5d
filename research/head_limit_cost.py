"""What the request-head limits (http/http_limits.py) cost one request, in microseconds.

    PYTHONPATH=src .venv/bin/python -m research.head_limit_cost [--number 2000] [--repeat 15]

Feeds the same keep-alive requests to uvicorn's HttpToolsProtocol and to
GuardedHttpToolsProtocol over an in-memory transport, and times `data_received` only: the
parsing, the limits' bookkeeping and the start of the request's task (the app, which
answers at once, runs between requests and is not timed). Three requests: a prediction as a
client sends it (one read), the same with 40 KB of cookies (one read), and that 40 KB head
arriving in 1 KB reads. Prints the minimum and median of `--repeat` runs, per request, and
the difference (noisy on a shared machine: compare the minimums).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from fembalance_ml.http.http_limits import GuardedHttpToolsProtocol

BODY = json.dumps({"user_id": "u-1", "features": {"irregular_periods": 1, "age": 27}}).encode()
HEAD = (
    b"POST /api/v1/predict/pcos HTTP/1.1\r\nHost: api.example.com\r\n"
    b"Authorization: Bearer 0123456789abcdef0123456789abcdef\r\n"
    b"Content-Type: application/json\r\nUser-Agent: bench/1.0\r\nAccept: */*\r\n"
)


def request(cookie_bytes: int = 0) -> bytes:
    """One POST of BODY, with a Cookie header of `cookie_bytes` if any."""
    cookie = b"Cookie: " + b"c" * cookie_bytes + b"\r\n" if cookie_bytes else b""
    return HEAD + cookie + f"Content-Length: {len(BODY)}\r\n\r\n".encode() + BODY


class MemoryTransport(asyncio.Transport):
    """Just enough of a socket transport for the protocol: writes are dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.closing = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(
            name, default
        )

    def write(self, data: bytes | bytearray | memoryview) -> None:
        pass

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def can_write_eof(self) -> bool:
        return True

    def write_eof(self) -> None:
        pass


async def app(scope: Any, receive: Any, send: Any) -> None:
    """Answers every request at once, with an empty 204."""
    await receive()
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def seconds_per_request(
    protocol_class: type[HttpToolsProtocol], reads: list[bytes], number: int
) -> float:
    """Feed `reads` (one request) `number` times on one connection; time data_received."""
    config = Config(app, lifespan="off", log_level="warning", access_log=False)
    config.load()
    protocol = protocol_class(config, ServerState(), {}, asyncio.get_running_loop())
    protocol.connection_made(MemoryTransport())
    spent = 0.0
    for _ in range(number):
        started = time.perf_counter()
        for data in reads:
            protocol.data_received(data)
        spent += time.perf_counter() - started
        await asyncio.sleep(0)  # the app answers: the next request is not pipelined
        await asyncio.sleep(0)
    protocol.connection_lost(None)
    return spent / number


def main() -> int:
    """Time both protocols on each request shape, alternating, and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    large = request(40_000)
    shapes = {
        "prediction, one read": [request()],
        "40 KB head, one read": [large],
        "40 KB head, 1 KB reads": [large[i : i + 1024] for i in range(0, len(large), 1024)],
    }
    protocols = {"uvicorn": HttpToolsProtocol, "guarded": GuardedHttpToolsProtocol}
    for shape, reads in shapes.items():
        timings: dict[str, list[float]] = {name: [] for name in protocols}
        for _ in range(args.repeat):
            for name, protocol in protocols.items():
                seconds = asyncio.run(seconds_per_request(protocol, reads, args.number))
                timings[name].append(seconds * 1e6)
        lows = {name: min(samples) for name, samples in timings.items()}
        figures = ", ".join(
            f"{name} min {lows[name]:.2f} / median {statistics.median(timings[name]):.2f} us"
            for name in protocols
        )
        print(f"{shape}: {figures}; limits add {lows['guarded'] - lows['uvicorn']:+.2f} us")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
