"""Alembic from code: upgrade, downgrade and inspect a store's schema revision.

The revision scripts live in ``alembic/`` in a checkout and ship inside the wheel as
``quotebank/_alembic``, so these functions work from any kind of install.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.exc import SQLAlchemyError

from alembic import command
from quotebank.errors import MigrationError
from quotebank.store.database import Database

__all__ = ["current_revision", "downgrade", "head_revision", "script_location", "upgrade"]


def script_location() -> Path:
    """Where the revision scripts are: inside the installed package, else the checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_alembic", here.parent / "alembic"):
        if (candidate / "env.py").is_file():
            return candidate
    raise MigrationError("the migration scripts are missing from this installation")


def _config(db: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def _run(db: Database, action: str, revision: str) -> None:
    config = _config(db)
    try:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    except CommandError as exc:
        raise MigrationError(f"cannot {action} to {revision!r}: {exc}") from None
    except SQLAlchemyError as exc:
        raise MigrationError(f"{action} to {revision!r} failed: {exc}") from exc


def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate the store up to ``revision`` (default: the newest).

    Raises:
        MigrationError: when the revision is unknown or a migration step fails; the
            store is left at the revision it had.
    """
    _run(db, "upgrade", revision)


def downgrade(db: Database, revision: str = "-1") -> None:
    """Migrate the store down to ``revision`` (default: one step)."""
    _run(db, "downgrade", revision)


def current_revision(db: Database) -> str | None:
    """The store's revision, or ``None`` for an empty (never migrated) store."""
    try:
        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise MigrationError(f"cannot read the schema revision: {exc}") from exc


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
