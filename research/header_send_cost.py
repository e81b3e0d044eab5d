"""What uvicorn spends on each response header, for the service's PCOS answer and the floor's.

    PYTHONPATH=src:. taskset -c 1 .venv/bin/python -m research.header_send_cost

uvicorn's httptools protocol writes an answer's head in Python: for every header it checks
the name and the value each against a regular expression (uvicorn's own two, imported
here), lower-cases the name, compares it with the three names it treats apart
(content-length, transfer-encoding, connection) and appends four pieces to the head. This
does the same for the headers a browser's PCOS answer carries (12, CORS included) and for
the fair floor's (2), and prints the µs of each (best of 5 x 200,000): a cost the bench's
wrk runs see and an in-process run (`python -m bench.cpu_per_request`) does not.
"""

from __future__ import annotations

import timeit

from uvicorn.protocols.http.httptools_impl import HEADER_RE, HEADER_VALUE_RE

SPECIAL = (b"content-length", b"transfer-encoding", b"connection")
PCOS_ANSWER = [
    (b"content-length", b"3780"),
    (b"content-type", b"application/json"),
    (b"x-prediction-id", b"6b10edbfSj1YH0N47ms6YansflPQfortqOxEP78b"),
    (b"x-ratelimit-limit", b"600"),
    (b"x-ratelimit-remaining", b"599"),
    (b"x-ratelimit-reset", b"1796271612"),
    (
        b"access-control-expose-headers",
        b"X-Request-ID, X-Cache, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, "
        b"X-RateLimit-Reset, X-Prediction-ID, ETag, Idempotent-Replayed, traceparent",
    ),
    (b"vary", b"Origin, Accept-Language"),
    (b"x-request-id", b"9ba3c1a6e1ac22250000000000000000"),
    (b"content-language", b"en"),
    (b"access-control-allow-origin", b"https://app.fembalance.example"),
    (b"access-control-allow-credentials", b"true"),
]
FLOOR_ANSWER = PCOS_ANSWER[:2]


def head(headers: list[tuple[bytes, bytes]]) -> bytes:
    """An answer's header lines, checked and written as uvicorn's protocol does."""
    pieces: list[bytes] = []
    for name, value in headers:
        if HEADER_RE.search(name) or HEADER_VALUE_RE.search(value):
            raise ValueError("invalid header")
        lowered = name.lower()
        if lowered in SPECIAL:
            pass  # uvicorn notes the length, the encoding or the connection's fate here
        pieces.extend([lowered, b": ", value, b"\r\n"])
    return b"".join(pieces)


def main() -> int:
    number = 200_000
    for label, headers in (("PCOS answer", PCOS_ANSWER), ("fair floor", FLOOR_ANSWER)):
        best = min(timeit.repeat(lambda h=headers: head(h), number=number, repeat=5))
        print(f"{label}, {len(headers)} headers: {best / number * 1e6:.2f} µs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
