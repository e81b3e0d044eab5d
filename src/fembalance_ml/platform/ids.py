"""Unguessable ids without a system call per id: the OS's random bytes, read in blocks.

Every answer gets a prediction id carrying 128 random bits. Reading them with one
`os.urandom` call per id costs a system call on every request (9-130 us measured in the
request profile here, the upper figure on a busy machine); reading 256 ids' worth at once
costs one call per 256. The bytes are the same kind (the kernel's CSPRNG), each used once.
A forked process (a Gunicorn worker) starts with an empty block, so no two processes ever
hand out the same bytes.
"""

from __future__ import annotations

import os
import threading
from typing import Final

BLOCK_BYTES: Final = 4096


class RandomBytes:
    """Consecutive, never reused slices of blocks read from `os.urandom`; thread-safe."""

    def __init__(self, block_bytes: int = BLOCK_BYTES) -> None:
        self._block_bytes = block_bytes
        self._block = b""
        self._used = 0
        self._lock = threading.Lock()
        os.register_at_fork(after_in_child=self._forget)

    def take(self, count: int) -> bytes:
        """`count` fresh random bytes."""
        with self._lock:
            if self._used + count > len(self._block):
                self._block = os.urandom(max(self._block_bytes, count))
                self._used = 0
            start = self._used
            self._used += count
            return self._block[start : self._used]

    def _forget(self) -> None:
        """In a forked child: drop the parent's block and lock (another thread may hold it)."""
        self._lock = threading.Lock()
        self._block = b""
        self._used = 0


RANDOM: Final = RandomBytes()
