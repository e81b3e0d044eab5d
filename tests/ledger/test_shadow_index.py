"""The shadow index holds shadow answers only (migration 0006), and still serves the
look-up of a served prediction's shadows."""

from __future__ import annotations

from sqlalchemy import text

from fembalance_ml.ledger.repository import LedgerRepository
from tests.ledger.test_pending_index import write, writer_on


def shadow_index_entries(repository: LedgerRepository) -> int:
    """Entries of ix_predictions_shadow_of, counted through the index itself (SQLite)."""
    with repository.engine.connect() as connection:
        query = "SELECT count(*) FROM predictions INDEXED BY ix_predictions_shadow_of"
        return int(connection.execute(text(query + " WHERE shadow_of IS NOT NULL")).scalar_one())


def test_served_rows_stay_out_of_the_shadow_index_and_shadows_are_found(
    database_url: str,
) -> None:
    writer = writer_on(database_url)
    served = write(writer, ["ann", "bea"])
    writer.record("shadow-of-ann-0001", "pcos", "v2", None, "ann", b"{}", shadow_of=served[0])
    assert writer.flush() == 1
    repository = writer.repository
    assert [entry.id for entry in repository.shadows(served[0])] == ["shadow-of-ann-0001"]
    assert repository.shadows(served[1]) == []
    if repository.engine.dialect.name == "sqlite":
        assert shadow_index_entries(repository) == 1
        with repository.engine.connect() as connection:
            plan = connection.execute(
                text("EXPLAIN QUERY PLAN SELECT id FROM predictions WHERE shadow_of = :id"),
                {"id": served[0]},
            ).all()
        assert any("ix_predictions_shadow_of" in str(step) for step in plan), plan
    else:
        with repository.engine.connect() as connection:
            definition = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_predictions_shadow_of'")
            ).scalar_one()
        assert "WHERE (shadow_of IS NOT NULL)" in definition
    repository.engine.dispose()
