"""Build the ledger from Settings."""

from __future__ import annotations

from fembalance_ml.config import Settings
from fembalance_ml.config_stores import cpu_set
from fembalance_ml.ledger.database import make_engine, sqlite_url
from fembalance_ml.ledger.headline import ModelsByName
from fembalance_ml.ledger.process import WriterProcess
from fembalance_ml.ledger.repository import LedgerRepository
from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings
from fembalance_ml.security.privacy import Pseudonymizer


def ledger_url(settings: Settings) -> str:
    """DATABASE_URL when set, else the embedded SQLite file under STATE_DIR."""
    if settings.ledger.database_url is not None:
        return settings.ledger.database_url.get_secret_value()
    return sqlite_url(settings.ledger.state_dir)


def build_ledger(
    settings: Settings, pseudonymizer: Pseudonymizer, models: ModelsByName
) -> LedgerWriter | None:
    """The ledger writer (not yet open) of the served `models`, or None when
    LEDGER_ENABLED is false."""
    if not settings.ledger.enabled:
        return None
    options = WriterSettings(
        queue_items=settings.ledger.queue_items,
        batch_items=settings.ledger.batch_items,
        flush_seconds=settings.ledger.flush_seconds,
        retention_days=settings.ledger.retention_days,
        sweep_seconds=settings.ledger.sweep_seconds,
    )
    url = ledger_url(settings)
    process = (
        WriterProcess(url, cpu_set(settings.ledger.writer_cpus))
        if settings.ledger.writer_process
        else None
    )
    return LedgerWriter(LedgerRepository(make_engine(url)), pseudonymizer, options, models, process)
