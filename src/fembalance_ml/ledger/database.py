"""Engines and migrations: SQLite under STATE_DIR by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant: names the PostgreSQL advisory lock taken while migrating.
MIGRATION_LOCK_ID = 13_001
# Seconds a PostgreSQL connection attempt may take: an unreachable host fails fast rather
# than holding the writer (or a route's thread) for the system's TCP timeout.
CONNECT_TIMEOUT_SECONDS = 5


def sqlite_url(state_dir: Path) -> str:
    """The default ledger: an embedded file under the state folder."""
    return f"sqlite:///{state_dir / 'ledger.sqlite3'}"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whichever spelling DATABASE_URL has."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _tune_sqlite(connection: Any, _record: Any) -> None:
    # WAL lets readers (the outcome route) run beside the writer thread; the busy
    # timeout makes the workers of one host take turns instead of failing.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Safe in WAL mode (no corruption); a power cut may lose the last flushed batch.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for the ledger. Touches nothing: no connection, no folder (see prepare)."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    connect_args = (
        {} if "connect_timeout" in parsed.query else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    )
    return create_engine(
        url, pool_pre_ping=True, pool_size=2, max_overflow=2, connect_args=connect_args
    )


def prepare(engine: Engine) -> None:
    """Create a SQLite file's folder, then migrate: what a ledger needs before writing.

    Raises whatever fails (an OSError for a read-only or missing STATE_DIR, a database
    error for an unreachable server); the writer retries later, the worker serves on.
    """
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    migrate(engine)


@contextlib.contextmanager
def _file_lock(engine: Engine) -> Iterator[None]:
    """Let one process of this host at a time migrate a SQLite file (every worker tries)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the ledger's schema to `revision` (`alembic upgrade head`, programmatically).

    Alembic is imported here, not with the module: the ledger's child process uses the
    engine alone and never migrates.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _file_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Every worker of every pod migrates at start-up: one at a time.
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
