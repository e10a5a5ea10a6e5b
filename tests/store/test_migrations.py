"""Alembic owns the schema: one head, models match, up and down with data kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from quotebank import MigrationError, QuoteBank
from quotebank.store import _migrate as migrate
from quotebank.store._database import Database
from quotebank.store._schema import Base, include_object


def test_single_head() -> None:
    """The revisions form one line with one head."""
    scripts = ScriptDirectory(str(migrate.script_location()))
    assert len(scripts.get_heads()) == 1
    assert migrate.head_revision() == scripts.get_current_head()


def test_models_match_the_migrated_schema(store_url: str) -> None:
    """Autogenerate (with env.py's filter for the hand-made text indexes) finds no diff."""
    db = Database(store_url)
    migrate.upgrade(db)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diffs = compare_metadata(context, Base.metadata)
    db.dispose()
    assert diffs == []


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
            for t in (
                "sources",
                "documents",
                "speakers",
                "speaker_aliases",
                "quotations",
                "occurrences",
                "variants",
            )
        }


def test_up_down_up_keeps_every_row(store_url: str, seed_files: list[Path]) -> None:
    """Data survives downgrading the search index and upgrading it again."""
    with QuoteBank(store_url) as bank:
        bank.ingest(seed_files)
        before = _counts(bank._db)
        assert all(before[t] > 0 for t in before)
        assert bank.current_revision() == migrate.head_revision()
        bank.downgrade("0001")
        assert bank.current_revision() == "0001"
        assert _counts(bank._db) == before
        bank.upgrade()
        assert _counts(bank._db) == before
        # the index was rebuilt from the rows already there
        assert bank.who_said("drink the poisoned chalice")[0].speaker == "Ruhollah Khomeini"


def test_every_revision_steps_down_and_up(store_url: str) -> None:
    """Each revision can be applied and undone on its own, down to an empty store."""
    db = Database(store_url)
    migrate.upgrade(db)
    scripts = ScriptDirectory(str(migrate.script_location()))
    revisions = [r.revision for r in scripts.walk_revisions()]
    for _ in revisions:
        migrate.downgrade(db, "-1")
    assert migrate.current_revision(db) is None
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    for rev in reversed(revisions):
        migrate.upgrade(db, rev)
        assert migrate.current_revision(db) == rev
    db.dispose()


def test_unknown_revision_is_a_migration_error(store_url: str) -> None:
    """Asking for a revision that does not exist fails clearly."""
    with QuoteBank(store_url) as bank, pytest.raises(MigrationError, match="nope"):
        bank.upgrade("nope")


def test_new_store_is_created_by_migrations(tmp_path: Path) -> None:
    """Opening a new SQLite file creates it, runs the migrations, and turns on WAL."""
    path = tmp_path / "sub" / "new.db"
    with QuoteBank(str(path)) as bank:
        assert bank.current_revision() == migrate.head_revision()
        with bank._db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert timeout is not None and timeout >= 1000
    assert path.exists()
