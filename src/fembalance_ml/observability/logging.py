"""One JSON object per line on stdout: structlog for events, a direct path for the access line.

Log events carry identifiers and timings only: request id, route, status, latency,
model and version. Never a feature value, a log entry, a date of a person or a raw user id.

What the prediction path learns about a request (model, version, group, pseudonymous
user, cache) joins that request's log lines through one context variable holding a dict
(`start_request_fields`, `bind_request_fields`): cheaper on every request than
structlog's one context variable per key, and a thread the request hands work to shares
the same dict.

Every request writes one access line (`access_line`): the same JSON structlog's pipeline
would render for `log.info("request", ...)` (keys in the same order, the request's fields
after the event's own, then `level` and `timestamp`), built with one orjson call instead of
structlog's processors, and gathered in `LineSink`: written out at most FLUSH_SECONDS
after it was made, or at once when SINK_LINES are waiting, in one write. Writing each line
with its own system call (structlog's BytesLogger writes and flushes per line) let a
background thread take the event loop's GIL at every request. Every other line (warnings,
errors, start-up) goes through structlog and is written at once, after the access lines
waiting before it, so the stream keeps its order; a worker killed with SIGKILL loses at
most FLUSH_SECONDS of access lines.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import sys
import threading
import time
from contextvars import ContextVar
from typing import Any, BinaryIO

import orjson
import structlog
from structlog.typing import EventDict, WrappedLogger

from fembalance_ml.observability.clock import SecondText

_REQUEST_FIELDS: ContextVar[dict[str, Any] | None] = ContextVar("request_log_fields", default=None)
# Access lines wait at most this long, or until this many wait, before they are written
# (128 lines of ~300 bytes stay well under a pipe's 64 KiB buffer: one write never waits
# for the log reader longer than a line-by-line write would).
FLUSH_SECONDS = 0.2
SINK_LINES = 128


def start_request_fields() -> dict[str, Any]:
    """A fresh, empty set of fields for the request starting in this context."""
    fields: dict[str, Any] = {}
    _REQUEST_FIELDS.set(fields)
    return fields


def bind_request_fields(**values: Any) -> None:
    """Add `values` to the current request's log lines (nothing outside a request)."""
    fields = _REQUEST_FIELDS.get()
    if fields is not None:
        fields.update(values)


def merge_request_fields(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Processor: the current request's fields, after (and never over) the event's own."""
    fields = _REQUEST_FIELDS.get()
    if fields:
        for key, value in fields.items():
            event_dict.setdefault(key, value)
    return event_dict


class UtcTimestamp:
    """Processor: `timestamp` as ISO 8601 in UTC with microseconds, `...T13:40:00.123456Z`."""

    def __init__(self) -> None:
        self._text = SecondText("T")

    def __call__(self, _: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
        event_dict["timestamp"] = self.now()
        return event_dict

    def now(self) -> str:
        return self._text(time.time()) + "Z"


class LineSink:
    """Lines for one binary stream: access lines gathered, any other line written at once."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._waiting: list[bytes] = []
        self._lock = threading.Lock()
        self._armed = False

    def gather(self, line: bytes) -> None:
        """Keep an access line for the next write (within FLUSH_SECONDS on a running loop)."""
        with self._lock:
            self._waiting.append(line)
            count = len(self._waiting)
        if count >= SINK_LINES:
            self.flush()
        elif not self._armed:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no event loop (a script, a thread): no one to wait
                self.flush()
                return
            self._armed = True
            loop.call_later(FLUSH_SECONDS, self.flush)

    def write(self, line: bytes) -> None:
        """Write one line now, after the access lines waiting."""
        with self._lock:
            waiting, self._waiting = self._waiting, []
            self._stream.write(b"".join([*waiting, line]))
            self._stream.flush()

    def flush(self) -> None:
        """Write the access lines waiting."""
        with self._lock:
            self._armed = False
            if not self._waiting:
                return
            waiting, self._waiting = self._waiting, []
            self._stream.write(b"".join(waiting))
            self._stream.flush()


class SinkLogger:
    """structlog's wrapped logger: each rendered event as a line of the sink, at once."""

    def __init__(self, sink: LineSink) -> None:
        self._sink = sink

    def msg(self, message: bytes) -> None:
        self._sink.write(message + b"\n")

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


class _Output:
    """Where lines go and whether access lines are written, set by configure_logging."""

    sink: LineSink | None = None
    access: bool = True
    stamp = UtcTimestamp()


def access_line(request_id: str, method: str, route: str, status: int, latency_ms: float) -> None:
    """The request's one access line (nothing when the level is above INFO)."""
    sink = _Output.sink
    if sink is None or not _Output.access:
        return
    line: dict[str, Any] = {
        "request_id": request_id,
        "method": method,
        "route": route,
        "status": status,
        "latency_ms": latency_ms,
        "event": "request",
    }
    fields = _REQUEST_FIELDS.get()
    if fields:
        for key, value in fields.items():
            line.setdefault(key, value)
    line["level"] = "info"
    line["timestamp"] = _Output.stamp.now()
    sink.gather(orjson.dumps(line) + b"\n")


def flush_access_lines() -> None:
    """Write the access lines waiting (at shutdown, and before anyone reads the stream)."""
    if _Output.sink is not None:
        _Output.sink.flush()


atexit.register(flush_access_lines)


def configure_logging(level: str = "INFO") -> None:
    """Send structlog, the access lines and the standard library's loggers to stdout."""
    numeric = logging.getLevelName(level.upper())
    flush_access_lines()
    sink = LineSink(sys.stdout.buffer)
    _Output.sink = sink
    _Output.access = numeric <= logging.INFO
    structlog.configure(
        processors=[
            merge_request_fields,
            structlog.processors.add_log_level,
            UtcTimestamp(),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(serializer=orjson.dumps),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=lambda *_args: SinkLogger(sink),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=numeric, stream=sys.stdout, format="%(message)s", force=True)
