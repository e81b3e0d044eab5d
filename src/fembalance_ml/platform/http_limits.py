"""Limits uvicorn's HTTP protocol lacks: header size and count, and a request read deadline.

Behind nginx these limits are nginx's (large_client_header_buffers, client_header_timeout,
client_body_timeout). Served directly (Procfile, Cloud Run, a port-forward), uvicorn with
httptools accepts headers of any size and count and waits for a slow client forever, so a
few trickling connections hold a worker's sockets. This protocol closes that gap:

- a request head (request line and headers) over MAX_HEAD_BYTES, or with more than
  MAX_HEADERS header lines, is refused with 431 and the connection closed;
- a connection that does not deliver a whole request (head and body) within
  READ_TIMEOUT_S of opening, or of its first byte on a kept-alive connection, is answered
  408 (head incomplete) or closed (body incomplete, the app sees a disconnect).

It also closes a gap in uvicorn's shutdown (SIGTERM, and so every SIGHUP reload): uvicorn
closes at once a connection it accepted but has not read yet, while the client's request
may already sit in the socket buffer; closing a socket with unread data resets it, and the
client gets `Connection reset by peer` for a request no worker saw. Here such a connection
gets SHUTDOWN_GRACE_S to deliver its request, which is then answered and the connection
closed.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# Browsers send a few KB; nginx's default large_client_header_buffers allow 4 x 8 KB per line.
MAX_HEAD_BYTES = 64 * 1024
MAX_HEADERS = 100
# A whole JSON request (at most MAX_BODY_BYTES, 1 MB) arrives in far less on any working link.
READ_TIMEOUT_S = 10.0
# A client that connected just before shutdown has sent its request within this.
SHUTDOWN_GRACE_S = 1.0


def _plain_response(status: bytes, message: bytes) -> bytes:
    """A complete HTTP/1.1 answer that closes the connection."""
    return b"".join(
        [
            b"HTTP/1.1 ",
            status,
            b"\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ",
            str(len(message)).encode(),
            b"\r\nconnection: close\r\n\r\n",
            message,
        ]
    )


HEAD_TOO_LARGE = _plain_response(
    b"431 Request Header Fields Too Large", b"Request headers are too large or too many."
)
READ_TIMED_OUT = _plain_response(b"408 Request Timeout", b"The request was not sent in time.")


class _Refused(Exception):
    """Stops the parser after a refusal; the answer has been written already."""


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with header limits and a request read deadline."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._awaiting_head = True
        self._head_bytes = 0
        self._header_count = 0
        self._refused = False
        self._shutting_down = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock: a connection must send its first request in time."""
        super().connection_made(transport)
        self._arm_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock of a closed connection."""
        self._disarm_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Parse, then count the bytes that still belong to an unfinished request head."""
        super().data_received(data)
        if self._awaiting_head and not self._refused:
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES:
                self._refuse(HEAD_TOO_LARGE)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's 400 for a parser error, unless this protocol has answered already."""
        if not self._refused:
            super().send_400_response(msg)

    def on_message_begin(self) -> None:
        """A new request on the connection: its head is counted from zero."""
        super().on_message_begin()
        self._awaiting_head = True
        self._head_bytes = 0
        self._header_count = 0
        if self._deadline is None:
            self._arm_deadline()

    def on_header(self, name: bytes, value: bytes) -> None:
        """Refuse a request with too many header lines before the app sees it."""
        self._header_count += 1
        if self._header_count > MAX_HEADERS:
            self._refuse(HEAD_TOO_LARGE)
            raise _Refused
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """The head is in: later bytes are body, not head."""
        self._awaiting_head = False
        super().on_headers_complete()
        if self._shutting_down and self.cycle is not None:
            self.cycle.keep_alive = False

    def shutdown(self) -> None:
        """Server shutdown: a connection not read yet gets a moment to send its request."""
        if self.cycle is not None or self._refused or self.transport.is_closing():
            super().shutdown()
            return
        self._shutting_down = True
        if self._head_bytes == 0:
            self.loop.call_later(SHUTDOWN_GRACE_S, self._close_if_no_request)

    def _close_if_no_request(self) -> None:
        """End of the shutdown grace: close a connection that sent nothing."""
        if self.cycle is None and self._head_bytes == 0 and not self.transport.is_closing():
            self.transport.close()

    def on_message_complete(self) -> None:
        """The whole request is in: the clock stops (the app may take its time)."""
        self._disarm_deadline()
        super().on_message_complete()

    def _arm_deadline(self) -> None:
        self._disarm_deadline()
        self._deadline = self.loop.call_later(READ_TIMEOUT_S, self._read_timed_out)

    def _disarm_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _read_timed_out(self) -> None:
        """Drop a connection whose request did not arrive in time."""
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._awaiting_head:
            self._refuse(READ_TIMED_OUT)
        else:
            self.transport.close()

    def _refuse(self, answer: bytes) -> None:
        self._refused = True
        self._disarm_deadline()
        self.transport.write(answer)
        self.transport.close()
