"""The shadow index holds shadow answers only, not every row's NULL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

`predictions.shadow_of` is set on the few rows a shadow version answered and NULL on
every served answer, yet the index held an entry for each row, which every insert paid
for. The only query that reads it looks a served prediction's shadows up by id
(`shadow_of = :id`), which a partial index `WHERE shadow_of IS NOT NULL` still answers
(SQLite and PostgreSQL both infer the condition from the equality). Issue 24: WAL pages
written a row 0.244 -> 0.233 over 40,000 rows after 100,000, 1,000 people, ids carrying the
seconds of 4,500 answers a second (the writer's inserts, `python -m research.ledger_index_cost
--rows 40000 --prefill 100000 --users 1000 --layouts now full-shadow`; its CPU figures move
with the machine's load). The 0.84 -> 0.77 first given here came from ids all issued in the
same second, which scattered every insert over the whole id index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SHADOWS = sa.text("shadow_of IS NOT NULL")


def upgrade() -> None:
    """Rebuild the shadow index over the shadow answers alone."""
    op.drop_index("ix_predictions_shadow_of", table_name="predictions")
    op.create_index(
        "ix_predictions_shadow_of",
        "predictions",
        ["shadow_of"],
        sqlite_where=SHADOWS,
        postgresql_where=SHADOWS,
    )


def downgrade() -> None:
    """Index every row's `shadow_of` again."""
    op.drop_index("ix_predictions_shadow_of", table_name="predictions")
    op.create_index("ix_predictions_shadow_of", "predictions", ["shadow_of"])
