"""Text index for who-said: SQLite FTS5 (porter stemming) or PostgreSQL pg_trgm.

The upgrade fills the index from the quotations already stored (a data migration);
the downgrade drops it and leaves every row in place.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_UP = [
    """CREATE VIRTUAL TABLE quotations_fts USING fts5(
        normalized, content='quotations', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER quotations_fts_insert AFTER INSERT ON quotations BEGIN
        INSERT INTO quotations_fts(rowid, normalized) VALUES (new.id, new.normalized);
    END""",
    """CREATE TRIGGER quotations_fts_delete AFTER DELETE ON quotations BEGIN
        INSERT INTO quotations_fts(quotations_fts, rowid, normalized)
        VALUES ('delete', old.id, old.normalized);
    END""",
    """CREATE TRIGGER quotations_fts_update AFTER UPDATE OF normalized ON quotations BEGIN
        INSERT INTO quotations_fts(quotations_fts, rowid, normalized)
        VALUES ('delete', old.id, old.normalized);
        INSERT INTO quotations_fts(rowid, normalized) VALUES (new.id, new.normalized);
    END""",
    "INSERT INTO quotations_fts(quotations_fts) VALUES ('rebuild')",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS quotations_fts_update",
    "DROP TRIGGER IF EXISTS quotations_fts_delete",
    "DROP TRIGGER IF EXISTS quotations_fts_insert",
    "DROP TABLE IF EXISTS quotations_fts",
]
_PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_quotations_normalized_trgm ON quotations USING gin (normalized gin_trgm_ops)",
]
_PG_DOWN = ["DROP INDEX IF EXISTS ix_quotations_normalized_trgm"]


def upgrade() -> None:
    """Create the backend's text index over ``quotations.normalized`` and fill it."""
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_UP if dialect == "sqlite" else _PG_UP if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    """Drop the text index; the quotations stay."""
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_DOWN if dialect == "sqlite" else _PG_DOWN if dialect == "postgresql" else []:
        op.execute(statement)
