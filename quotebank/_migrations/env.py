"""Alembic environment for quotebank.

Used by ``quotebank db upgrade|downgrade|current`` (through
:mod:`quotebank.store._migrate`, which passes its own connection) and by the plain
``alembic`` command in a checkout (``[tool.alembic]`` in ``pyproject.toml``), which
migrates ``$QUOTEBANK_DATABASE_URL`` or the default store.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from quotebank.store._schema import Base, include_object

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things in place
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (``alembic upgrade --sql``)."""
    from quotebank.store._database import resolve_url

    context.configure(
        url=config.get_main_option("sqlalchemy.url") or resolve_url(None),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the caller's connection, or open one from the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    from quotebank.store._database import resolve_url, url_for_engine

    url = config.get_main_option("sqlalchemy.url") or resolve_url(None)
    engine = create_engine(url_for_engine(url), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure_and_run(conn)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
