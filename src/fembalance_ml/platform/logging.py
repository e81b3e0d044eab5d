"""structlog configured for one JSON object per line on stdout.

Log events carry identifiers and timings only: request id, route, status, latency,
model and version. Never a feature value, a log entry, a date of a person or a raw user id.

What the prediction path learns about a request (model, version, group, pseudonymous
user, cache) joins that request's log lines through one context variable holding a dict
(`start_request_fields`, `bind_request_fields`): cheaper on every request than
structlog's one context variable per key, and a thread the request hands work to shares
the same dict.
"""

from __future__ import annotations

import logging
import sys
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import orjson
import structlog
from structlog.typing import EventDict, WrappedLogger

_REQUEST_FIELDS: ContextVar[dict[str, Any] | None] = ContextVar("request_log_fields", default=None)


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
    """Processor: `timestamp` as ISO 8601 in UTC with microseconds, `...T13:40:00.123456Z`.

    The date and time of day are formatted once a second and kept as one tuple, so
    threads logging at the same moment never pair one second's text with another's.
    """

    def __init__(self) -> None:
        self._second: tuple[int, str] = (-1, "")

    def __call__(self, _: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
        now = time.time()
        whole = int(now)
        second, text = self._second
        if whole != second:
            text = datetime.fromtimestamp(whole, UTC).strftime("%Y-%m-%dT%H:%M:%S")
            self._second = (whole, text)
        micros = min(int((now - whole) * 1_000_000), 999_999)
        event_dict["timestamp"] = f"{text}.{micros:06d}Z"
        return event_dict


def configure_logging(level: str = "INFO") -> None:
    """Send structlog and the standard library's loggers through one JSON renderer."""
    numeric = logging.getLevelName(level.upper())
    structlog.configure(
        processors=[
            merge_request_fields,
            structlog.processors.add_log_level,
            UtcTimestamp(),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(serializer=orjson.dumps),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.BytesLoggerFactory(file=sys.stdout.buffer),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=numeric, stream=sys.stdout, format="%(message)s", force=True)
