"""Ledger fixtures: a throwaway PostgreSQL server, and a fresh database on each back end."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.postgres import PostgresServer

_databases = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server (initdb + pg_ctl) on a free loopback port; yields its admin URL."""
    try:
        server = PostgresServer()
    except FileNotFoundError as error:
        pytest.skip(str(error))
    try:
        server.start()
        yield server.url
    finally:
        server.remove()


@pytest.fixture
def postgres_to_stop() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test's own, not started: the test stops and starts it."""
    try:
        server = PostgresServer()
    except FileNotFoundError as error:
        pytest.skip(str(error))
    try:
        yield server
    finally:
        server.remove()


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
