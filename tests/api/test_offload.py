"""The event loop only waits: predictions run in a bounded pool, /health answers meanwhile."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from fembalance_ml.api import prediction_route
from fembalance_ml.api.errors import ServiceBusyError
from fembalance_ml.api.offload import WorkerPool
from fembalance_ml.main import build_app
from tests.conftest import body, make_settings


def symptoms_batch(items: int) -> dict[str, Any]:
    return {
        "requests": [{"model_name": "symptoms", "input": body("symptoms")} for _ in range(items)]
    }


async def _health_while_a_batch_runs(app: Any) -> tuple[bool, int, int]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        batch = asyncio.create_task(
            client.post("/api/v1/predict/batch", json=symptoms_batch(300), timeout=120)
        )
        # Let the batch reach its pool thread before asking for liveness.
        while app.state.predictions.pool.in_flight == 0:
            await asyncio.sleep(0.001)
        health = await client.get("/health")
        batch_still_running = not batch.done()
        return batch_still_running, health.status_code, (await batch).status_code


def test_health_answers_while_a_long_batch_runs() -> None:
    """Liveness is answered before a 300-item symptoms batch finishes, not after it."""
    # A cost budget that admits the long batch: the cap is tested in test_batch.py.
    app = build_app(make_settings(model_watch_seconds=0, log_level="WARNING", batch_max_cost=10**6))

    async def scenario() -> tuple[bool, int, int]:
        async with app.router.lifespan_context(app):
            return await _health_while_a_batch_runs(app)

    still_running, health_status, batch_status = asyncio.run(scenario())
    assert health_status == 200
    assert batch_status == 200
    assert still_running, "/health waited for the batch: the batch ran on the event loop"


@pytest.mark.parametrize("held", ["run", "run_long"])
def test_work_over_the_capacity_is_refused_at_once(held: str) -> None:
    """With every slot taken (by a single prediction's call or a batch's: the capacity
    counts both lanes), a new call gets ServiceBusyError instead of queueing; a call after
    a shutdown starts a new thread."""
    release = threading.Event()

    async def scenario() -> None:
        pool = WorkerPool(threads=1, capacity=1, long_threads=1)
        blocked = asyncio.create_task(getattr(pool, held)(release.wait, 30))
        while pool.in_flight == 0:
            await asyncio.sleep(0.001)
        with pytest.raises(ServiceBusyError):
            await pool.run(sum, [1, 2])
        release.set()
        assert await blocked is True
        assert await pool.run(sum, [1, 2]) == 3
        pool.shutdown()
        assert await pool.run_long(sum, [1, 2]) == 3
        pool.shutdown()

    asyncio.run(scenario())


def test_a_long_call_does_not_hold_up_a_quick_one() -> None:
    """A batch's work (the long lane) and a single prediction's (the quick lane) run in
    threads of their own: with one thread each, a blocked batch leaves the quick lane free,
    and the capacity still counts both."""
    release = threading.Event()

    async def scenario() -> tuple[set[int], set[int]]:
        pool = WorkerPool(threads=1, capacity=3, long_threads=1)
        blocked = asyncio.create_task(pool.run_long(release.wait, 30))
        while pool.in_flight == 0:
            await asyncio.sleep(0.001)
        quick = {await pool.run(threading.get_ident) for _ in range(3)}
        assert not blocked.done()
        assert pool.in_flight == 1
        release.set()
        assert await blocked is True
        long = {await pool.run_long(threading.get_ident) for _ in range(3)}
        pool.shutdown()
        return quick, long

    quick, long = asyncio.run(scenario())
    assert len(quick) == 1  # one thread: calls in a lane run one after another
    assert len(long) == 1
    assert quick.isdisjoint(long)
    assert threading.get_ident() not in quick | long


async def _cycle_during_a_batch(app: Any, items: int) -> tuple[httpx.Response, bool]:
    """POST a symptoms batch of `items`, then, once it holds a batch thread, a cycle
    prediction: that answer, and whether the batch was done by then (it must answer 200)."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            batch = asyncio.create_task(
                client.post("/api/v1/predict/batch", json=symptoms_batch(items), timeout=120)
            )
            while app.state.predictions.pool.in_flight == 0:
                await asyncio.sleep(0.001)
            single = await client.post("/api/v1/predict/cycle", json=body("cycle"))
            done = batch.done()
            assert (await batch).status_code == 200
            return single, done


def test_a_single_prediction_is_answered_while_a_batch_runs() -> None:
    """In the app: a cycle prediction posted while a long symptoms batch holds the batch
    thread is answered before the batch is."""
    app = build_app(make_settings(model_watch_seconds=0, log_level="WARNING", batch_max_cost=10**6))
    single, batch_was_done = asyncio.run(_cycle_during_a_batch(app, 300))
    assert single.status_code == 200
    assert not batch_was_done, "the single prediction waited for the batch's thread"


def test_a_busy_worker_answers_503_with_retry_after() -> None:
    """The envelope says `busy` and the client is told when to retry."""
    app = build_app(
        make_settings(
            model_watch_seconds=0,
            log_level="WARNING",
            prediction_capacity=1,
            batch_max_cost=10**6,
        )
    )
    refused, _ = asyncio.run(_cycle_during_a_batch(app, 200))
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "busy"
    assert refused.headers["retry-after"] == "1"


def test_a_batch_body_is_decoded_and_checked_off_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding and validating a batch, weighing its cost and answering it never run on
    the loop's thread."""
    from fembalance_ml.api import batch, json_body

    threads: dict[str, set[int]] = {"decode": set(), "cost": set()}
    decode, cost = json_body.decode, batch.batch_cost

    def watched_decode(raw: bytes, content_type: bytes | None) -> Any:
        threads["decode"].add(threading.get_ident())
        return decode(raw, content_type)

    def watched_cost(items: Any, costs: Any) -> int:
        threads["cost"].add(threading.get_ident())
        return cost(items, costs)

    monkeypatch.setattr(prediction_route, "decode", watched_decode)
    monkeypatch.setattr(batch, "batch_cost", watched_cost)
    app = build_app(make_settings(model_watch_seconds=0, log_level="WARNING"))
    items = {"requests": [{"model_name": "pcos", "input": body("pcos")}] * 50}

    async def scenario() -> tuple[int, int]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                answer = await client.post("/api/v1/predict/batch", json=items)
                return answer.status_code, threading.get_ident()

    status, loop_thread = asyncio.run(scenario())
    assert status == 200
    assert threads["cost"]
    assert threads["decode"]
    assert loop_thread not in threads["cost"]
    assert loop_thread not in threads["decode"]
