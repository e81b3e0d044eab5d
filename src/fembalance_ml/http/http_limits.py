"""Limits uvicorn's HTTP protocol lacks: header size and count, and a request read deadline.

Behind nginx these limits are nginx's (large_client_header_buffers, client_header_timeout,
client_body_timeout). Served directly (Procfile, Cloud Run, a port-forward), uvicorn with
httptools accepts headers of any size and count and waits for a slow client forever, so a
few trickling connections hold a worker's sockets. This protocol closes that gap:

- a request head (request line and headers) over MAX_HEAD_BYTES, or with more than
  MAX_HEADERS header lines, is refused with 431 and the connection closed, before the app
  sees the request, however the bytes arrive (one read, many reads, pipelined requests);
- a connection that does not deliver a whole request (head and body) within
  READ_TIMEOUT_S of opening, or of its first byte on a kept-alive connection, is answered
  408 (head incomplete) or closed (body incomplete, the app sees a disconnect).

How the head is counted. httptools says where a message begins and ends only through
callbacks, never at which byte, and it parses everything it is given in one call: a whole
head that arrives in one read is handed to the app before the call returns, so counting
what a read brought after parsing it cannot refuse that head. Here the parser is fed at
most the bytes the current head may still take (`MAX_HEAD_BYTES - head_bytes`), so a head
that completes within one feed is within the limit; a head still incomplete after a feed
has its bytes added (exactly: every byte fed since the head began; for a request that
began behind another one in the same feed, an upper bound: the feed's bytes after those
known to belong to the earlier request: its body, and its URL, header and request-line
bytes less those of its head counted before that feed), and reaching the limit incomplete
means it is over.
A refusal of a pipelined request waits for the answers of the requests before it, so
answers stay in order.

It also closes a gap in uvicorn's shutdown (SIGTERM, and so every SIGHUP reload): uvicorn
closes at once a connection it accepted but has not read yet, while the client's request
may already sit in the socket buffer; closing a socket with unread data resets it, and the
client gets `Connection reset by peer` for a request no worker saw. Here such a connection
gets SHUTDOWN_GRACE_S to deliver its request, which is then answered and the connection
closed.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# Browsers send a few KB; nginx's default large_client_header_buffers allow 4 x 8 KB per line.
MAX_HEAD_BYTES = 64 * 1024
MAX_HEADERS = 100
# The fewest bytes around a header's name and value (`:` and the line feed), and around the
# method and URL (two spaces, `HTTP/1.1`, the line feeds ending the request line and head).
HEADER_FRAMING = 2
HEAD_FRAMING = 12
# A whole JSON request (at most MAX_BODY_BYTES, 1 MB) arrives in far less on any working link.
READ_TIMEOUT_S = 10.0
# A client that connected just before shutdown has sent its request within this.
SHUTDOWN_GRACE_S = 1.0
# After a refusal, how long what the client still sends is read and dropped (see _write_and_close).
LINGER_S = 2.0


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
        # Head accounting (see the module's docstring). `_in_head`: the bytes now arriving
        # belong to a request head (or precede one); `_head_bytes`: that head's bytes so far.
        self._in_head = True
        self._head_bytes = 0
        # The current request's URL, header and request-line bytes (at most its head's size),
        # and its head's bytes counted before the piece being parsed.
        self._message_known = 0
        self._carried = 0
        # Within the piece being parsed: the bytes known to lie in it so far, where the last
        # request that ended in it ended (at least), and whether another began after that.
        self._fed_known = 0
        self._ended_at: int | None = None
        self._began_after_end = False
        self._header_count = 0
        self._refused = False
        self._pending_answer: bytes | None = None
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
        """Feed the parser no more than the current head may still take, then count.

        A read within that budget (every ordinary request) is parsed in one call, as
        uvicorn does; a longer one in slices of a view, without copying.
        """
        if self._refused:
            return  # a refused connection reads nothing more
        if len(data) <= self._budget():
            self._feed(data)
            return
        view = memoryview(data)
        start = 0
        while start < len(view) and not self._refused and not self.transport.is_closing():
            piece = view[start : start + self._budget()]
            self._feed(piece)
            start += len(piece)

    def _budget(self) -> int:
        """The most bytes the parser may take now without a head passing the limit unseen."""
        return MAX_HEAD_BYTES - (self._head_bytes if self._in_head else 0)

    def _feed(self, piece: bytes | memoryview) -> None:
        """Parse one piece; add what belongs to an unfinished head; refuse it at the limit."""
        self._fed_known = 0
        self._ended_at = None
        self._began_after_end = False
        self._carried = self._head_bytes if self._in_head else 0
        # httptools reads any buffer; uvicorn's signature says bytes.
        super().data_received(cast(bytes, piece))
        if not self._in_head or self._refused or self.transport.is_closing():
            return  # a head in, a refusal sent, or uvicorn's 400 for bytes it cannot parse
        if self._ended_at is None:
            self._head_bytes += len(piece)
        elif self._began_after_end:
            self._head_bytes = len(piece) - self._ended_at
        # else: only blank lines followed the last request, which the parser skips.
        if self._head_bytes >= MAX_HEAD_BYTES:
            self._refuse(HEAD_TOO_LARGE)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's 400 for a parser error, unless this protocol has answered already."""
        if not self._refused:
            super().send_400_response(msg)

    def on_message_begin(self) -> None:
        """A new request on the connection: its headers are counted from zero."""
        super().on_message_begin()
        self._header_count = 0
        self._message_known = self._carried = 0
        self._began_after_end = self._ended_at is not None
        if self._deadline is None:
            self._arm_deadline()

    def on_url(self, url: bytes) -> None:
        """Count the URL's bytes towards the request's known head bytes."""
        self._message_known += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        """Refuse a request with too many header lines before the app sees it."""
        self._header_count += 1
        if self._header_count > MAX_HEADERS:
            self._refuse(HEAD_TOO_LARGE)
            raise _Refused
        self._message_known += len(name) + len(value) + HEADER_FRAMING
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """The head is in, within the limit: later bytes are body, not head."""
        self._in_head = False
        self._head_bytes = 0
        super().on_headers_complete()
        self._message_known += len(self.scope["method"]) + HEAD_FRAMING
        # At least this much of the head lies in the piece being parsed.
        self._fed_known += max(0, self._message_known - self._carried)
        if self._shutting_down and self.cycle is not None:
            self.cycle.keep_alive = False

    def on_body(self, body: bytes) -> None:
        """Note the body's bytes: they lie in the piece being parsed (httptools hands each
        piece's span)."""
        self._fed_known += len(body)
        super().on_body(body)

    def on_message_complete(self) -> None:
        """The whole request is in: the clock stops (the app may take its time)."""
        self._disarm_deadline()
        self._in_head = True
        self._head_bytes = 0
        self._ended_at = self._fed_known
        self._began_after_end = False
        super().on_message_complete()

    def on_response_complete(self) -> None:
        """An answer went out: a refusal that waited for it goes out now."""
        super().on_response_complete()
        if self._pending_answer is not None and not self._answering():
            self._write_and_close(self._pending_answer)

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
        if self._in_head:
            self._refuse(READ_TIMED_OUT)
        else:
            self.transport.close()

    def _answering(self) -> bool:
        """Whether an earlier request on this connection still waits for its answer."""
        return bool(self.pipeline) or (self.cycle is not None and not self.cycle.response_complete)

    def _refuse(self, answer: bytes) -> None:
        """Answer and close; after the answers still owed to earlier requests, if any."""
        self._refused = True
        self._disarm_deadline()
        if self._answering():
            self._pending_answer = answer
        else:
            self._write_and_close(answer)

    def _write_and_close(self, answer: bytes) -> None:
        """Send `answer` and end the connection so that the client can read it.

        Closing a socket whose input is still unread makes the kernel reset the connection,
        and the reset may destroy the answer before the client reads it (a client still
        sending the rest of a huge head). As nginx's lingering close does: send the answer
        and the end of stream, drop whatever the client still sends, close after LINGER_S
        or when the client closes first.
        """
        self._pending_answer = None
        self.transport.write(answer)
        if not self.transport.can_write_eof():
            self.transport.close()
            return
        self.transport.write_eof()
        self.flow.resume_reading()
        self._disarm_deadline()
        self._deadline = self.loop.call_later(LINGER_S, self.transport.close)
