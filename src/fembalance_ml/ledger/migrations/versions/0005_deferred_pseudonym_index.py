"""The pseudonym index deferred: rows are indexed by person in bulk, not one by one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

`predictions.pending` is 1 on a row SQLite's writer has inserted but not yet indexed by
person, NULL otherwise (every row before this revision, every PostgreSQL row). The person
index only holds rows not pending; the writer indexes the pending ones in one UPDATE every
so often, and an erasure does it first. Each row indexed one by one took a random place
in the index: past a few thousand people every row dirtied an index page of its own
(issue 24: 43 -> 15 µs of SQLite work a row at 1,000 people and 100,000 rows,
`python -m research.ledger_index_cost`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NOT_PENDING = sa.text("pending IS NULL")
PENDING = sa.text("pending IS NOT NULL")


def upgrade() -> None:
    """Add the column; make the person index partial; index the pending rows."""
    op.add_column("predictions", sa.Column("pending", sa.Integer()))
    op.drop_index("ix_predictions_user_pseudonym", table_name="predictions")
    op.create_index(
        "ix_predictions_user_pseudonym",
        "predictions",
        ["user_pseudonym"],
        sqlite_where=NOT_PENDING,
        postgresql_where=NOT_PENDING,
    )
    op.create_index(
        "ix_predictions_pending",
        "predictions",
        ["pending"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade() -> None:
    """Index every row by person again, then drop the column."""
    op.drop_index("ix_predictions_pending", table_name="predictions")
    op.drop_index("ix_predictions_user_pseudonym", table_name="predictions")
    op.create_index("ix_predictions_user_pseudonym", "predictions", ["user_pseudonym"])
    # A plain ALTER (SQLite 3.35+): a batch copy would drop the table, and the outcomes
    # with it (ON DELETE CASCADE).
    op.drop_column("predictions", "pending")
