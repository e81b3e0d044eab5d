"""The tally: request-path metric updates gathered on the event loop, written in batches."""

from __future__ import annotations

import asyncio
import random
import threading

from prometheus_client import CollectorRegistry, Counter, Histogram

from fembalance_ml.observability.tally import Tally

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1)


def metrics() -> tuple[CollectorRegistry, Counter, Histogram]:
    registry = CollectorRegistry()
    counter = Counter("t_requests_total", "requests", ["route"], registry=registry)
    histogram = Histogram("t_seconds", "time", ["route"], buckets=BUCKETS, registry=registry)
    return registry, counter, histogram


def samples(registry: CollectorRegistry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in registry.collect()
        for s in family.samples
        if not s.name.endswith("_created")
    }


def test_written_samples_equal_direct_updates() -> None:
    """Counts, sums and buckets written in one batch are what direct updates give, for
    amounts on, between and beyond the bucket bounds."""
    direct, counter, histogram = metrics()
    batched, b_counter, b_histogram = metrics()
    amounts = [*BUCKETS, 0.0, 0.2, 7.5, *(random.Random(7).uniform(0, 0.12) for _ in range(200))]
    tally = Tally(multiprocess=True, delay=60.0)

    async def update() -> None:
        for amount in amounts:
            for route in ("/a", "/b"):
                counter.labels(route).inc(2)
                histogram.labels(route).observe(amount)
                tally.inc(b_counter.labels(route), 2)
                tally.observe(b_histogram.labels(route), amount)
        assert tally.pending == 4  # nothing written yet
        tally.flush()

    asyncio.run(update())
    assert samples(batched) == samples(direct)
    assert samples(direct)[("t_seconds_count", (("route", "/a"),))] == len(amounts)


def test_updates_wait_for_the_scheduled_write() -> None:
    """On the loop, an update is written when the delay has passed, not before."""
    _, counter, histogram = metrics()
    tally = Tally(multiprocess=True, delay=0.05)
    child = counter.labels("/a")

    async def run() -> tuple[float, float]:
        tally.inc(child)
        tally.observe(histogram.labels("/a"), 0.003)
        before = child._value.get()
        await asyncio.sleep(0.2)
        return before, child._value.get()

    before, after = asyncio.run(run())
    assert (before, after) == (0.0, 1.0)
    assert tally.pending == 0


def test_flush_writes_at_once_and_the_timer_finds_nothing() -> None:
    _, counter, _ = metrics()
    tally = Tally(multiprocess=True, delay=0.05)
    child = counter.labels("/a")

    async def run() -> list[float]:
        seen = []
        for _ in range(3):
            tally.inc(child)
        seen.append(child._value.get())
        tally.flush()  # as /metrics does before it reads the files
        seen.append(child._value.get())
        await asyncio.sleep(0.15)
        seen.append(child._value.get())
        return seen

    assert asyncio.run(run()) == [0.0, 3.0, 3.0]


def test_straight_through_off_the_loop_and_outside_multiprocess_mode() -> None:
    """A thread without a running loop (the pool, the ledger's writer), and a process not
    in multiprocess mode, write at once."""
    _, counter, _ = metrics()
    deferring = Tally(multiprocess=True, delay=60.0)
    child = counter.labels("/thread")
    thread = threading.Thread(target=deferring.inc, args=(child,))
    thread.start()
    thread.join()
    assert child._value.get() == 1.0

    single = Tally(multiprocess=False, delay=60.0)
    plain = counter.labels("/single")

    async def on_loop() -> float:
        single.inc(plain)
        return plain._value.get()

    assert asyncio.run(on_loop()) == 1.0


def test_a_new_loop_takes_over_after_the_first_closed() -> None:
    """A test client's lifespan ends and another starts: what the first loop left is
    written, and the second loop's updates are gathered and written in turn."""
    _, counter, _ = metrics()
    tally = Tally(multiprocess=True, delay=60.0)
    child = counter.labels("/a")

    async def update() -> None:
        tally.inc(child)

    asyncio.run(update())  # its write was due in a minute; the loop closed first
    assert child._value.get() == 0.0
    asyncio.run(update())
    assert child._value.get() == 1.0  # the first loop's update, written on taking over
    tally.flush()
    assert child._value.get() == 2.0


def test_other_threads_write_straight_through_while_a_write_is_due() -> None:
    """With a write scheduled on the loop, a pool thread's update still goes straight
    through: only the loop's own thread waits for the write."""
    _, counter, _ = metrics()
    tally = Tally(multiprocess=True, delay=60.0)
    on_loop, in_pool = counter.labels("/loop"), counter.labels("/pool")

    async def run() -> tuple[float, float]:
        tally.inc(on_loop)  # schedules the write
        await asyncio.to_thread(tally.inc, in_pool)
        return on_loop._value.get(), in_pool._value.get()

    assert asyncio.run(run()) == (0.0, 1.0)


def test_a_second_loop_while_the_first_is_stopped_but_open_writes_straight_through() -> None:
    """The first loop stopped (not closed) with its write due; another loop on the same
    thread does not gather into the stopped loop's write, which would never come."""
    _, counter, _ = metrics()
    tally = Tally(multiprocess=True, delay=60.0)
    first, second = counter.labels("/first"), counter.labels("/second")

    async def update(child: Counter) -> None:
        tally.inc(child)

    stopped = asyncio.new_event_loop()
    try:
        stopped.run_until_complete(update(first))
        assert first._value.get() == 0.0  # waiting for the stopped loop's write
        asyncio.run(update(second))
        assert second._value.get() == 1.0
    finally:
        stopped.close()
    tally.flush()
    assert first._value.get() == 1.0
