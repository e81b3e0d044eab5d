"""What the prediction ledger costs a worker, per answer: on the request, and in the writer.

usage: python research/ledger_cost.py [--database-url URL] [--rows 20000] [--batch-items 500]
Without --database-url it writes to a throwaway SQLite file. The request side is
PredictionService._issue with and without a ledger; the writer side is the CPU time
(all threads of this process) to flush queued real PCOS answers in batches.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import timeit
from pathlib import Path

from fastapi.testclient import TestClient

from fembalance_ml.api.served import PredictionService
from fembalance_ml.ledger.database import make_engine, migrate
from fembalance_ml.ledger.repository import LedgerRepository
from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings
from fembalance_ml.main import build_app, served_registry
from fembalance_ml.pcos.schemas import PcosRequest
from fembalance_ml.security.privacy import Pseudonymizer
from tests.conftest import body, make_settings

MODELS = served_registry()
KEYS = Pseudonymizer(b"ledger-cost")


def writer_on(url: str, queue_items: int, batch_items: int = 500) -> LedgerWriter:
    """A writer on `url` with no thread: the measurement flushes it."""
    options = WriterSettings(
        queue_items=queue_items,
        batch_items=batch_items,
        flush_seconds=3600,
        retention_days=180,
        sweep_seconds=3600,
    )
    engine = make_engine(url)
    migrate(engine)
    writer = LedgerWriter(LedgerRepository(engine), KEYS, options, MODELS.by_name)
    writer.available = True
    return writer


def request_side_us(url: str, answer: bytes, calls: int = 200_000) -> tuple[float, float]:
    """Microseconds per answer to give it an id, without and with the ledger's queue put."""
    served = MODELS.by_route["pcos"]
    timings = []
    for ledger in (None, writer_on(url, queue_items=10 * calls)):
        service = PredictionService(None, None, KEYS, None, MODELS, ledger)  # type: ignore[arg-type]

        def issue(service: PredictionService = service) -> None:
            service._issue(served, "v2.1.0", None, "user", answer, None)

        timings.append(min(timeit.repeat(issue, number=calls, repeat=3)) / calls * 1e6)
        if ledger is not None:
            ledger.repository.engine.dispose()
    return timings[0], timings[1]


def writer_side_us(url: str, item: object, rows: int, prefix: str, batch_items: int) -> float:
    """CPU microseconds per answer to write `rows` queued answers, `batch_items` a batch."""
    writer = writer_on(url, queue_items=rows, batch_items=batch_items)
    for index in range(rows):
        writer.record(f"{prefix}{index}", "pcos", "v2.1.0", None, f"user{index % 500}", item)  # type: ignore[arg-type]
    started = time.process_time()
    written = writer.flush()
    elapsed = time.process_time() - started
    writer.repository.engine.dispose()
    assert written == rows, f"only {written} of {rows} rows written"
    return elapsed / rows * 1e6


def main() -> int:
    """Print both costs for one PCOS answer."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--rows", type=int, default=20_000)
    # A flush every LEDGER_FLUSH_SECONDS writes what came in meanwhile: at 100 answers/s a
    # worker writes batches of 50 at the default 0.5 s.
    parser.add_argument("--batch-items", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'ledger.sqlite3'}"
        settings = make_settings(ledger_enabled=False, log_level="WARNING")
        with TestClient(build_app(settings)) as client:
            answer = client.post("/api/v1/predict/pcos", json=body("pcos")).content
            service: PredictionService = client.app.state.predictions  # type: ignore[attr-defined]
            request = PcosRequest.model_validate(body("pcos"))
            choice = service.choose(MODELS.by_route["pcos"], None)
            # What the writer is handed for a fresh answer: the domain's result.
            model = service.predict(MODELS.by_route["pcos"], request, choice).result
        without, with_ledger = request_side_us(url, answer)
        print(f"request side: {without:.2f} us without the ledger, {with_ledger:.2f} us with it")
        run = str(time.time_ns())
        fresh = writer_side_us(url, model, args.rows, f"f{run}-", args.batch_items)
        cached = writer_side_us(url, answer, args.rows, f"c{run}-", args.batch_items)
        print(f"writer: {fresh:.1f} us CPU per fresh answer, {cached:.1f} us per cached answer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
