"""What SQLite spends per ledger row, by index layout, users and table size.

usage: python -m research.ledger_index_cost [--rows 20000] [--batch 500]
       [--prefill 0 200000] [--users 1 1000 100000] [--layouts now ...]

A throwaway SQLite file migrated to the ledger's schema, filled with `prefill` rows,
then `rows` more are inserted as the writer inserts them (one multi-row INSERT per batch,
the purge check, one commit) and the process's CPU per row is printed. Rows are what the
writer makes: ids from PredictionIds, pseudonyms of `users` people in turn. An id begins
with the second it was issued in, and its index keeps each second's ids together: the rows
made here carry the seconds `--rate` answers a second give them (default 4,500, one bench
worker's PCOS rate), not the one or two seconds it takes to make them all, where every
insert would land at a random place among all the rows of the run (issue 24: 0.8-1.1 WAL
pages a row instead of 0.23).
Layouts:
  now              the schema as migrated: the person index partial (`WHERE pending IS
                   NULL`: rows go in pending, one UPDATE every --seal rows indexes them,
                   migration 0005) and the shadow index partial (`WHERE shadow_of IS NOT
                   NULL`, migration 0006);
  no-pseudonym     without the person index (what the index costs);
  full-shadow      the shadow index over every row, as before migration 0006;
  person-table     a prototype, not a migration: no person or pending index on the rows,
                   and a seal that copies the new rows' (person, id) into a table of their
                   own keyed by both, in person order (INSERT ... SELECT ... ORDER BY)
                   instead of rewriting each row (what a seal costs, issue 24);
  no-created       without the `created_at` index (what it costs the insert; the retention
                   sweep reads it);
  without-rowid    a prototype: the rows kept in the id's own B-tree (`WITHOUT ROWID`)
                   instead of a rowid table plus the id's index, every index as migrated.
The pseudonym index takes a random place per row; once the index is larger than the
pages a batch touches, every row dirties a page of its own, written to the WAL at the
commit and to the database at the checkpoint.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fembalance_ml.ledger.database import make_engine, migrate
from fembalance_ml.ledger.repository import COLUMNS, SQLITE_ROWS_PER_INSERT
from fembalance_ml.observability.clock import SecondText
from fembalance_ml.security.ids import PredictionIds
from fembalance_ml.security.privacy import Pseudonymizer

Batch = list[tuple[object, ...]]
# (µs of CPU a row, WAL pages written a row)
Figures = tuple[float, float]
WAL_FRAME_HEADER = 24  # bytes before each page in the WAL
HEADLINE = '{"pcos_score":0.3501263295438929,"pcos_level":"High"}'
LAYOUTS = ("now", "no-pseudonym", "full-shadow", "person-table", "no-created", "without-rowid")
PERSON_TABLE = (
    "DROP INDEX ix_predictions_user_pseudonym",
    "DROP INDEX ix_predictions_pending",
    "CREATE TABLE people (user_pseudonym TEXT NOT NULL, prediction_id TEXT NOT NULL,"
    " PRIMARY KEY (user_pseudonym, prediction_id)) WITHOUT ROWID",
)
FULL_SHADOW = (
    "DROP INDEX ix_predictions_shadow_of",
    "CREATE INDEX ix_predictions_shadow_of ON predictions (shadow_of)",
)


def connect(path: Path, layout: str) -> sqlite3.Connection:
    """The ledger's schema in `path` (migrated), changed to `layout`; the writer's pragmas."""
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "busy_timeout=5000", "synchronous=NORMAL"):
        connection.execute(f"PRAGMA {pragma}")
    if layout == "no-pseudonym":
        connection.execute("DROP INDEX ix_predictions_user_pseudonym")
    elif layout == "full-shadow":
        for statement in FULL_SHADOW:
            connection.execute(statement)
    elif layout == "person-table":
        for statement in PERSON_TABLE:
            connection.execute(statement)
    elif layout == "no-created":
        connection.execute("DROP INDEX ix_predictions_created_at")
    elif layout == "without-rowid":
        _without_rowid(connection)
    return connection


def _without_rowid(connection: sqlite3.Connection) -> None:
    """The predictions table rebuilt `WITHOUT ROWID` (empty: it is made before any row),
    its indexes made again as migrated."""
    (table,) = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'predictions'"
    ).fetchone()
    indexes = [
        sql
        for (sql,) in connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'predictions'"
            " AND sql IS NOT NULL"
        )
    ]
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute("DROP TABLE predictions")
    connection.execute(f"{table} WITHOUT ROWID")
    for sql in indexes:
        connection.execute(sql)


class Rows:
    """Ledger rows as the writer makes them, `users` people in turn."""

    def __init__(self, users: int, rate: float) -> None:
        keys = Pseudonymizer(b"ledger-index-cost")
        self._rate = rate
        self._made = 0
        self._start = int(time.time())
        self._ids = PredictionIds(b"k" * 32)
        self._people = itertools.cycle([keys.user(f"user-{n}") for n in range(users)])
        self._time = SecondText(" ")

    def take(self, count: int) -> Batch:
        rows = []
        for issued in self._ids.issue(None, count):
            now = self._start + self._made / self._rate
            self._made += 1
            # The second this id would carry at the rate (the MAC does not matter here).
            made = f"{int(now):08x}" + issued[8:]
            rows.append((made, "pcos", "v2.1.0", None, next(self._people), self._time(now)))
        return [(*row, HEADLINE, None) for row in rows]


def writer(
    connection: sqlite3.Connection, seal_rows: int, layout: str = "now"
) -> Callable[[Batch], None]:
    """A function that writes one batch as the ledger writer does (as `layout` would)."""
    table = layout == "person-table"
    columns = [*COLUMNS] if table else [*COLUMNS, "pending"]
    one = "(" + ", ".join(["?"] * len(COLUMNS) + ([] if table else ["1"])) + ")"
    head = f"INSERT INTO predictions ({', '.join(columns)}) VALUES "
    unsealed = [0]
    sealed_to = [0]  # person-table: the last rowid copied

    def seal() -> None:
        if not table:
            connection.execute("UPDATE predictions SET pending = NULL WHERE pending = 1")
            return
        top = connection.execute("SELECT max(rowid) FROM predictions").fetchone()[0]
        connection.execute(
            "INSERT INTO people SELECT user_pseudonym, id FROM predictions"
            " WHERE rowid > ? AND rowid <= ? AND user_pseudonym IS NOT NULL"
            " ORDER BY user_pseudonym, id",
            (sealed_to[0], top),
        )
        sealed_to[0] = top

    def write(batch: Batch) -> None:
        connection.execute("BEGIN")
        for start in range(0, len(batch), SQLITE_ROWS_PER_INSERT):
            chunk = batch[start : start + SQLITE_ROWS_PER_INSERT]
            flat = [value for row in chunk for value in row]
            connection.execute(head + ", ".join([one] * len(chunk)), flat)
        since = batch[0][COLUMNS.index("created_at")]
        connection.execute("SELECT 1 FROM erasures WHERE erased_at >= ? LIMIT 1", (since,))
        connection.execute("COMMIT")
        unsealed[0] += len(batch)
        if unsealed[0] >= seal_rows:
            seal()
            unsealed[0] = 0

    return write


def cpu_per_row(layout: str, users: int, prefill: int, args: argparse.Namespace) -> Figures:
    """Process CPU microseconds, and WAL pages written, per row for `rows` rows after
    `prefill`. The page count does not move with the machine's load: the WAL is emptied
    before the timed rows and not checkpointed during them, so its size is what they wrote."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.sqlite3"
        connection = connect(path, layout)
        write = writer(connection, args.seal, layout)
        rows = Rows(users, args.rate)
        for _ in range(prefill // 5000):
            write(rows.take(5000))
        size: int = args.batch
        batches = [rows.take(size) for _ in range(args.rows // size)]
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA wal_autocheckpoint=0")
        started = time.process_time()
        for batch in batches:
            write(batch)
        elapsed = time.process_time() - started
        count = len(batches) * size
        page = connection.execute("PRAGMA page_size").fetchone()[0] + WAL_FRAME_HEADER
        pages = os.path.getsize(f"{path}-wal") / page / count
        connection.close()
    return elapsed / count * 1e6, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--prefill", type=int, nargs="+", default=[0, 200_000])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 1000, 100_000])
    parser.add_argument("--layouts", nargs="+", choices=LAYOUTS, default=list(LAYOUTS))
    parser.add_argument("--seal", type=int, default=20_000, help="rows between seals")
    parser.add_argument("--rate", type=float, default=4500.0, help="answers a second")
    args = parser.parse_args()
    print("| layout | users | rows before | µs CPU a row | WAL pages a row |")
    print("|---|---:|---:|---:|---:|")
    for layout, users, prefill in itertools.product(args.layouts, args.users, args.prefill):
        cpu, pages = cpu_per_row(layout, users, prefill, args)
        print(f"| {layout} | {users:,} | {prefill:,} | {cpu:.1f} | {pages:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
