"""Shared fixtures: the seed documents, and stores on SQLite and PostgreSQL.

Store tests take the ``store_url`` fixture and run once per backend. PostgreSQL runs
when ``QUOTEBANK_TEST_POSTGRES_URL`` names a server (an admin URL such as
``postgresql://postgres@127.0.0.1:5432/postgres``); each test gets a database of its
own. Under CI (``CI`` set) a missing server is an error, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PG_ENV = "QUOTEBANK_TEST_POSTGRES_URL"


def seed_text(prefix: str) -> str:
    """The text of the seed document whose name starts with ``prefix`` (e.g. ``001``)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"CI is set but {PG_ENV} is not: the PostgreSQL tests must run in CI")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    admin = _pg_admin_url()
    if not admin:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}")
    yield from _pg_database(admin)


def _pg_database(admin: str) -> Iterator[str]:
    import sqlalchemy as sa

    from quotebank.store._database import url_for_engine

    name = f"qb_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(url_for_engine(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


@pytest.fixture
def bank(store_url: str) -> Iterator[object]:
    from quotebank import QuoteBank

    with QuoteBank(store_url) as b:
        yield b


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, seed_files: list[Path]
) -> Iterator[object]:
    """A store holding the five seed documents, built once per module and backend.

    Tests share it, so they only read (ingesting the seeds again, unchanged, is a read).
    """
    from quotebank import QuoteBank

    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'store.db'}"])
    else:
        admin = _pg_admin_url()
        if not admin:
            pytest.skip(f"PostgreSQL tests need {PG_ENV}")
        urls = _pg_database(admin)
    url = next(urls)
    try:
        with QuoteBank(url) as bank:
            report = bank.ingest(seed_files)
            assert report.documents == 5 and not report.failed
            yield bank
    finally:
        for _ in urls:  # drops the PostgreSQL database
            pass
