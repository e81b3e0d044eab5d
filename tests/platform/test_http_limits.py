"""Served without nginx (Procfile, Cloud Run): header limits and read deadlines on raw sockets."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from fembalance_ml.platform.http_limits import MAX_HEAD_BYTES, READ_TIMEOUT_S
from tests.conftest import body
from tests.support.servers import gunicorn_server

pytestmark = pytest.mark.integration

# Far longer than the server's deadline: a socket still open at this point was held.
CLIENT_PATIENCE_S = READ_TIMEOUT_S + 20
TRICKLE_EVERY_S = 0.5


@pytest.fixture(scope="module")
def address() -> Iterator[tuple[str, int]]:
    env = {"MODEL_WATCH_SECONDS": "0", "LOG_LEVEL": "WARNING", "RATE_LIMIT_ENABLED": "false"}
    with gunicorn_server(env, workers=1) as server:
        parts = urlsplit(server.url)
        yield parts.hostname or "127.0.0.1", parts.port or 80


def connect(address: tuple[str, int]) -> socket.socket:
    sock = socket.create_connection(address, timeout=CLIENT_PATIENCE_S)
    sock.settimeout(CLIENT_PATIENCE_S)
    return sock


def send_all(sock: socket.socket, data: bytes) -> None:
    """Send what the server still reads; it may close mid-way, which is the point."""
    try:
        sock.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def read_answer(sock: socket.socket) -> bytes:
    """Everything the server writes until it closes (or the patience runs out: raises)."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def request_head(extra_headers: bytes = b"", length: int = 0) -> bytes:
    return (
        b"POST /api/v1/predict/pcos HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        + extra_headers
        + f"Content-Length: {length}\r\n\r\n".encode()
    )


def read_one_response(sock: socket.socket) -> bytes:
    """One whole response on a kept-alive connection (head, then Content-Length bytes)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "the server closed a kept-alive connection"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(rest) < length:
        rest += sock.recv(65536)
    return head + b"\r\n\r\n" + rest


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def test_a_one_megabyte_header_is_refused(address: tuple[str, int]) -> None:
    with connect(address) as sock:
        send_all(sock, request_head(b"X-Big: " + b"a" * 1_048_576 + b"\r\n"))
        assert status_of(read_answer(sock)) == 431


def test_too_many_headers_are_refused(address: tuple[str, int]) -> None:
    many = b"".join(f"X-H{i}: v\r\n".encode() for i in range(500))
    with connect(address) as sock:
        send_all(sock, request_head(many))
        assert status_of(read_answer(sock)) == 431


def valid_request() -> bytes:
    payload = json.dumps(body("pcos")).encode()
    return request_head(length=len(payload)) + payload


def test_normal_requests_keep_alive_and_large_bodies_pass(address: tuple[str, int]) -> None:
    with connect(address) as sock:
        for _ in range(2):
            sock.sendall(valid_request())
            assert status_of(read_one_response(sock)) == 200
    items = [{"model_name": "cycle", "input": body("cycle")} for _ in range(700)]
    batch = json.dumps({"requests": items}).encode()
    assert len(batch) > MAX_HEAD_BYTES * 3
    head = (
        b"POST /api/v1/predict/batch HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
        + f"Content-Type: application/json\r\nContent-Length: {len(batch)}\r\n\r\n".encode()
    )
    with connect(address) as sock:
        sock.sendall(head + batch)
        assert status_of(read_answer(sock)) == 200


def trickle(address: tuple[str, int], first: bytes, drip: bytes) -> tuple[int, float]:
    """Send `first`, then `drip` a byte at a time; (status, seconds) when the server drops it."""
    started = time.monotonic()
    with connect(address) as sock:
        sock.sendall(first)
        sock.setblocking(True)
        for byte in drip:
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break
            sock.settimeout(TRICKLE_EVERY_S)
            try:
                answer = sock.recv(65536)
            except TimeoutError:
                continue
            finally:
                sock.settimeout(CLIENT_PATIENCE_S)
            rest = answer and read_answer(sock)
            return status_of(answer + (rest or b"")), time.monotonic() - started
        answer = read_answer(sock)
        return status_of(answer), time.monotonic() - started


def silent(address: tuple[str, int]) -> tuple[int, float]:
    started = time.monotonic()
    with connect(address) as sock:
        return status_of(read_answer(sock)), time.monotonic() - started


def test_slow_clients_are_dropped(
    address: tuple[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    """A trickled head, a trickled body and a silent connection are all closed by the server.

    Each client would hold its socket for minutes; the pass mark is that the server closed
    it (the client gives up with TimeoutError only after CLIENT_PATIENCE_S).
    """
    payload = json.dumps(body("pcos")).encode()
    clients: dict[str, Callable[[], tuple[int, float]]] = {
        "head": lambda: trickle(address, b"POST /api/v1/predict/pcos HTTP/1.1\r\n", b"X" * 200),
        "body": lambda: trickle(address, request_head(length=len(payload)), payload),
        "silent": lambda: silent(address),
    }
    with ThreadPoolExecutor(len(clients)) as pool:
        futures = {name: pool.submit(run) for name, run in clients.items()}
        outcomes = {name: future.result() for name, future in futures.items()}
    with capsys.disabled():
        print(f"\nslow client figures (status, seconds held): {outcomes}")
    assert outcomes["head"][0] == 408, outcomes
    assert outcomes["silent"][0] == 408, outcomes
    # A body cut short: the app answers 400 to the disconnect or nothing at all.
    assert outcomes["body"][0] in (0, 400), outcomes
    # Not a timing check: a socket the server held would have raised TimeoutError after
    # CLIENT_PATIENCE_S in read_answer; the seconds are printed for docs/RELIABILITY.md.
