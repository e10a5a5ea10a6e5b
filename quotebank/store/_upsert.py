"""``INSERT … ON CONFLICT DO NOTHING / DO UPDATE`` on both backends, in a fixed order.

Every get-or-create of the store goes through here: the database decides who wins a
race for a unique key, instead of a read followed by a write that another process
can slip between. Rows are inserted sorted by their key, so two transactions
inserting overlapping keys take their locks in one order and cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from quotebank.store._schema import Base

__all__ = ["insert_ignore", "insert_update", "table_of"]


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class, for fast executemany statements."""
    return cast(Table, model.__table__)


def _insert(session: Session, table: Table) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _sorted(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> list[Mapping[str, Any]]:
    return sorted(rows, key=lambda r: tuple(str(r[k]) for k in keys))


def insert_ignore(
    session: Session,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    *,
    conflict: Sequence[str],
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Insert the rows whose ``conflict`` key is new; return ``returning`` of those inserted."""
    if not rows:
        return []
    table = table_of(model)
    stmt = _insert(session, table).on_conflict_do_nothing(index_elements=list(conflict))
    ordered = _sorted(rows, conflict)
    if not returning:
        session.execute(stmt, ordered)
        return []
    found = session.execute(stmt.returning(*(table.c[c] for c in returning)), ordered)
    return [tuple(row) for row in found]


def insert_update(
    session: Session,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    *,
    conflict: Sequence[str],
    update: Sequence[str],
    returning: Sequence[str],
) -> list[tuple[Any, ...]]:
    """Insert the rows, or update ``update`` columns where the key exists; return every row."""
    if not rows:
        return []
    table = table_of(model)
    base = _insert(session, table)
    stmt = base.on_conflict_do_update(
        index_elements=list(conflict), set_={c: base.excluded[c] for c in update}
    ).returning(*(table.c[c] for c in returning))
    # one statement per row: RETURNING after DO UPDATE is not batched on every driver
    return [tuple(session.execute(stmt, dict(row)).one()) for row in _sorted(rows, conflict)]
