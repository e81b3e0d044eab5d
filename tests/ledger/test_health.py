"""The ledger's health: which faults are outages, the pause before the next try, the gauge."""

from __future__ import annotations

import sqlite3

import pytest
from prometheus_client import REGISTRY
from sqlalchemy.exc import IntegrityError, OperationalError

from fembalance_ml.ledger.health import FIRST_PAUSE_SECONDS, MAX_PAUSE_SECONDS, LedgerHealth
from fembalance_ml.ledger.outages import outage_reason


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def gauge() -> float | None:
    return REGISTRY.get_sample_value("ml_ledger_up")


def test_outages_are_told_apart_from_bugs() -> None:
    refused = OperationalError("connect", {}, Exception("connection refused"))
    read_only = OperationalError(
        "insert", {}, sqlite3.OperationalError("attempt to write a readonly database")
    )
    assert outage_reason(refused) == "database_unreachable"
    assert outage_reason(read_only) == "state_dir_unwritable"
    assert outage_reason(PermissionError(1, "Operation not permitted")) == "state_dir_unwritable"
    assert outage_reason(IntegrityError("insert", {}, Exception("duplicate key"))) is None
    assert outage_reason(ValueError("a bug")) is None


def test_the_pause_doubles_to_its_cap_and_resets_once_writing() -> None:
    clock = Clock()
    health = LedgerHealth(clock=clock, jitter=lambda: 0.5)  # no jitter: 1.0 x the pause
    assert (health.up, health.reason, gauge()) == (False, "starting", 0)
    pauses = []
    for _ in range(6):
        health.failed("database_unreachable", "OperationalError")
        pauses.append(health.wait_seconds())
    assert pauses == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
    assert pauses[0] == FIRST_PAUSE_SECONDS
    assert max(pauses) == MAX_PAUSE_SECONDS
    assert health.retry_after() == 5
    clock.now += 5.0
    assert health.wait_seconds() == 0
    assert health.retry_after() == 1  # never 0: a client always waits a moment
    health.succeeded()
    assert (health.up, health.reason, gauge()) == (True, None, 1)
    health.failed("database_unreachable", "OperationalError")
    assert health.wait_seconds() == FIRST_PAUSE_SECONDS
    assert gauge() == 0


@pytest.mark.parametrize("draw", [0.0, 1.0])
def test_workers_that_fail_together_retry_apart(draw: float) -> None:
    health = LedgerHealth(clock=Clock(), jitter=lambda: draw)
    health.failed("database_unreachable", "OperationalError")
    assert health.wait_seconds() == pytest.approx(FIRST_PAUSE_SECONDS * (0.8 + 0.4 * draw))
