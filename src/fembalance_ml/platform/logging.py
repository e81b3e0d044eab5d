"""structlog configured for one JSON object per line on stdout.

Log events carry identifiers and timings only: request id, route, status, latency,
model and version. Never a feature value, a log entry, a date of a person or a raw user id.
"""

from __future__ import annotations

import logging
import sys

import orjson
import structlog


def configure_logging(level: str = "INFO") -> None:
    """Send structlog and the standard library's loggers through one JSON renderer."""
    numeric = logging.getLevelName(level.upper())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(serializer=orjson.dumps),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.BytesLoggerFactory(file=sys.stdout.buffer),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=numeric, stream=sys.stdout, format="%(message)s", force=True)
