"""The in-process bench tools still run against today's code and print a figure per row.

`make bench` runs servers under wrk; these tools time features inside one process and are
run by hand when a change needs pricing (docs/BENCHMARKS.md). Nothing else runs them, so
a renamed function broke `bench.feature_micro` unnoticed for a release (issue 24): each is
run here with counts too small to mean anything, only to show it still works.
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.support.servers import REPO_ROOT

# A table row: "| name | figure |" with one or more figures (a price may be negative, or
# "—" on the row the others are priced against).
ROW = re.compile(r"^\| ([^|]+?) \|((?: (?:-?[0-9.]+(?: \(-?[0-9.]+\))?|—) \|)+)$")


def table(module: str, *args: str) -> dict[str, str]:
    """Run `python -m module args` from the repository's root; its table rows by name."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {}
    for line in done.stdout.splitlines():
        found = ROW.match(line)
        if found is not None:
            rows[found.group(1)] = found.group(2)
    return rows


def test_feature_micro_prices_every_feature() -> None:
    rows = table("bench.feature_micro", "--requests", "50", "--repeat", "1")
    assert {
        "log line",
        "rate limit (memory)",
        "CORS, allowed Origin",
        "CORS, no Origin",
        "drift observation",
        "metrics (multiprocess files)",
        "ledger: queue put",
        "ledger: writer, per row (SQLite)",
    } <= set(rows)


def test_feature_price_prices_a_feature_against_all_on() -> None:
    rows = table(
        "bench.feature_price", "--requests", "20", "--rounds", "1", "--only", "all on", "ledger off"
    )
    assert set(rows) == {"all on", "ledger off"}


def test_the_batch_floor_validates_each_item_and_answers_every_one() -> None:
    """The batch's fair floor refuses what the service refuses (a bad item, an unknown
    model, too many items) and answers each item with a PCOS answer of full size."""
    from fastapi.testclient import TestClient

    from bench.apps.fair import BATCH_MAX_ITEMS, app
    from bench.bodies import batch_request

    client = TestClient(app)
    body = batch_request(3)
    answered = client.post("/api/v1/predict/batch", json=body)
    assert answered.status_code == 200
    predictions = answered.json()["predictions"]
    assert len(predictions) == 3
    assert all(p["model_name"] == "pcos" and "risk_score" in p for p in predictions)
    assert len(answered.content) > 3 * 3000  # each answer as big as a real one

    body["requests"][1]["input"]["features"]["acne"] = 2
    assert client.post("/api/v1/predict/batch", json=body).status_code == 422
    body["requests"][1] = {"model_name": "cycle", "input": {}}
    assert client.post("/api/v1/predict/batch", json=body).status_code == 422
    many = batch_request(BATCH_MAX_ITEMS + 1)
    assert client.post("/api/v1/predict/batch", json=many).status_code == 422
