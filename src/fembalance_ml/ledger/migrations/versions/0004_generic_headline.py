"""A ledger that knows no model: a prediction's headline and an outcome in generic columns.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

predictions: the six fixed headline columns (pcos_score, pcos_level, cycle_start,
cycle_earliest, cycle_latest, symptoms_screen) become one JSON object, `headline`, of the
fields that are set, under the same names (dates as ISO text); NULL when none is.

outcomes: observed_start_date / pcos_diagnosed become `observed`, the posted field and
value as JSON; abs_error_days / brier become `loss`; interval_hit becomes `hit`; a PCOS
outcome's risk and diagnosis become `probability` and `event` (what the AUC ranks).

Every row is converted in place, in SQL (a ledger may hold millions of rows). SQLite's
JSON functions print a float with 15 digits: its floats are printed with 17 (`%!.17g`),
which reads back to the very same number. The downgrade converts back; the rows of a
model the old columns cannot hold keep their id and times, not their headline or scores.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FLOATS = ("pcos_score",)
Columns = tuple[tuple[str, sa.types.TypeEngine[Any]], ...]
HEADLINE: Columns = (
    ("pcos_score", sa.Float()),
    ("pcos_level", sa.String(16)),
    ("cycle_start", sa.Date()),
    ("cycle_earliest", sa.Date()),
    ("cycle_latest", sa.Date()),
    ("symptoms_screen", sa.String(32)),
)
OLD_OUTCOME: Columns = (
    ("observed_start_date", sa.Date()),
    ("pcos_diagnosed", sa.Boolean()),
    ("abs_error_days", sa.Integer()),
    ("interval_hit", sa.Boolean()),
    ("brier", sa.Float()),
)
NEW_OUTCOME: Columns = (
    ("observed", sa.JSON()),
    ("loss", sa.Float()),
    ("hit", sa.Boolean()),
    ("probability", sa.Float()),
    ("event", sa.Boolean()),
)
NONE_SET = " AND ".join(f"{name} IS NULL" for name, _ in HEADLINE)


def _sqlite_value(name: str) -> str:
    if name in FLOATS:
        return f"CASE WHEN {name} IS NULL THEN NULL ELSE json(printf('%!.17g', {name})) END"
    return name


def _headline_sql(dialect: str) -> str:
    """The UPDATE that writes each row's headline object (the fields that are set)."""
    if dialect == "sqlite":
        pairs = ", ".join(f"'{name}', {_sqlite_value(name)}" for name, _ in HEADLINE)
        # json_patch onto {} drops the fields whose value is null (RFC 7396).
        built = f"json_patch('{{}}', json_object({pairs}))"
    else:
        pairs = ", ".join(f"'{name}', {name}" for name, _ in HEADLINE)
        built = f"json_strip_nulls(json_build_object({pairs}))"
    return f"UPDATE predictions SET headline = CASE WHEN {NONE_SET} THEN NULL ELSE {built} END"


def _outcome_sql(dialect: str) -> str:
    """The UPDATE that moves each outcome into the generic columns."""
    if dialect == "sqlite":
        date_json = "json_object('observed_start_date', observed_start_date)"
        bool_json = (
            "json_object('pcos_diagnosed', json(CASE WHEN pcos_diagnosed THEN 'true' "
            "ELSE 'false' END))"
        )
    else:
        date_json = "json_build_object('observed_start_date', observed_start_date)"
        bool_json = "json_build_object('pcos_diagnosed', pcos_diagnosed)"
    score = "(SELECT pcos_score FROM predictions WHERE predictions.id = outcomes.prediction_id)"
    return (
        "UPDATE outcomes SET "
        f"observed = CASE WHEN observed_start_date IS NOT NULL THEN {date_json} "
        f"WHEN pcos_diagnosed IS NOT NULL THEN {bool_json} END, "
        "loss = COALESCE(CAST(abs_error_days AS FLOAT), brier), "
        "hit = interval_hit, "
        "event = pcos_diagnosed, "
        f"probability = CASE WHEN pcos_diagnosed IS NOT NULL THEN {score} END"
    )


def upgrade() -> None:
    """Add the generic columns, convert every row into them, drop the fixed ones."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite" and sqlite3.sqlite_version_info < (3, 35, 0):
        # Before 3.35 SQLite has no DROP COLUMN (the images ship 3.37 and 3.40).
        raise RuntimeError(f"migration 0004 needs SQLite 3.35+, not {sqlite3.sqlite_version}")
    op.add_column("predictions", sa.Column("headline", sa.JSON()))
    op.add_column("outcomes", sa.Column("observed", sa.JSON()))
    for name, kind in NEW_OUTCOME[1:]:
        op.add_column("outcomes", sa.Column(name, kind))
    # Outcomes first: their PCOS probability is read off the prediction's old column.
    op.execute(_outcome_sql(dialect))
    op.execute(_headline_sql(dialect))
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch's table copy would drop
    # `predictions`, and its ON DELETE CASCADE would empty `outcomes`.
    for name, _ in OLD_OUTCOME:
        op.drop_column("outcomes", name)
    for name, _ in HEADLINE:
        op.drop_column("predictions", name)


def _field(column: str, key: str, kind: str, dialect: str) -> str:
    if dialect == "sqlite":
        return f"json_extract({column}, '$.{key}')"
    return f"CAST(({column} ->> '{key}') AS {kind})"


def downgrade() -> None:
    """Bring the fixed columns back from the generic ones, and drop those."""
    dialect = op.get_bind().dialect.name
    for name, kind in HEADLINE:
        op.add_column("predictions", sa.Column(name, kind))
    for name, kind in OLD_OUTCOME:
        op.add_column("outcomes", sa.Column(name, kind))
    kinds = {"pcos_score": "FLOAT", "pcos_level": "VARCHAR", "symptoms_screen": "VARCHAR"}
    assignments = ", ".join(
        f"{name} = {_field('headline', name, kinds.get(name, 'DATE'), dialect)}"
        for name, _ in HEADLINE
    )
    op.execute(f"UPDATE predictions SET {assignments}")
    start = _field("observed", "observed_start_date", "DATE", dialect)
    diagnosed = _field("observed", "pcos_diagnosed", "BOOLEAN", dialect)
    op.execute(
        f"UPDATE outcomes SET observed_start_date = {start}, pcos_diagnosed = {diagnosed}, "
        f"abs_error_days = CASE WHEN {start} IS NOT NULL THEN CAST(loss AS INTEGER) END, "
        f"brier = CASE WHEN {diagnosed} IS NOT NULL THEN loss END, interval_hit = hit"
    )
    for name, _ in NEW_OUTCOME:
        op.drop_column("outcomes", name)
    op.drop_column("predictions", "headline")
