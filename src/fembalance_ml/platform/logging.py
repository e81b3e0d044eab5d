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
from typing import Any

import orjson
import structlog
from structlog.typing import EventDict, WrappedLogger

from fembalance_ml.platform.clock import SecondText

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
    """Processor: `timestamp` as ISO 8601 in UTC with microseconds, `...T13:40:00.123456Z`."""

    def __init__(self) -> None:
        self._text = SecondText("T")

    def __call__(self, _: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
        event_dict["timestamp"] = self._text(time.time()) + "Z"
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
