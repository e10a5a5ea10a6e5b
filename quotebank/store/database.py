"""Opening a store: URL resolution, engine set-up, transactions, error translation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from quotebank.errors import StoreError

__all__ = ["ENV_VAR", "Database", "default_url", "resolve_url", "url_for_engine"]

#: Environment variable naming the store when no URL is passed.
ENV_VAR = "QUOTEBANK_DATABASE_URL"
#: Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 60
#: SQLite page cache per connection, in KiB.
SQLITE_CACHE_KIB = 64 * 1024


def default_url() -> str:
    """The default store: ``quotebank.db`` in the user's data directory."""
    from platformdirs import user_data_dir

    directory = Path(user_data_dir("quotebank", appauthor=False))
    return f"sqlite:///{directory / 'quotebank.db'}"


def resolve_url(url: str | None) -> str:
    """The store URL to use: ``url``, else ``$QUOTEBANK_DATABASE_URL``, else the default."""
    if url:
        return url
    return os.environ.get(ENV_VAR) or default_url()


def url_for_engine(url: str) -> str:
    """Pick the installed driver: ``postgresql://`` means psycopg 3 here."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:") and "://" not in url:
        raise StoreError(f"not a database URL: {url!r} (try sqlite:///path/to/file.db)")
    if "://" not in url:
        # a bare path is a SQLite file
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path.split("?", 1)[0])


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # take transactions into our own hands so BEGIN IMMEDIATE can be issued:
        # two writers then queue on the busy timeout instead of failing to upgrade locks
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # a 64 MiB page cache: index and FTS inserts into a large store stay in memory
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """An engine and a session factory for one store URL.

    Args:
        url: A SQLAlchemy URL (``sqlite:///file.db``, ``postgresql://user@host/db``),
            a bare path to a SQLite file, or ``None`` for :func:`resolve_url`.

    Raises:
        StoreError: when the URL is malformed, its driver is missing, or a SQLite
            file's directory cannot be created.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)
        engine_url = url_for_engine(self.url)
        path = _sqlite_file(engine_url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create {path.parent} ({exc.strerror})") from None
        try:
            self.engine = create_engine(engine_url, pool_pre_ping=True)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open the store {self.url!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            _configure_sqlite(self.engine)
        self.dialect = self.engine.dialect.name
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        Raises:
            StoreError: for database failures (translated from SQLAlchemy).
        """
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {_short(exc)}") from exc
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _short(exc: SQLAlchemyError) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
