"""Build the ledger from Settings."""

from __future__ import annotations

from fembalance_ml.config import Settings
from fembalance_ml.ledger.database import make_engine, sqlite_url
from fembalance_ml.ledger.headline import ModelsByName
from fembalance_ml.ledger.repository import LedgerRepository
from fembalance_ml.ledger.writer import LedgerWriter, WriterSettings
from fembalance_ml.security.privacy import Pseudonymizer


def ledger_url(settings: Settings) -> str:
    """DATABASE_URL when set, else the embedded SQLite file under STATE_DIR."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return sqlite_url(settings.state_dir)


def build_ledger(
    settings: Settings, pseudonymizer: Pseudonymizer, models: ModelsByName
) -> LedgerWriter | None:
    """The ledger writer (not yet open) of the served `models`, or None when
    LEDGER_ENABLED is false."""
    if not settings.ledger_enabled:
        return None
    options = WriterSettings(
        queue_items=settings.ledger_queue_items,
        batch_items=settings.ledger_batch_items,
        flush_seconds=settings.ledger_flush_seconds,
        retention_days=settings.ledger_retention_days,
        sweep_seconds=settings.ledger_sweep_seconds,
    )
    repository = LedgerRepository(make_engine(ledger_url(settings)))
    return LedgerWriter(repository, pseudonymizer, options, models)
