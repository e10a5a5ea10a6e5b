"""One local Spark session (``local[2]``) and one run of the job for the whole test session."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    if os.environ.get("CI"):
        pytest.fail("CI is set but no Java is installed: the Spark tests must run in CI", pytrace=False)
    pytest.skip("Spark needs Java (17 or later)", allow_module_level=True)

from tests.spark.corpus import write_corpus

#: Generated articles in the test corpus (plus two copies of the five seeds).
GENERATED = 300


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("quotebank-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_corpus(tmp_path_factory.mktemp("corpus"), GENERATED)
    # one unreadable file and one with broken metadata: failures, not a failed job
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 binary \x00")
    (folder / "badmeta.txt").write_text("“We are ready,” said Ana Lovo.\n", encoding="utf-8")
    (folder / "badmeta.json").write_text('{"issued": {"date-parts": "soon"}}', encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def output(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    from quotebank.spark import run_extract

    out = tmp_path_factory.mktemp("spark") / "out"
    counts = run_extract(spark, str(corpus), str(out))
    return out, counts


@pytest.fixture
def pg_or_sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh PostgreSQL database when the tests have a server (CI), else SQLite."""
    from tests.conftest import PG_ENV, _pg_database

    admin = os.environ.get(PG_ENV)
    if admin:
        yield from _pg_database(admin)
    else:
        yield f"sqlite:///{tmp_path / 'store.db'}"
