"""Alembic from code: upgrade, downgrade and inspect a store's schema revision.

The revision scripts are package data (``quotebank/_migrations``), found through
:mod:`importlib.resources`, so these functions work from any kind of install; the
``alembic`` command works in a checkout too (``[tool.alembic]`` in ``pyproject.toml``).

Several processes may open a fresh store at once: on PostgreSQL every migration runs
under a transaction-scoped advisory lock, on SQLite under the write lock, so one of
them migrates and the others find the schema already at its revision.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from quotebank.errors import MigrationError, ReadOnlyStoreError
from quotebank.store._database import Database

__all__ = [
    "MIGRATION_LOCK_KEY",
    "check_current",
    "current_revision",
    "downgrade",
    "head_revision",
    "known_revisions",
    "script_location",
    "upgrade",
]

#: Key of the PostgreSQL advisory lock taken around migrations ("quotebnk" in ASCII).
MIGRATION_LOCK_KEY = 0x71756F7465626E6B


def script_location() -> Path:
    """Where the revision scripts are: the package's ``_migrations`` folder."""
    location = Path(str(resources.files("quotebank") / "_migrations"))
    if not (location / "env.py").is_file():
        raise MigrationError("the migration scripts are missing from this installation")
    return location


def _config(db: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")


def _run(db: Database, action: str, revision: str) -> None:
    if db.read_only:
        raise ReadOnlyStoreError(f"cannot {action} the store at {db.where}: it is open read-only")
    config = _config(db)
    try:
        with db.engine.begin() as connection:
            _lock(connection)
            _check_known(db, MigrationContext.configure(connection).get_current_revision())
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    except CommandError as exc:
        raise MigrationError(f"cannot {action} to {revision!r}: {exc}") from None
    except SQLAlchemyError as exc:
        translated = db.translate(exc)
        raise MigrationError(f"{action} to {revision!r} failed: {translated.message}") from exc


def _check_known(db: Database, current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise MigrationError(
            f"the store at {db.where} was made by a newer quotebank (schema revision "
            f"{current!r}, unknown here): upgrade quotebank to use it"
        )


def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate the store up to ``revision`` (default: the newest).

    Raises:
        MigrationError: when the revision is unknown, the store is newer than this
            quotebank, or a migration step fails; the store keeps the revision it had.
    """
    _run(db, "upgrade", revision)


def downgrade(db: Database, revision: str = "-1") -> None:
    """Migrate the store down to ``revision`` (default: one step)."""
    _run(db, "downgrade", revision)


def current_revision(db: Database) -> str | None:
    """The store's revision, or ``None`` for an empty (never migrated) store.

    Raises:
        StoreError: when the store cannot be read (one line naming it and the cause).
    """
    try:
        with db.read_engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise db.translate(exc) from exc


def check_current(db: Database) -> str | None:
    """:func:`current_revision`, refusing a store made by a newer quotebank."""
    current = current_revision(db)
    _check_known(db, current)
    return current


def known_revisions() -> set[str]:
    """Every revision this version of quotebank knows."""
    return {s.revision for s in ScriptDirectory.from_config(_config_for_scripts()).walk_revisions()}


def head_revision() -> str:
    """The newest revision this version of quotebank knows."""
    head = ScriptDirectory.from_config(_config_for_scripts()).get_current_head()
    if head is None:
        raise MigrationError("no migration revisions found")
    return head


def _config_for_scripts() -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    return config
