"""A second SQLite FTS5 index of quotations, on whole words (no stemming), for who-said.

The porter-stemmed index of revision 0002 finds wordings; this one knows the store's
words as they are written, through ``fts5vocab``: how many quotations hold each word
(its weight in who-said) and which stored word a misspelt one was meant to be. It keeps
no positions (``detail=none``), only which quotations hold a word. On PostgreSQL it
changes nothing (the ``simple`` tsvector index of 0003 is unstemmed already).

Revision ID: 0004w
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004w"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UP = [
    """CREATE VIRTUAL TABLE quotations_fts_words USING fts5(
        normalized, content='quotations', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', detail=none)""",
    """CREATE TRIGGER quotations_fts_words_insert AFTER INSERT ON quotations BEGIN
        INSERT INTO quotations_fts_words(rowid, normalized) VALUES (new.id, new.normalized);
    END""",
    """CREATE TRIGGER quotations_fts_words_delete AFTER DELETE ON quotations BEGIN
        INSERT INTO quotations_fts_words(quotations_fts_words, rowid, normalized)
        VALUES ('delete', old.id, old.normalized);
    END""",
    """CREATE TRIGGER quotations_fts_words_update AFTER UPDATE OF normalized ON quotations BEGIN
        INSERT INTO quotations_fts_words(quotations_fts_words, rowid, normalized)
        VALUES ('delete', old.id, old.normalized);
        INSERT INTO quotations_fts_words(rowid, normalized) VALUES (new.id, new.normalized);
    END""",
    "INSERT INTO quotations_fts_words(quotations_fts_words) VALUES ('rebuild')",
]
_DOWN = [
    "DROP TRIGGER IF EXISTS quotations_fts_words_update",
    "DROP TRIGGER IF EXISTS quotations_fts_words_delete",
    "DROP TRIGGER IF EXISTS quotations_fts_words_insert",
    "DROP TABLE IF EXISTS quotations_fts_words",
]


def upgrade() -> None:
    """Create and fill the whole-word index (SQLite only)."""
    if op.get_bind().dialect.name == "sqlite":
        for statement in _UP:
            op.execute(statement)


def downgrade() -> None:
    """Drop the whole-word index; the quotations stay."""
    if op.get_bind().dialect.name == "sqlite":
        for statement in _DOWN:
            op.execute(statement)
