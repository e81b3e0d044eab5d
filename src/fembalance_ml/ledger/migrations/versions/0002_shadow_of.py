"""Shadow versions' answers: `predictions.shadow_of` links one to its served prediction.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column and its index."""
    with op.batch_alter_table("predictions") as table:
        table.add_column(sa.Column("shadow_of", sa.String(32)))
        table.create_index("ix_predictions_shadow_of", ["shadow_of"])


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("predictions") as table:
        table.drop_index("ix_predictions_shadow_of")
        table.drop_column("shadow_of")
