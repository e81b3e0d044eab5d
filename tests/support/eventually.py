"""Waiting for what another process writes a moment later (a worker's metric counts)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(read: Callable[[], T], done: Callable[[T], bool], timeout: float = 5.0) -> T:
    """`read()` again every 50 ms until `done` holds for what it gave (then that), or the
    timeout passes (then the last reading, for the caller's assertion to show)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.05)
