"""PostgreSQL full-text index on quotations.normalized (who-said's first, exact step).

On PostgreSQL, who-said asks a ``tsvector`` GIN index for quotations holding all (or
all but one) of the phrase's words before falling back to trigram similarity; this
revision adds that index. On SQLite it changes nothing (FTS5 from 0002 serves both
steps there).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the full-text expression index (PostgreSQL only)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_quotations_normalized_tsv ON quotations "
            "USING gin (to_tsvector('simple', normalized))"
        )


def downgrade() -> None:
    """Drop the full-text index; rows stay."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_quotations_normalized_tsv")
