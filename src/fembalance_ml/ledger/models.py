"""Tables of the ledger (the Alembic migrations create them; these map them).

The ledger knows no model: a prediction's headline and an outcome's observed value are
JSON objects whose fields each model's spec declares (serving/ledger_spec.py); an outcome
keeps its scores in columns every model shares (loss, hit, probability, event).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Times are naive UTC everywhere: SQLite keeps no time zone, and both back ends compare alike.
# A headline of no field set is SQL NULL, not JSON null.
HEADLINE = JSON(none_as_null=True)


class Base(DeclarativeBase):
    """Declarative base of the ledger tables."""


class Prediction(Base):
    """One answer: who (pseudonym), which model, version and group, when, and its headline."""

    __tablename__ = "predictions"
    # By person (erasure): rows not pending only; the writer indexes pending rows in bulk.
    __table_args__ = (
        Index(
            "ix_predictions_user_pseudonym",
            "user_pseudonym",
            sqlite_where=text("pending IS NULL"),
            postgresql_where=text("pending IS NULL"),
        ),
        Index(
            "ix_predictions_pending",
            "pending",
            sqlite_where=text("pending IS NOT NULL"),
            postgresql_where=text("pending IS NOT NULL"),
        ),
        # A served prediction's shadows, by id: shadow answers only (migration 0006).
        Index(
            "ix_predictions_shadow_of",
            "shadow_of",
            sqlite_where=text("shadow_of IS NOT NULL"),
            postgresql_where=text("shadow_of IS NOT NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(32))
    version: Mapped[str] = mapped_column(String(64))
    experiment_group: Mapped[str | None] = mapped_column(String(64))
    user_pseudonym: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(), index=True)
    # The model's headline fields that are set, by name (dates as ISO text); NULL: none.
    headline: Mapped[dict[str, Any] | None] = mapped_column(HEADLINE)
    # A shadow version's answer: the served prediction whose outcome also scores it.
    shadow_of: Mapped[str | None] = mapped_column(String(64))
    # 1: inserted by SQLite's writer, not yet in the person index (migration 0005).
    pending: Mapped[int | None] = mapped_column(Integer)


class Outcome(Base):
    """What happened after a prediction, and how far the prediction was from it."""

    __tablename__ = "outcomes"

    prediction_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("predictions.id", ondelete="CASCADE"), primary_key=True
    )
    received_at: Mapped[datetime] = mapped_column(DateTime())
    # What was posted: {outcome field: value} (a date as ISO text).
    observed: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The model's loss (its experiment verdicts compare it), and what its other figures
    # need: an interval hit, or a probability forecast and whether the event happened.
    loss: Mapped[float | None] = mapped_column(Float)
    hit: Mapped[bool | None] = mapped_column(Boolean)
    probability: Mapped[float | None] = mapped_column(Float)
    event: Mapped[bool | None] = mapped_column(Boolean)


class Erasure(Base):
    """A person's erasure request: entries still in a worker's queue then are dropped too."""

    __tablename__ = "erasures"

    user_pseudonym: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime())
