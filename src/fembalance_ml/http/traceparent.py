"""W3C Trace Context (`traceparent`) carried through a request, without OpenTelemetry.

OpenTelemetry stays off (api/app.py): the service starts no trace of its own. When a caller
sends a valid `traceparent`, its trace id joins the request's log lines and error bodies, and
the answer carries a `traceparent` with the same trace id and a span id of this service, so
the caller's tracing can place the answer. A malformed header is treated as absent (the
specification's rule: a receiver that cannot parse it starts afresh, and this one starts
nothing). Without one, nothing is added: the request id (`X-Request-ID`) still names it.
"""

from __future__ import annotations

import random
import re
from typing import NamedTuple

# version-traceid-parentid-flags, lowercase hex; a later version may append fields.
_TRACEPARENT = re.compile(rb"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[ -~]*)?")
_ZERO_TRACE = b"0" * 32
_ZERO_SPAN = b"0" * 16
# A header longer than this is not a traceparent any version defines today.
MAX_LENGTH = 512


class TraceParent(NamedTuple):
    """The caller's trace id and flags (its parent id is not needed to answer)."""

    trace_id: str
    flags: str

    def answer(self) -> bytes:
        """The `traceparent` of the answer: the same trace, a new span id of this service.

        The span id is drawn from the process's PRNG: it names a span, it is not a secret.
        """
        span = random.getrandbits(64) or 1
        return f"00-{self.trace_id}-{span:016x}-{self.flags}".encode()


def parse_traceparent(value: bytes) -> TraceParent | None:
    """The trace context of a valid header; None for anything malformed (treated as absent)."""
    if len(value) > MAX_LENGTH:
        return None
    found = _TRACEPARENT.fullmatch(value)
    if found is None:
        return None
    version, trace_id, parent_id, flags, rest = found.groups()
    # Version ff is forbidden; version 00 has exactly four fields.
    if version == b"ff" or (version == b"00" and rest is not None):
        return None
    if trace_id == _ZERO_TRACE or parent_id == _ZERO_SPAN:
        return None
    return TraceParent(trace_id.decode(), flags.decode())
