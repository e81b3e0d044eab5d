"""Two Gunicorn workers: an outcome posted right after its prediction is never lost, on
SQLite and PostgreSQL (the operators' finding: 3 of 6 got 404 before)."""

from __future__ import annotations

import json

import pytest

from scripts.outcome_race import race

pytestmark = pytest.mark.integration
TRIES = 60


def test_no_outcome_posted_right_after_its_prediction_is_lost(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = race(database_url, TRIES)
    with capsys.disabled():
        print(f"\noutcome race ({database_url.split(':')[0]}): {json.dumps(figures)}")
    assert figures["tries"] % TRIES == 0
    assert figures["lost"] == 0
    assert figures["statuses"] == [202]
    assert figures["workers_that_predicted"] == 2  # both workers took part
    assert figures["outcomes_that_waited_for_a_flush"] >= 1  # the other worker's row
