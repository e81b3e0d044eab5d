"""GET /api/v1/experiments/{name} at any number of outcomes: bounded memory, exact values,
sound intervals; cached, computed in the prediction pool, one computation at a time."""

from __future__ import annotations

import asyncio
import threading
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from fembalance_ml.api.errors import ServiceBusyError
from fembalance_ml.api.offload import WorkerPool
from fembalance_ml.api.reports import ExperimentReports
from fembalance_ml.ledger import experiment_report as experiments
from fembalance_ml.ledger.bootstrap import SAMPLE_CAP, RankedScores, count_blocks, rng
from fembalance_ml.ledger.database import make_engine
from fembalance_ml.ledger.experiment_report import experiment_report
from fembalance_ml.ledger.verdicts import auc
from fembalance_ml.main import served_registry
from research.experiments_memory import fill
from tests.ledger.test_ledger import ADMIN_AUTH, ledger, ledger_app

RETENTION = timedelta(days=180)


def outcome_of(model: str) -> Any:
    """How the served model's outcomes are scored and reported (its spec's)."""
    return served_registry().by_name[model].outcome


def peak_mb(url: str, model: str) -> float:
    """Peak of traced allocations (Python and NumPy) while one report is computed."""
    engine = make_engine(url)
    experiment_report(
        engine, model, RETENTION, outcome=outcome_of(model)
    )  # warm: imports, the engine's first connect
    tracemalloc.start()
    try:
        experiment_report(engine, model, RETENTION, outcome=outcome_of(model))
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
        engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize(("model", "many"), [("cycle_prediction", 100_000), ("pcos", 30_000)])
def test_memory_per_report_does_not_grow_with_the_outcomes(
    tmp_path: Path, model: str, many: int
) -> None:
    # Before: 16 MB at 1,000 outcomes and 1.5 GB at 100,000 (research/experiments_memory.py).
    few_url, many_url = (f"sqlite:///{tmp_path / name}.sqlite3" for name in ("few", "many"))
    fill(few_url, model, 1000)
    fill(many_url, model, many)
    few, lots = peak_mb(few_url, model), peak_mb(many_url, model)
    assert lots < 2 * few + 4, (few, lots)
    assert lots < 64


def simulated(tmp_path: Path, model: str, outcomes: int) -> tuple[str, dict[str, Any]]:
    url = f"sqlite:///{tmp_path / model}.sqlite3"
    fill(url, model, outcomes)
    engine = make_engine(url)
    try:
        return url, experiment_report(engine, model, RETENTION, outcome=outcome_of(model))
    finally:
        engine.dispose()


def all_outcomes(url: str) -> dict[str, dict[str, np.ndarray[Any, Any]]]:
    """Every outcome of each arm, read whole (fine for a test's few thousand)."""
    from sqlalchemy import text

    engine = make_engine(url)
    query = text(
        "SELECT p.version, o.loss, o.hit, o.probability, o.event, o.loss "
        "FROM predictions p JOIN outcomes o ON o.prediction_id = p.id"
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    engine.dispose()
    arms: dict[str, list[tuple[Any, ...]]] = {}
    for version, *values in rows:
        arms.setdefault(version, []).append(tuple(values))
    return {
        version: dict(
            zip(
                ("error", "hit", "score", "label", "brier"),
                (np.array(column, dtype=float) for column in zip(*values, strict=True)),
                strict=True,
            )
        )
        for version, values in arms.items()
    }


def test_values_use_every_outcome_above_the_cap(tmp_path: Path) -> None:
    outcomes = 4 * SAMPLE_CAP
    url, report = simulated(tmp_path, "pcos", outcomes)
    truth = all_outcomes(url)
    assert report["method"]["bootstrap_outcomes_cap"] == SAMPLE_CAP
    for arm in report["arms"]:
        mine = truth[arm["version"]]
        assert arm["outcomes"] == outcomes // 2 > SAMPLE_CAP
        brier, area = arm["figures"]["brier"], arm["figures"]["auc"]
        assert brier["value"] == pytest.approx(mine["brier"].mean(), rel=1e-9)
        assert area["value"] == pytest.approx(roc_auc_score(mine["label"], mine["score"]))
        # The m-out-of-n interval of a mean is the plain one's: mean +- 1.96 sd / sqrt(n).
        half = 1.96 * mine["brier"].std(ddof=1) / np.sqrt(mine["brier"].size)
        low, high = brier["ci95"]
        assert low < brier["value"] < high
        assert (high - low) / 2 == pytest.approx(half, rel=0.15)
        assert area["ci95"][0] < area["value"] < area["ci95"][1]


def test_cycle_figures_and_verdict_above_the_cap(tmp_path: Path) -> None:
    url, report = simulated(tmp_path, "cycle_prediction", 3 * SAMPLE_CAP)
    truth = all_outcomes(url)
    for arm in report["arms"]:
        mine = truth[arm["version"]]
        assert arm["figures"]["mae_days"]["value"] == pytest.approx(mine["error"].mean())
        coverage = arm["figures"]["interval_coverage"]
        assert coverage["value"] == pytest.approx(mine["hit"].mean())
        half = 1.96 * mine["hit"].std(ddof=1) / np.sqrt(mine["hit"].size)
        assert (coverage["ci95"][1] - coverage["ci95"][0]) / 2 == pytest.approx(half, rel=0.15)
    # Both arms draw their errors alike: no verdict either way.
    (comparison,) = report["comparisons"]
    assert comparison["verdict"] == "no_difference_yet"
    low, high = comparison["loss_difference"]["ci95"]
    assert low < 0 < high


def test_resample_counts_give_the_resampled_mean_and_auc() -> None:
    generator = np.random.default_rng(3)
    scores = np.round(generator.random(40), 1)  # ties
    labels = generator.random(40) < scores
    order = np.argsort(scores, kind="stable")
    ranked = RankedScores.of(scores, labels)
    block = next(count_blocks(rng(), 40))
    assert block.shape[1] == 40
    assert (block.sum(axis=1) == 40).all()
    for counts, area in zip(block[:50], ranked.auc(block[:50]), strict=True):
        drawn = np.repeat(order, counts)  # counts index the sorted scores
        expected = auc(scores[drawn], labels[drawn])
        assert area == pytest.approx(expected) or (np.isnan(area) and np.isnan(expected))


def test_a_report_is_reused_and_computed_once_for_concurrent_callers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = experiments.experiment_report

    def counted(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr("fembalance_ml.api.reports.experiment_report", counted)
    with ledger_app(f"sqlite:///{tmp_path / 'ledger.sqlite3'}") as client:
        reports: ExperimentReports = client.app.state.experiment_reports  # type: ignore[attr-defined]

        async def four_at_once() -> list[dict[str, Any]]:
            return await asyncio.gather(*(reports.report("pcos") for _ in range(4)))

        answers = client.portal.call(four_at_once)  # type: ignore[union-attr]
        assert calls == ["pcos"]
        assert all(answer is answers[0] for answer in answers)
        again = client.get("/api/v1/experiments/pcos", headers=ADMIN_AUTH)
        assert again.status_code == 200
        assert calls == ["pcos"]
        assert again.json()["computed_at"] == answers[0]["computed_at"]
        assert again.json()["method"]["cache_seconds"] == 60


def test_a_full_prediction_pool_refuses_a_report_with_busy(tmp_path: Path) -> None:
    pool = WorkerPool(threads=1, capacity=1)
    release = threading.Event()
    with ledger_app(f"sqlite:///{tmp_path / 'ledger.sqlite3'}") as client:
        reports = ExperimentReports(ledger(client), pool, ttl_seconds=60)

        async def while_the_pool_is_full() -> BaseException | None:
            holding = asyncio.ensure_future(pool.run(release.wait, 30))
            await asyncio.sleep(0.05)
            try:
                await reports.report("pcos")
            except ServiceBusyError as exc:
                return exc
            finally:
                release.set()
                await holding
            return None

        refused = client.portal.call(while_the_pool_is_full)  # type: ignore[union-attr]
    assert isinstance(refused, ServiceBusyError)
    pool.shutdown()


def test_reports_are_rate_limited(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    with ledger_app(url, rate_limit_overrides={"experiments": "2/minute"}) as client:
        statuses = [
            client.get("/api/v1/experiments/pcos", headers=ADMIN_AUTH).status_code for _ in range(3)
        ]
        refused = client.get("/api/v1/experiments/pcos", headers=ADMIN_AUTH)
    assert statuses == [200, 200, 429]
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 1
