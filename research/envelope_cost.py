"""What adding the envelope costs one PCOS answer: two ways of writing the same bytes.

    PYTHONPATH=src .venv/bin/python -m research.envelope_cost [--number 5000] [--repeat 15]

`model`: build the response model from the result's fields and the envelope, then dump it
(what the domain code did when it set version and disclaimer itself). `served`: build the
result model, then `api/answers.answer_json` (the result's bytes and the cached envelope
members). Both start from `pcos.service.answer_fields` for the spec's example, so only the
last step differs; both must give the same bytes. Prints the minimum and median of
`--repeat` timings, in microseconds per answer (timeit; noisy on a shared machine).
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from collections.abc import Callable
from datetime import date

from fembalance_ml.api.answers import VersionedResult, answer_json, envelope
from fembalance_ml.config import PROJECT_ROOT
from fembalance_ml.pcos import service
from fembalance_ml.pcos.schemas import PcosResult
from fembalance_ml.pcos.spec import EXAMPLE, SPEC, PcosResponse
from fembalance_ml.serving.artifacts import load_verified

VERSION = "v2.1.0"


def main() -> int:
    """Time both ways, alternating, and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    model = load_verified(PROJECT_ROOT / "models" / "pcos", "latest").model
    request = SPEC.request_type.model_validate(EXAMPLE)
    one = next(service.scored(model, [request]))
    fields = service.answer_fields(request, one, date(2026, 11, 29))
    added = envelope(SPEC, VERSION, None)

    def as_model() -> bytes:
        return PcosResponse.model_construct(**fields, **added).model_dump_json().encode()

    def as_served() -> bytes:
        return answer_json(SPEC, VersionedResult(PcosResult.model_construct(**fields), VERSION))

    if as_model() != as_served():
        raise SystemExit("the two ways write different bytes")
    ways: dict[str, Callable[[], bytes]] = {"model": as_model, "served": as_served}
    timings: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.repeat):
        for name, way in ways.items():
            timings[name].append(timeit.timeit(way, number=args.number) / args.number * 1e6)
    for name, samples in timings.items():
        print(
            f"{name:>7}: min {min(samples):6.2f} us, median {statistics.median(samples):6.2f} us"
            " per answer"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
