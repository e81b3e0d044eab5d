"""Prediction ids with a MAC (40 characters): the id columns hold up to 64.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

Rows keep their ids (30 characters before): widening a VARCHAR rewrites nothing on
PostgreSQL. SQLite does not enforce a VARCHAR's length, so its tables stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID_COLUMNS = (("predictions", "id"), ("predictions", "shadow_of"), ("outcomes", "prediction_id"))


def _resize(length: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column in ID_COLUMNS:
        op.alter_column(table, column, type_=sa.String(length))


def upgrade() -> None:
    """Widen the id columns to 64 characters."""
    _resize(64)


def downgrade() -> None:
    """Narrow them back to 32 (fails while a longer id is stored, as it should)."""
    _resize(32)
