"""Prediction ids that prove themselves, and the random bytes they are made of.

An id carries the second it was issued in, a tag of the process that issued it, random
bytes and a MAC over them and the subject (API key or browser-token subject) it was given
to: the outcome route tells a forged, mistyped or another subject's id at once, without a
database look-up, and knows whether the answer's ledger row is this process's to write.

Unguessable ids without a system call per id: the OS's random bytes, read in blocks.

Every answer gets a prediction id carrying 96 fresh random bits. Reading them with one
`os.urandom` call per id costs a system call on every request (9-130 us measured in the
request profile here, the upper figure on a busy machine); reading 256 ids' worth at once
costs one call per 256. The bytes are the same kind (the kernel's CSPRNG), each used once.
A forked process (a Gunicorn worker) starts with an empty block, so no two processes ever
hand out the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import threading
import time
from typing import Final, Literal, NamedTuple

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


# Prediction ids. `{second:08x}` then 32 URL-safe base64 characters of 24 bytes:
# this process's tag (3), fresh random bytes (12) and a keyed BLAKE2b MAC (9) of the second,
# tag, random bytes and the subject the answer was given to. 40 characters in all.
PREDICTION_ID_LENGTH: Final = 40
# Ids issued before the MAC (issue 23): the second, then 128 random bits (30 characters).
LEGACY_ID_LENGTH: Final = 30
_TAG_BYTES, _RANDOM_BYTES, _MAC_BYTES = 3, 12, 9
_BODY_BYTES: Final = _TAG_BYTES + _RANDOM_BYTES
# Base64 characters after the second: 4 for each 3 bytes of body and MAC.
_TEXT: Final = (_BODY_BYTES + _MAC_BYTES) // 3 * 4
assert (_BODY_BYTES + _MAC_BYTES) % 3 == 0, "ids are encoded together: whole base64 groups"
# The subject of answers no client was given (a shadow version's): no client has it.
HIDDEN_SUBJECT: Final = "\x00hidden"
IdKind = Literal["issued", "legacy", "refused"]
_ISSUED_FORM: Final = re.compile(r"[0-9a-f]{8}[A-Za-z0-9_-]{32}")


class ProcessTag:
    """Three bytes naming a process in the ids it issues (random unless given)."""

    def __init__(self, value: bytes | None = None) -> None:
        self.value = value if value is not None else os.urandom(_TAG_BYTES)

    def renew(self) -> None:
        self.value = os.urandom(_TAG_BYTES)


# This process's tag: new after a fork, so that each worker's ids name the worker.
_TAG: Final = ProcessTag()
os.register_at_fork(after_in_child=_TAG.renew)


class IdCheck(NamedTuple):
    """What a prediction id says about itself once its MAC is checked.

    `issued`: this service issued it to the subject asking (or to no subject), at
    `second`; `mine` when this process did. `legacy`: an id of the old form, which carries
    no MAC (only the ledger can tell). `refused`: forged, mistyped or another subject's.
    """

    kind: IdKind
    second: int = 0
    mine: bool = False


REFUSED: Final = IdCheck("refused")


class PredictionIds:
    """Issues prediction ids that prove themselves: who got them, when, from which process.

    The MAC key is derived from PSEUDONYM_KEY; changing that key turns every id issued
    before into a refused one. The subject is an API key's digest, `token:<subject>` for a
    browser token, or "" when the prediction was made without a credential (then any
    caller may send its outcome).
    """

    def __init__(self, key: bytes, tag: ProcessTag = _TAG) -> None:
        # Keyed once; each MAC copies this state (cheaper than keying BLAKE2b again).
        self._keyed = hashlib.blake2b(key=key, digest_size=_MAC_BYTES)
        # The issuing process's tag: this process's, unless another's is given (a test's).
        self._tag = tag

    def _mac(self, head: bytes, subject: bytes) -> bytes:
        mac = self._keyed.copy()
        mac.update(head + subject)  # one update: a batch issues a thousand at once
        return mac.digest()

    def issue(self, subject: str | None, count: int = 1) -> list[str]:
        """`count` fresh ids for answers given to `subject`, from one read of randomness."""
        second = f"{int(time.time()):08x}"
        tag = self._tag.value
        prefix = second.encode() + tag
        who = _encoded(subject)
        random = RANDOM.take(_RANDOM_BYTES * count)
        mac = self._mac
        bodies = []
        for start in range(0, len(random), _RANDOM_BYTES):
            chunk = random[start : start + _RANDOM_BYTES]
            bodies.append(tag + chunk + mac(prefix + chunk, who))
        # One encoding for all: each body is 24 bytes, so its 32 characters do not depend
        # on its neighbours (base64 encodes 3 bytes at a time).
        text = base64.urlsafe_b64encode(b"".join(bodies)).decode()
        return [second + text[start : start + _TEXT] for start in range(0, len(text), _TEXT)]

    def issue_one(self, subject: str | None) -> str:
        """One fresh id for an answer given to `subject`: `issue(subject)[0]`, without the
        list and the slicing a batch's ids need (1.0-1.3 µs of 3.3 a single answer's id)."""
        second = f"{int(time.time()):08x}"
        tag = self._tag.value
        random = RANDOM.take(_RANDOM_BYTES)
        mac = self._mac(second.encode() + tag + random, _encoded(subject))
        return second + base64.urlsafe_b64encode(tag + random + mac).decode()

    def check(self, prediction_id: str, subject: str | None) -> IdCheck:
        """Whether `prediction_id` was issued to `subject` (or to nobody), without any I/O."""
        second = _second_of(prediction_id)
        if second is None:
            return REFUSED
        if len(prediction_id) == LEGACY_ID_LENGTH:
            return IdCheck("legacy", second)
        if not _ISSUED_FORM.fullmatch(prediction_id):
            return REFUSED
        try:
            raw = base64.urlsafe_b64decode(prediction_id[8:])
        except (ValueError, binascii.Error):
            return REFUSED
        head, mac = prediction_id[:8].encode() + raw[:_BODY_BYTES], raw[_BODY_BYTES:]
        for who in {_encoded(subject), b""}:
            if hmac.compare_digest(self._mac(head, who), mac):
                return IdCheck("issued", second, raw[:_TAG_BYTES] == self._tag.value)
        return REFUSED


def _encoded(subject: str | None) -> bytes:
    return (subject or "").encode("utf-8", "surrogatepass")


def _second_of(prediction_id: str) -> int | None:
    """The second an id says it was issued in (its first 8 hex digits), or None."""
    head = prediction_id[:8]
    if len(head) != 8 or not all(c in "0123456789abcdef" for c in head):
        return None
    return int(head, 16)
