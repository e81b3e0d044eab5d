"""Prediction ids prove who they were issued to, when, and by which process; no I/O."""

from __future__ import annotations

import os
import time

import pytest

from fembalance_ml.security.ids import (
    HIDDEN_SUBJECT,
    LEGACY_ID_LENGTH,
    PREDICTION_ID_LENGTH,
    PredictionIds,
)

IDS = PredictionIds(b"a-key-derived-from-the-pseudonym-key")


def test_an_id_is_accepted_for_its_subject_only() -> None:
    (mine,) = IDS.issue("key-digest-a")
    assert len(mine) == PREDICTION_ID_LENGTH
    check = IDS.check(mine, "key-digest-a")
    assert check.kind == "issued"
    assert check.mine
    assert abs(check.second - time.time()) < 5
    assert IDS.check(mine, "key-digest-b").kind == "refused"
    assert IDS.check(mine, "token:someone").kind == "refused"
    assert IDS.check(mine, None).kind == "refused"


def test_an_id_issued_without_a_credential_is_anyones() -> None:
    (anonymous,) = IDS.issue(None)
    assert IDS.check(anonymous, None).kind == "issued"
    assert IDS.check(anonymous, "key-digest-a").kind == "issued"


def test_forged_mistyped_and_foreign_ids_are_refused() -> None:
    (genuine,) = IDS.issue("a")
    flipped = genuine[:-1] + ("A" if genuine[-1] != "A" else "B")
    standard_alphabet = genuine[:8] + genuine[8:].replace("-", "+").replace("_", "/")
    other_key = PredictionIds(b"another-deployment-key").issue("a")[0]
    later = f"{int(genuine[:8], 16) + 1:08x}" + genuine[8:]
    for refused in (
        flipped,
        genuine[:-1],
        genuine + "x",
        other_key,
        later,
        "no-such-prediction",
        "",
        "z" * PREDICTION_ID_LENGTH,
    ):
        assert IDS.check(refused, "a").kind == "refused", refused
    if standard_alphabet != genuine:
        assert IDS.check(standard_alphabet, "a").kind == "refused"


def test_a_shadow_answers_id_verifies_for_no_client() -> None:
    (hidden,) = IDS.issue(HIDDEN_SUBJECT)
    for subject in (None, "", "a", "token:x"):
        assert IDS.check(hidden, subject).kind == "refused"


def test_old_ids_go_to_the_ledger() -> None:
    old = f"{int(time.time()) - 3600:08x}" + "A" * (LEGACY_ID_LENGTH - 8)
    check = IDS.check(old, "whoever")
    assert (check.kind, check.mine) == ("legacy", False)
    assert IDS.check("g" * LEGACY_ID_LENGTH, "whoever").kind == "refused"  # no hex second


def test_a_forked_worker_issues_ids_that_are_not_the_parents() -> None:
    (parents,) = IDS.issue("a")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own id, and whether it takes the parent's as its own
        os.close(read)
        (childs,) = IDS.issue("a")
        verdict = b"1" if IDS.check(parents, "a").mine else b"0"
        os.write(write, childs.encode() + verdict)
        os._exit(0)
    os.close(write)
    answer = os.read(read, 64)
    os.close(read)
    os.waitpid(pid, 0)
    childs, parent_is_childs = answer[:-1].decode(), answer[-1:] == b"1"
    assert IDS.check(childs, "a").kind == "issued"
    assert not IDS.check(childs, "a").mine
    assert not parent_is_childs


def test_one_id_is_the_same_id_a_batch_of_one_would_be(monkeypatch: pytest.MonkeyPatch) -> None:
    from fembalance_ml.security import ids

    monkeypatch.setattr(ids.RANDOM, "take", lambda count: bytes(range(count)))
    monkeypatch.setattr(time, "time", lambda: 1_796_000_000.7)
    for subject in ("key-digest-a", None, HIDDEN_SUBJECT, "token:é"):
        assert IDS.issue_one(subject) == IDS.issue(subject)[0]


def test_one_id_proves_its_subject_like_any_other() -> None:
    mine = IDS.issue_one("key-digest-a")
    assert len(mine) == PREDICTION_ID_LENGTH
    assert IDS.check(mine, "key-digest-a").kind == "issued"
    assert IDS.check(mine, "key-digest-b").kind == "refused"
    assert IDS.issue_one("a") != IDS.issue_one("a")
