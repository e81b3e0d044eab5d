"""Per-request work done once: key verdicts, pseudonyms, metric children, request ids."""

from __future__ import annotations

import os
import re

import pytest
from pydantic import SecretStr

from fembalance_ml.http.context import new_request_id
from fembalance_ml.observability.metrics import PREDICTIONS, child
from fembalance_ml.security import auth
from fembalance_ml.security.auth import ApiKeyVerifier
from fembalance_ml.security.privacy import Pseudonymizer

KEY = "key-0123456789abcdef0123456789abcdef"


def test_a_header_value_is_verified_once(monkeypatch: pytest.MonkeyPatch) -> None:
    verifier = ApiKeyVerifier([SecretStr(KEY)])
    hashed: list[str] = []
    real = auth.hash_key

    def counting(key: str) -> bytes:
        hashed.append(key)
        return real(key)

    monkeypatch.setattr(auth, "hash_key", counting)
    good = [verifier.client_of(f"Bearer {KEY}") for _ in range(5)]
    bad = [verifier.client_of("Bearer wrong-key") for _ in range(5)]
    assert good == [real(KEY).hex()[:16]] * 5
    assert bad == [None] * 5
    assert len(hashed) == 2
    assert verifier.client_of_bytes(f"bearer {KEY}".encode()) == good[0]
    assert verifier.client_of("Basic abc") is None
    assert verifier.client_of(None) is None


def test_the_verdict_cache_is_bounded_and_holds_no_raw_key() -> None:
    verifier = ApiKeyVerifier([SecretStr(KEY)], cache_items=8)
    for i in range(100):
        verifier.client_of(f"Bearer made-up-{i}")
    assert verifier.client_of(f"Bearer {KEY}") is not None
    kept = verifier._verdicts
    assert len(kept) == 8
    assert all(isinstance(tag, bytes) and len(tag) == 16 for tag in kept)
    assert not any(KEY.encode() in tag for tag in kept)
    # The newest verdicts survive; the oldest made-up ones were evicted.
    assert verifier.client_of("Bearer made-up-99") is None


def test_pseudonyms_are_remembered_and_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    pseudonymizer = Pseudonymizer(b"secret")
    computed: list[tuple[bytes, ...]] = []
    real = pseudonymizer.digest

    def counting(*parts: bytes) -> str:
        computed.append(parts)
        return real(*parts)

    monkeypatch.setattr(pseudonymizer, "digest", counting)
    first = pseudonymizer.user("user-1")
    assert [pseudonymizer.user("user-1") for _ in range(3)] == [first] * 3
    assert len(computed) == 1
    assert first == real(b"user", b"user-1")[:16]
    assert pseudonymizer.user(None) is None
    pseudonymizer._users_until = 0.0  # the remembering period is over: computed again, same value
    assert pseudonymizer.user("user-1") == first
    assert len(computed) == 2


def test_metric_children_are_resolved_once() -> None:
    one = child(PREDICTIONS, "pcos", "v-test", "ok")
    assert child(PREDICTIONS, "pcos", "v-test", "ok") is one
    assert one is PREDICTIONS.labels("pcos", "v-test", "ok")


def test_request_ids_are_unique_hex_and_keep_a_good_offered_id() -> None:
    ids = {new_request_id(None) for _ in range(10_000)}
    assert len(ids) == 10_000
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert new_request_id("trace-abc-123") == "trace-abc-123"
    assert re.fullmatch(r"[0-9a-f]{32}", new_request_id("bad id!"))


def test_a_forked_worker_gets_ids_of_its_own() -> None:
    read, write = os.pipe()
    parent = new_request_id(None)
    pid = os.fork()
    if pid == 0:  # the child: write one id and leave at once
        os.write(write, new_request_id(None).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child_id = os.read(read, 64).decode()
    os.close(read)
    os.close(write)
    assert child_id[:16] != parent[:16]
