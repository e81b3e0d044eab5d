"""What writing an answer's JSON costs: pydantic's serializer against orjson from the fields.

usage: python -m research.answer_json_cost [--calls 5000] [--repeats 5]

Each model answers the bench's body (bench/bodies.py) with its latest version, in process;
then the result is written by pydantic (`serving.plain_json.pydantic_json`, what
`model_dump_json` does) and by orjson from its fields (`plain_json`, what the service uses
for a plain result type), best of `repeats` timings of `calls` calls each. The two outputs
are compared byte for byte first (tests/api/test_plain_json.py does so over every golden
corpus).
"""

from __future__ import annotations

import argparse
import importlib
import timeit
from datetime import date

import orjson
from pydantic import BaseModel

from bench.bodies import write_bodies
from bench.targets import WORK_DIR
from fembalance_ml.config import get_settings
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.serving.plain_json import Encoder, encoder_for, plain_json, pydantic_json
from fembalance_ml.serving.spec import AnySpec

DOMAINS = ("pcos", "cycle", "symptoms")


def result_of(domain: str, body: bytes) -> BaseModel:
    """The latest version's result for the body, as the route computes it."""
    spec: AnySpec = importlib.import_module(f"fembalance_ml.{domain}.spec").SPEC
    artifact = load_verified(get_settings().models.path / spec.name, "latest")
    request = spec.request_type.model_validate(orjson.loads(body))
    result: BaseModel = spec.predict(artifact.model, request, today=date.today())
    return result


def per_call_us(writer: Encoder, result: BaseModel, args: argparse.Namespace) -> float:
    """Best of `repeats` timings of `calls` calls of `writer` on `result`, µs a call."""
    timings = timeit.repeat(lambda: writer(result), number=args.calls, repeat=args.repeats)
    best: float = min(timings) / args.calls * 1e6
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    bodies = write_bodies(WORK_DIR / "bodies")
    print("| answer | bytes | pydantic µs | orjson µs | writer the service uses |")
    print("|---|---:|---:|---:|---|")
    for domain in DOMAINS:
        result = result_of(domain, bodies[domain].read_bytes())
        written = plain_json(result)
        assert written == pydantic_json(result), domain
        figures = [per_call_us(writer, result, args) for writer in (pydantic_json, plain_json)]
        used = encoder_for(type(result)).__name__
        print(f"| {domain} | {len(written):,} | {figures[0]:.1f} | {figures[1]:.1f} | {used} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
