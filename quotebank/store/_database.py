"""Opening a store: URL resolution, engines, transactions, error translation.

What the store promises (``docs/store.md`` names the tests that hold it to this):

- **Readers never wait for writers.** On SQLite the store runs in WAL mode: a reading
  transaction is a plain deferred ``BEGIN`` on an engine of its own and sees the last
  committed state, while one writer at a time holds ``BEGIN IMMEDIATE``. On PostgreSQL
  readers run under MVCC as usual.
- **A write either commits whole or leaves no trace**, and a conflict with another
  writer (deadlock, serialization failure, a unique key another transaction just
  took) is retried a few times before it is reported.
- **Reading never creates.** A store opened with ``create=False`` that does not exist
  raises :class:`~quotebank.errors.StoreNotFoundError`; a store on a read-only medium
  is opened read-only and can still be queried.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, pool
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from quotebank._paths import user_path
from quotebank.errors import (
    InputError,
    QuotebankError,
    ReadOnlyStoreError,
    StoreError,
    StoreFullError,
    StoreNotFoundError,
)

__all__ = [
    "ENV_VAR",
    "Database",
    "default_url",
    "describe_url",
    "is_memory_url",
    "resolve_url",
    "url_for_engine",
]

T = TypeVar("T")

#: Environment variable naming the store when no URL is passed.
ENV_VAR = "QUOTEBANK_DATABASE_URL"
#: Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 60
#: SQLite page cache per connection, in KiB.
SQLITE_CACHE_KIB = 64 * 1024
#: How often a write that lost a race with another writer is tried in all.
WRITE_ATTEMPTS = 6
#: First back-off between attempts, in seconds (doubled each time, with jitter).
RETRY_BACKOFF = 0.05

# SQLSTATEs a transaction may simply run again after: serialization failure,
# deadlock, and a unique key taken by a transaction that committed meanwhile.
_RETRY_SQLSTATES = {"40001", "40P01", "23505"}


def default_url() -> str:
    """The default store: ``quotebank.db`` in the user's data directory."""
    from platformdirs import user_data_dir

    directory = Path(user_data_dir("quotebank", appauthor=False))
    return f"sqlite:///{directory / 'quotebank.db'}"


def resolve_url(url: str | None) -> str:
    """The store URL to use: ``url``, else ``$QUOTEBANK_DATABASE_URL``, else the default.

    Raises:
        InputError: when ``url`` is blank (it would otherwise name a file called " ",
            or silently mean the default store).
    """
    if url is not None:
        if not url.strip():
            raise InputError(
                "the store URL is blank: give a file path or a database URL (or none, for the default store)"
            )
        return url
    return os.environ.get(ENV_VAR) or default_url()


def url_for_engine(url: str) -> str:
    """Pick the installed driver: ``postgresql://`` means psycopg 3 here.

    Raises:
        StoreError: when ``url`` looks like a URL but is not one SQLAlchemy can read.
    """
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:") and "://" not in url:
        raise StoreError(f"not a database URL: {url!r} (try sqlite:///path/to/file.db)")
    if "://" not in url:
        # a bare path is a SQLite file
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def is_memory_url(url: str) -> bool:
    """Whether ``url`` names a SQLite store that lives only as long as the process."""
    engine_url = url_for_engine(url)
    if not engine_url.startswith("sqlite"):
        return False
    database = engine_url.split("://", 1)[1].lstrip("/") if "://" in engine_url else ""
    return database in ("", ":memory:") or "mode=memory" in engine_url


def describe_url(url: str) -> str:
    """``url`` fit for a message: a SQLite file's path, a server URL without its password."""
    path = _sqlite_file(url_for_engine(url))
    if path is not None:
        return str(path)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path.split("?", 1)[0])


def _configure_sqlite(engine: Engine, *, begin: str, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # take transactions into our own hands so the BEGIN can be chosen: writers
        # queue on BEGIN IMMEDIATE, readers take a deferred BEGIN and never wait
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT * 1000}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # a 64 MiB page cache: index and FTS inserts into a large store stay in memory
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class Database:
    """The engines and session factories of one store URL.

    Args:
        url: A SQLAlchemy URL (``sqlite:///file.db``, ``postgresql://user@host/db``),
            a bare path to a SQLite file, or ``None`` for :func:`resolve_url`.
        create: Create a SQLite file (and its folder) that does not exist yet. With
            ``False`` a missing file is a :class:`StoreNotFoundError`.
        read_only: Open for reading only. A SQLite file that cannot be written (a
            read-only medium, a file without write permission) is always opened so.

    Raises:
        StoreError: when the URL is malformed, its driver is missing, or a SQLite
            file's folder cannot be created.
        StoreNotFoundError: when ``create`` is false and there is no such SQLite file.
    """

    def __init__(self, url: str | None = None, *, create: bool = True, read_only: bool = False) -> None:
        self.url = resolve_url(url)
        self.where = describe_url(self.url)
        engine_url = url_for_engine(self.url)
        self.memory = is_memory_url(self.url)
        path = _sqlite_file(engine_url)
        if path is not None:
            try:
                path = user_path(path)
            except QuotebankError as exc:
                raise StoreError(f"cannot open the store at {path}: {exc.message}") from None
            if path.is_dir():
                raise StoreError(f"cannot open the store at {path}: it is a folder, not a file")
            if not path.exists():
                if not create or read_only:
                    raise StoreNotFoundError(f"no quotebank store at {path}")
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot create {path.parent} ({exc.strerror})") from None
            elif not _writable(path):
                read_only = True
        self.read_only = read_only
        self.dialect = ""
        try:
            if path is not None and read_only:
                self.engine = self._read_only_sqlite(path)
                self.read_engine = self.engine
            else:
                self.engine = create_engine(engine_url, pool_pre_ping=True)
                self.read_engine = self.engine
                if self.engine.dialect.name == "sqlite":
                    _configure_sqlite(self.engine, begin="BEGIN IMMEDIATE", read_only=False)
                    if not self.memory:
                        # a second engine whose transactions only read: WAL lets them run
                        # beside a writer instead of queueing behind its lock
                        self.read_engine = create_engine(engine_url)
                        _configure_sqlite(self.read_engine, begin="BEGIN", read_only=False)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open the store at {self.where}: {exc}") from None
        self.dialect = self.engine.dialect.name
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)

    @staticmethod
    def _read_only_sqlite(path: Path) -> Engine:
        # immutable=1 when even the folder is read-only: SQLite then needs no -shm file
        flags = "mode=ro" if os.access(path.parent, os.W_OK) else "mode=ro&immutable=1"
        uri = f"file:{path.resolve()}?{flags}"

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)

        engine = create_engine("sqlite://", creator=connect, poolclass=pool.QueuePool)
        _configure_sqlite(engine, begin="BEGIN", read_only=True)
        return engine

    # --- transactions ------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one writing transaction: committed on success, rolled back on error.

        On SQLite it holds the write lock from its first statement (``BEGIN IMMEDIATE``).

        Raises:
            ReadOnlyStoreError: when the store was opened read-only.
            StoreError: for database failures (translated, one line).
        """
        if self.read_only:
            raise ReadOnlyStoreError(f"the store at {self.where} is open read-only")
        with self._session(self._sessions) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session in one reading transaction: a consistent snapshot, no write lock.

        Raises:
            StoreError: for database failures (translated, one line).
        """
        with self._session(self._read_sessions) as session:
            yield session

    @contextmanager
    def _session(self, factory: sessionmaker[Session]) -> Iterator[Session]:
        session = factory()
        try:
            with session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise self.translate(exc) from exc
        finally:
            session.close()

    def write(self, work: Callable[[Session], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
        """Run ``work(session)`` in a writing transaction, again if it lost a race.

        A deadlock, a serialization failure or a unique key that another writer took
        first rolls the transaction back; it is then run again from the start (after a
        short randomised pause), up to ``attempts`` times in all.

        Raises:
            StoreError: when the work fails for any other reason, or keeps conflicting.
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.transaction() as session:
                    return work(session)
            except StoreError as exc:
                if attempt == attempts or not _is_conflict(exc.__cause__):
                    raise
            time.sleep(RETRY_BACKOFF * 2 ** (attempt - 1) * (0.5 + random.random()))
        raise AssertionError("unreachable")  # pragma: no cover

    def translate(self, exc: BaseException) -> StoreError:
        """A one-line :class:`StoreError` (or subclass) naming this store, for ``exc``."""
        reason = _reason(exc)
        lowered = reason.lower()
        if "disk is full" in lowered or "no space left" in lowered or _sqlstate(exc) == "53100":
            return StoreFullError(f"the disk holding the store at {self.where} is full ({reason})")
        if "readonly database" in lowered or "read-only" in lowered:
            return ReadOnlyStoreError(f"the store at {self.where} cannot be written ({reason})")
        if "file is not a database" in lowered or "database disk image is malformed" in lowered:
            return StoreError(f"cannot open the store at {self.where}: the file is not a database")
        return StoreError(f"database error in the store at {self.where}: {reason}")

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


def _sqlstate(exc: BaseException | None) -> str | None:
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def _is_conflict(exc: BaseException | None) -> bool:
    if exc is None:
        return False
    # (SQLite needs no retry: BEGIN IMMEDIATE makes its writers queue on the lock)
    return _sqlstate(exc) in _RETRY_SQLSTATES


def _reason(exc: BaseException) -> str:
    """The driver's own first line, without SQLAlchemy's statement and background link."""
    orig = getattr(exc, "orig", None) if isinstance(exc, DBAPIError) else None
    text = str(orig or exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line.split(" (Background on this error", 1)[0]
