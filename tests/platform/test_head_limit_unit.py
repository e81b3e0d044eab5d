"""The head limit of GuardedHttpToolsProtocol, fed byte strings directly: the exact ways
bytes can be cut into reads, which a real socket only produces by chance.

The real-socket tests are in test_http_limits.py; here the reads are chosen: the whole head
in one read, one byte a read, a head split at the limit, pipelined requests, an unparsable
request followed by more bytes. `seen` lists the requests that reached the app.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from uvicorn.config import Config
from uvicorn.server import ServerState

from fembalance_ml.http.http_limits import MAX_HEAD_BYTES, GuardedHttpToolsProtocol


class RecordingTransport(asyncio.Transport):
    """Keeps what the protocol writes; closes when told."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.closing = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(
            name, default
        )

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += data

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def can_write_eof(self) -> bool:
        return False


def head(path: str, padding: int) -> bytes:
    """A GET of `path` whose head is `padding` bytes of one header value, plus about 40."""
    return f"GET {path} HTTP/1.1\r\nHost: t\r\nX-Pad: {'a' * padding}\r\n\r\n".encode()


def run(reads: list[bytes]) -> tuple[list[str], list[int]]:
    """Feed `reads` to one connection; (paths the app saw, statuses written, in order)."""
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def feed() -> bytes:
        config = Config(app, lifespan="off", log_level="critical", access_log=False)
        config.load()
        protocol = GuardedHttpToolsProtocol(config, ServerState(), {}, asyncio.get_running_loop())
        transport = RecordingTransport()
        protocol.connection_made(transport)
        for data in reads:
            if not transport.closing:
                protocol.data_received(data)
            for _ in range(5):
                await asyncio.sleep(0)
        protocol.connection_lost(None)
        return bytes(transport.written)

    written = asyncio.run(feed())
    statuses = [int(line.split()[1]) for line in written.split(b"\r\n") if line[:5] == b"HTTP/"]
    return seen, statuses


def in_pieces(data: bytes, size: int) -> list[bytes]:
    return [data[start : start + size] for start in range(0, len(data), size)]


LIMIT = MAX_HEAD_BYTES
OVER = head("/big", LIMIT)  # a few dozen bytes over the limit


@pytest.mark.parametrize(
    "reads",
    [
        [OVER],
        [head("/big", 120_000)],
        in_pieces(OVER, 1),
        in_pieces(OVER, 1000),
        [OVER[: LIMIT - 10], OVER[LIMIT - 10 :]],  # the read that completes it is small
        [OVER[:100], OVER[100:]],  # the read that completes it is most of it
    ],
    ids=["one-read", "120KB", "bytes", "1000s", "split-late", "split-early"],
)
def test_a_head_over_the_limit_never_reaches_the_app(reads: list[bytes]) -> None:
    assert run(reads) == ([], [431])


def test_a_head_at_the_limit_passes_in_one_read_and_in_bytes() -> None:
    framing = len(head("/ok", 0))
    exact, over = head("/ok", LIMIT - framing), head("/ok", LIMIT - framing + 1)
    assert (len(exact), len(over)) == (LIMIT, LIMIT + 1)
    assert run([exact]) == (["/ok"], [204])
    assert run(in_pieces(exact, 7)) == (["/ok"], [204])
    assert run([over]) == ([], [431])
    assert run(in_pieces(over, 7)) == ([], [431])


def test_pipelined_heads_are_counted_each_from_its_own_start() -> None:
    """Three 40 KB heads in one read pass (none is over); an oversize one behind two normal
    requests is refused after their answers, and never reaches the app."""
    forty = head("/ok", 40_000)
    assert run([forty * 3]) == (["/ok"] * 3, [204] * 3)
    assert run(in_pieces(forty * 3, 50_000)) == (["/ok"] * 3, [204] * 3)
    small = head("/ok", 10)
    assert run([small + small + OVER]) == (["/ok", "/ok"], [204, 204, 431])
    assert run([small, small + OVER[:30_000], OVER[30_000:]]) == (["/ok", "/ok"], [204, 204, 431])


def test_a_body_before_a_pipelined_head_is_not_counted_as_head() -> None:
    """A 60 KB body, then a 40 KB head, in one read or cut anywhere: both pass; a chunked
    body, then an oversize head: the first is answered, the second refused."""
    body = b"x" * 60_000
    post = f"POST /post HTTP/1.1\r\nHost: t\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    stream = post + body + head("/ok", 40_000)
    for size in (len(stream), 50_000, 30_000, 4096):
        assert run(in_pieces(stream, size)) == (["/post", "/ok"], [204, 204]), size
    chunked = b"POST /post HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunked += b"".join(b"3e8\r\n" + b"y" * 1000 + b"\r\n" for _ in range(30)) + b"0\r\n\r\n"
    assert run([chunked + OVER]) == (["/post"], [204, 431])


def test_keep_alive_heads_near_the_limit_each_pass() -> None:
    near = head("/ok", LIMIT - 100)
    assert run([near, near, near]) == (["/ok"] * 3, [204] * 3)


def test_unparsable_bytes_get_one_400() -> None:
    assert run([b"NOT HTTP\x00\r\n" + b"a" * 70_000]) == ([], [400])
