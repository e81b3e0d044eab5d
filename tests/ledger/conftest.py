"""Ledger fixtures: a throwaway PostgreSQL server, and a fresh database on each back end."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.servers import LOOPBACK, free_port, wait_for_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
_databases = itertools.count()


def _as_postgres(args: list[str]) -> list[str]:
    """Run as the `postgres` user when we are root (PostgreSQL refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _pg_tool(name: str) -> str | None:
    found = shutil.which(name)
    return found or (str(PG_BIN / name) if (PG_BIN / name).exists() else None)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server (initdb + pg_ctl) on a free loopback port; yields its admin URL."""
    initdb, pg_ctl = _pg_tool("initdb"), _pg_tool("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL is not installed (make system-deps)")
    root = Path(tempfile.mkdtemp(prefix="ledger-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
    data, port = root / "data", free_port()
    _run(_as_postgres([initdb, "-D", str(data), "-A", "trust", "-U", "postgres"]))
    options = f"-p {port} -h {LOOPBACK} -k {root} -F"
    log = root / "server.log"
    _run(_as_postgres([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]))
    try:
        wait_for_port(port)
        yield f"postgresql+psycopg://postgres@{LOOPBACK}:{port}"
    finally:
        _run(_as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]))
        shutil.rmtree(root, ignore_errors=True)


def _run(args: list[str]) -> None:
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, check=True)


def fresh_postgres_database(server: str) -> str:
    """A new, empty database on the test server; its URL."""
    name = f"ledger_{os.getpid()}_{next(_databases)}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty ledger database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    server: str = request.getfixturevalue("postgres_server")
    return fresh_postgres_database(server)
