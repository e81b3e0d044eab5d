"""Experiment reports as the route serves them: in the prediction pool, cached, one at a time.

A report reads every live outcome of a model (in sums and a capped sample, see
ledger/experiment_report.py) and resamples them: about a second at 100,000 outcomes. It runs
in the worker's bounded prediction pool (503 `busy` when full, as a prediction would),
a model's report is reused for EXPERIMENTS_CACHE_SECONDS, and callers asking for the
same model while it is computed wait for that one computation instead of starting theirs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from fembalance_ml.api.offload import WorkerPool
from fembalance_ml.ledger.experiment_report import experiment_report
from fembalance_ml.ledger.writer import LedgerWriter

Report = dict[str, Any]


def _consume(task: asyncio.Task[Report]) -> None:
    """Retrieve a finished computation's error, so that none is logged as unretrieved."""
    if not task.cancelled():
        task.exception()


class ExperimentReports:
    """Each model's report, computed in `pool` and reused for `ttl_seconds`."""

    def __init__(
        self,
        ledger: LedgerWriter,
        pool: WorkerPool,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ledger = ledger
        self._pool = pool
        self._ttl = ttl_seconds
        self._clock = clock
        self._answers: dict[str, tuple[float, Report]] = {}
        self._running: dict[str, asyncio.Task[Report]] = {}

    async def report(self, model: str) -> Report:
        """The model's report: cached, being computed, or computed now."""
        cached = self._answers.get(model)
        if cached is not None and cached[0] > self._clock():
            return cached[1]
        running = self._running.get(model)
        if running is None:
            running = asyncio.ensure_future(self._compute(model))
            self._running[model] = running
            running.add_done_callback(lambda _: self._running.pop(model, None))
            running.add_done_callback(_consume)
        # A caller that goes away does not cancel the others' computation.
        return await asyncio.shield(running)

    async def _compute(self, model: str) -> Report:
        ledger = self.ledger
        spec = ledger.models.get(model)
        answer = await self._pool.run_long(
            experiment_report,
            ledger.repository.engine,
            model,
            ledger.retention,
            self._ttl,
            outcome=spec.outcome if spec is not None else None,
        )
        if self._ttl > 0:
            self._answers[model] = (self._clock() + self._ttl, answer)
        return answer

    def forget(self) -> None:
        """Drop the cached reports (after an erasure in this worker)."""
        self._answers.clear()
