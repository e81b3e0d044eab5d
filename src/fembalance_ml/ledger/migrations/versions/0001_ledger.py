"""The ledger: predictions, outcomes, erasures.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three tables and their indexes."""
    op.create_table(
        "predictions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("model", sa.String(32), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("experiment_group", sa.String(64)),
        sa.Column("user_pseudonym", sa.String(64)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("pcos_score", sa.Float()),
        sa.Column("pcos_level", sa.String(16)),
        sa.Column("cycle_start", sa.Date()),
        sa.Column("cycle_earliest", sa.Date()),
        sa.Column("cycle_latest", sa.Date()),
        sa.Column("symptoms_screen", sa.String(32)),
    )
    op.create_index("ix_predictions_user_pseudonym", "predictions", ["user_pseudonym"])
    op.create_index("ix_predictions_created_at", "predictions", ["created_at"])
    op.create_table(
        "outcomes",
        sa.Column(
            "prediction_id",
            sa.String(32),
            sa.ForeignKey("predictions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("observed_start_date", sa.Date()),
        sa.Column("pcos_diagnosed", sa.Boolean()),
        sa.Column("abs_error_days", sa.Integer()),
        sa.Column("interval_hit", sa.Boolean()),
        sa.Column("brier", sa.Float()),
    )
    op.create_table(
        "erasures",
        sa.Column("user_pseudonym", sa.String(64), primary_key=True),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("erasures")
    op.drop_table("outcomes")
    op.drop_index("ix_predictions_created_at", "predictions")
    op.drop_index("ix_predictions_user_pseudonym", "predictions")
    op.drop_table("predictions")
