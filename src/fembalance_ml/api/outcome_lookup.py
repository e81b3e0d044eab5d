"""The prediction an outcome names: proven by its id first, then found in the ledger.

An id carries a MAC over the subject it was issued to (security/ids.py), so a forged,
mistyped or another subject's id is refused here without touching the database (404,
as for an unknown id: ids cannot be probed). A genuine id is looked up:

- issued by this process: its row may still wait in this process's queue, which is
  written first (only for such ids: an unknown id no longer forces a flush);
- issued by another worker: its row reaches the shared ledger at that worker's next flush,
  within LEDGER_FLUSH_SECONDS of the answer, so the look-up is repeated (a growing pause)
  until then plus LANDING_GRACE_SECONDS. An outcome posted right after its prediction
  is therefore found whichever worker answers it; an erased or lost prediction is 404
  once that time has passed;
- an id of the old form (no MAC, issued before 1.5) goes to the ledger once, as before.
"""

from __future__ import annotations

import asyncio
import time

from starlette.concurrency import run_in_threadpool

from fembalance_ml.api.ledger_access import ledger_faults
from fembalance_ml.ledger.repository import LedgerEntry
from fembalance_ml.ledger.writer import LedgerWriter
from fembalance_ml.security.ids import IdCheck, PredictionIds

# A worker writes its queue at least every LEDGER_FLUSH_SECONDS (this many at most, here).
MAX_FLUSH_WAIT_SECONDS = 30.0
# Time for a batch to be written once its flush starts, and for the second's rounding.
LANDING_GRACE_SECONDS = 3.0
FIRST_POLL_SECONDS = 0.05
MAX_POLL_SECONDS = 0.5


def landing_deadline(check: IdCheck, flush_seconds: float) -> float:
    """The Unix time by which another worker's answer is in the shared ledger."""
    wait = min(flush_seconds, MAX_FLUSH_WAIT_SECONDS)
    return check.second + 1 + wait + LANDING_GRACE_SECONDS


async def _lookup(ledger: LedgerWriter, prediction_id: str, own: bool) -> LedgerEntry | None:
    with ledger_faults(ledger):
        return await run_in_threadpool(ledger.lookup, prediction_id, own=own)


async def find_prediction(
    ledger: LedgerWriter, ids: PredictionIds, prediction_id: str, client: str | None
) -> LedgerEntry | None:
    """The live, served prediction `prediction_id` names for `client`, or None (404)."""
    check = ids.check(prediction_id, client)
    if check.kind == "refused":
        return None
    if check.second < time.time() - ledger.retention.total_seconds():
        return None  # past retention: swept, or about to be
    entry = await _lookup(ledger, prediction_id, own=check.mine)
    if entry is not None or check.kind == "legacy" or check.mine:
        return entry
    deadline = landing_deadline(check, ledger.settings.flush_seconds)
    pause = FIRST_POLL_SECONDS
    while entry is None and time.time() < deadline:
        await asyncio.sleep(max(0.0, min(pause, deadline - time.time())))
        pause = min(MAX_POLL_SECONDS, pause * 2)
        entry = await _lookup(ledger, prediction_id, own=False)
    return entry
