"""CPU of the PCOS domain of one single request: `predict` and the answer's JSON.

    PYTHONPATH=src:. .venv/bin/python -m research.pcos_domain_cost [--calls 5000] [--rounds 7]
    PYTHONPATH=src:. .venv/bin/python -m research.pcos_domain_cost --profile

The bench's PCOS body (bench/bodies.py), validated once, answered by the latest model
version on the ONNX backend (as the service serves it) with `pcos.service.predict`, then
written by `api.answers.answer_json`: what a /predict/pcos request spends in the domain,
without HTTP, validation or the log line. Prints time.process_time per call (µs), each
round's and their min and median; with --profile, cProfile's top functions instead. To
compare two checkouts, run it with each one's `src` first on PYTHONPATH, alternately.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time

from bench.bodies import pcos_request
from fembalance_ml.api.answers import VersionedResult, answer_json
from fembalance_ml.api.served import utc_today
from fembalance_ml.config import PROJECT_ROOT
from fembalance_ml.pcos.schemas import PcosRequest
from fembalance_ml.pcos.service import predict
from fembalance_ml.pcos.spec import SPEC
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.serving.backends import compile_model
from fembalance_ml.serving.backends.select import make_backend

MODELS = PROJECT_ROOT / "models" / "pcos"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    artifact = load_verified(MODELS, (MODELS / "latest").resolve().name)
    model = artifact.model
    compile_model(model, make_backend("onnx"))
    request = PcosRequest.model_validate(pcos_request(3))
    today = utc_today()

    def domain() -> bytes:
        result = predict(model, request, today=today)
        return answer_json(SPEC, VersionedResult(result, artifact.version, None))

    for _ in range(200):
        domain()
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.calls):
            domain()
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(25)
        return 0
    figures = []
    for _ in range(args.rounds):
        started = time.process_time()
        for _ in range(args.calls):
            domain()
        figures.append((time.process_time() - started) / args.calls * 1e6)
    print(
        f"PCOS domain (predict + answer_json), µs CPU/call: min {min(figures):.1f} "
        f"median {statistics.median(figures):.1f} ({', '.join(f'{f:.1f}' for f in figures)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
