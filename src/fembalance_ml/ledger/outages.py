"""Which faults of the ledger's database are outages, as reason codes.

Kept apart from the writer's health (ledger/health.py) so that the ledger's child process
(ledger/process.py) can classify a fault without the metrics and logging modules: it
imports only this, the engine and the repository (a smaller process, started sooner).
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

Reason = Literal[
    "starting",
    "database_unreachable",
    "state_dir_unwritable",
    "schema_failed",
    "writer_process_exited",
    "closed",
]
# SQLite's words for a file it cannot create or write (the folder is read-only or gone).
_UNWRITABLE = ("unable to open database file", "readonly database", "read-only file system")


class LedgerDownError(Exception):
    """The ledger's database cannot be used now; `reason` is a code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def outage_reason(exc: BaseException) -> Reason | None:
    """The reason code of a fault a later try may not meet, or None for any other error.

    An unreachable or restarting database, a dropped connection, a busy SQLite file or a
    folder it cannot write are outages; a constraint or a bad value in a row is not.
    """
    if isinstance(exc, LedgerDownError):
        return exc.reason  # type: ignore[return-value]
    if isinstance(exc, OSError):
        return "state_dir_unwritable"
    connection_lost = isinstance(exc, DBAPIError) and exc.connection_invalidated
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeoutError) or connection_lost:
        text = str(getattr(exc, "orig", exc)).lower()
        if any(words in text for words in _UNWRITABLE):
            return "state_dir_unwritable"
        return "database_unreachable"
    return None
