"""Does a Redis round trip cost less than the prediction it would save? Prints both.

usage: python scripts/cache_value.py [--redis-url redis://127.0.0.1:6379/0] [--repeat 300]
Without --redis-url it starts a throwaway redis-server on a free loopback port.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial

from pydantic import BaseModel

from fembalance_ml.api.served import VersionedResult, answer_json, utc_today
from fembalance_ml.config import PROJECT_ROOT
from fembalance_ml.main import served_registry
from fembalance_ml.serving.artifacts import VerifiedArtifact
from fembalance_ml.serving.backends import select_backend
from fembalance_ml.serving.manager import ModelManager
from fembalance_ml.serving.spec import AnySpec
from tests.conftest import body
from tests.support.servers import run_redis


def median_us(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of one call, in microseconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.median(samples)


def answer_bytes(served: AnySpec, artifact: VerifiedArtifact, request: BaseModel) -> bytes:
    """What the cache would store: one serialized answer."""
    result = served.predict(artifact.model, request, today=utc_today())
    return answer_json(served, VersionedResult(result, artifact.version))


async def redis_round_trip_us(url: str, repeat: int, size: int) -> float:
    """Median GET of a value of `size` bytes through redis-py's asyncio client."""
    from redis import asyncio as aioredis

    client = aioredis.Redis.from_url(url)
    await client.set("bench:key", b"x" * size)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await client.get("bench:key")
        samples.append((time.perf_counter() - started) * 1e6)
    await client.aclose()
    return statistics.median(samples)


def main() -> int:
    """Print, per model, prediction time vs the Redis round trip that would replace it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis-url")
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    served_models = served_registry().specs()
    manager = ModelManager(
        PROJECT_ROOT / "models",
        {s.name: "latest" for s in served_models},
        backend=select_backend("auto", "auto"),
    )
    manager.load_all()
    with ExitStack() as stack:
        url = args.redis_url or stack.enter_context(run_redis())
        print(
            "| model | prediction median (µs) | answer (B) | Redis GET median (µs) | cache pays |"
        )
        print("|---|---|---|---|---|")
        for served in served_models:
            artifact = manager.get(served.name)
            request = served.request_type.model_validate(body(served.route))

            predict = partial(answer_bytes, served, artifact, request)
            size = len(predict())
            predict_us = median_us(predict, args.repeat)
            redis_us = asyncio.run(redis_round_trip_us(url, args.repeat, size))
            pays = "yes" if redis_us < predict_us else "no"
            print(f"| {served.route} | {predict_us:.0f} | {size} | {redis_us:.0f} | {pays} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
