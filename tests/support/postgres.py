"""A throwaway PostgreSQL server (initdb + pg_ctl) on a loopback port that tests can stop
and start again, to play a database outage and its end."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.support.servers import LOOPBACK, free_port, wait_for_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def pg_tool(name: str) -> str | None:
    """The path of a PostgreSQL server tool, or None when PostgreSQL is not installed."""
    found = shutil.which(name)
    return found or (str(PG_BIN / name) if (PG_BIN / name).exists() else None)


def _as_postgres(args: list[str]) -> list[str]:
    """Run as the `postgres` user when we are root (PostgreSQL refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _run(args: list[str]) -> None:
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, check=True)


class PostgresServer:
    """One data folder and port; `start`, `stop` (as a crash: immediate) and `remove`."""

    def __init__(self) -> None:
        initdb, pg_ctl = pg_tool("initdb"), pg_tool("pg_ctl")
        if initdb is None or pg_ctl is None:
            raise FileNotFoundError("PostgreSQL is not installed (make system-deps)")
        self._pg_ctl = pg_ctl
        self.root = Path(tempfile.mkdtemp(prefix="ledger-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.data, self.port = self.root / "data", free_port()
        _run(_as_postgres([initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres"]))
        self.url = f"postgresql+psycopg://postgres@{LOOPBACK}:{self.port}"

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -h {LOOPBACK} -k {self.root} -F"
        log = self.root / "server.log"
        command = [self._pg_ctl, "-D", str(self.data), "-l", str(log), "-o", options, "-w"]
        _run(_as_postgres([*command, "start"]))
        wait_for_port(self.port)

    def stop(self) -> None:
        """Stop it at once, as a crash would (no checkpoint, connections cut)."""
        _run(_as_postgres([self._pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"]))

    def remove(self) -> None:
        """Stop it if it runs, and delete its folder."""
        subprocess.run(
            _as_postgres([self._pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, name: str) -> str:
        """A new, empty database on the running server; its URL."""
        admin = create_engine(f"{self.url}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return f"{self.url}/{name}"
