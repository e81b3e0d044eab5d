"""Tables of the ledger (the Alembic migrations create them; these map them)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Times are naive UTC everywhere: SQLite keeps no time zone, and both back ends compare alike.


class Base(DeclarativeBase):
    """Declarative base of the ledger tables."""


class Prediction(Base):
    """One answer: who (pseudonym), which model, version and group, when, and its headline."""

    __tablename__ = "predictions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(32))
    version: Mapped[str] = mapped_column(String(64))
    experiment_group: Mapped[str | None] = mapped_column(String(64))
    user_pseudonym: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(), index=True)
    pcos_score: Mapped[float | None] = mapped_column(Float)
    pcos_level: Mapped[str | None] = mapped_column(String(16))
    cycle_start: Mapped[date | None] = mapped_column(Date)
    cycle_earliest: Mapped[date | None] = mapped_column(Date)
    cycle_latest: Mapped[date | None] = mapped_column(Date)
    symptoms_screen: Mapped[str | None] = mapped_column(String(32))
    # A shadow version's answer: the served prediction whose outcome also scores it.
    shadow_of: Mapped[str | None] = mapped_column(String(64), index=True)


class Outcome(Base):
    """What happened after a prediction, and how far the prediction was from it."""

    __tablename__ = "outcomes"

    prediction_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("predictions.id", ondelete="CASCADE"), primary_key=True
    )
    received_at: Mapped[datetime] = mapped_column(DateTime())
    observed_start_date: Mapped[date | None] = mapped_column(Date)
    pcos_diagnosed: Mapped[bool | None] = mapped_column(Boolean)
    abs_error_days: Mapped[int | None] = mapped_column(Integer)
    interval_hit: Mapped[bool | None] = mapped_column(Boolean)
    brier: Mapped[float | None] = mapped_column(Float)


class Erasure(Base):
    """A person's erasure request: entries still in a worker's queue then are dropped too."""

    __tablename__ = "erasures"

    user_pseudonym: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime())
