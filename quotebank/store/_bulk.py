"""Bulk load of ``quotebank spark extract`` output (Parquet tables) into the store.

The rows go first into temporary staging tables — through ``COPY`` on PostgreSQL
(psycopg 3, CSV written by Arrow), through ``executemany`` on SQLite — and then into
the store with ``INSERT … SELECT … ON CONFLICT``, in one transaction: loading the same
output twice adds nothing, and a document whose text changed has its occurrences
replaced, as ``quotebank ingest`` does. Speakers are matched against the store's
(by name, then by folded alias), and quotation keys are recomputed from the store's
speaker ids, so ``ingest`` and ``import`` agree on what is one quotation.

On PostgreSQL a load larger than what the store holds drops the secondary indexes
(the text indexes of revisions 0002/0003 among them) and foreign keys of quotations
and occurrences, and makes them again after the rows are in, from the catalog's own
definitions (one build instead of millions of index inserts and trigger checks);
SQLite's FTS5 index follows through its triggers.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as ds
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from quotebank.errors import InputError, SourceNotFoundError, StoreError
from quotebank.models import Failure, IngestReport
from quotebank.store._database import Database
from quotebank.store._ingest import quotation_key

__all__ = ["REQUIRED_TABLES", "import_parquet"]

#: Rows per Arrow batch while staging.
BATCH_ROWS = 50_000
#: Failures listed in a report (the count is always exact).
MAX_LISTED_FAILURES = 100

#: Staged columns of each table of the Spark output (see docs/scale.md).
STAGED: dict[str, tuple[str, ...]] = {
    "sources": ("key", "type", "title", "issued", "url", "csl"),
    "documents": ("key", "source_key", "path", "content_hash", "text"),
    "speakers": ("name", "named"),
    "speaker_aliases": ("speaker", "alias", "folded"),
    "quotations": ("key", "text", "normalized", "speaker", "kind"),
    "occurrences": (
        "quotation_key",
        "document_key",
        "source_key",
        "start",
        "end",
        "paragraph",
        "text",
        "context",
        "speaker_mention",
        "cue",
        "kind",
        "confidence",
    ),
    "variants": ("quotation_key", "variant_key", "score"),
}
REQUIRED_TABLES = tuple(STAGED)

_SQL_TYPES = {
    "named": "BOOLEAN",
    "start": "INTEGER",
    "end": "INTEGER",
    "paragraph": "INTEGER",
    "confidence": "DOUBLE PRECISION",
    "score": "DOUBLE PRECISION",
}

#: Tables whose secondary indexes and foreign keys a large PostgreSQL load defers.
DEFERRED_TABLES = ("quotations", "occurrences")

_PG_KEY = (
    "encode(sha256(convert_to(t.kind || '|' || coalesce(m.id::text, '') || '|' || t.normalized,"
    " 'UTF8')), 'hex')"
)
_SQLITE_KEY = "qb_quotation_key(t.kind, m.id, t.normalized)"


@dataclass(frozen=True, slots=True)
class _Counts:
    documents: int = 0
    staged_documents: int = 0
    speakers: int = 0
    quotations: int = 0
    occurrences: int = 0


def _dataset(base: Path, name: str) -> ds.Dataset:
    folder = base / name
    if not folder.is_dir():
        raise InputError(f"no {name}/ table: not the output of 'quotebank spark extract'", source=str(base))
    try:
        return ds.dataset(folder, format="parquet")
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"cannot read {name}/ as Parquet ({exc})", source=str(base)) from None


def _batches(data: ds.Dataset, columns: tuple[str, ...]) -> Iterator[pa.RecordBatch]:
    missing = [c for c in columns if c not in data.schema.names]
    if missing:
        raise InputError(f"the table lacks column(s) {', '.join(missing)}")
    for batch in data.to_batches(columns=list(columns), batch_size=BATCH_ROWS):
        # PostgreSQL text cannot hold NUL characters
        arrays = [
            pc.replace_substring(col, "\x00", "") if pa.types.is_string(col.type) else col
            for col in batch.columns
        ]
        yield pa.RecordBatch.from_arrays(arrays, names=list(columns))


def _ident(name: str) -> str:
    return f'"{name}"'


def _create_staging(conn: Connection, temp: str) -> None:
    for table, columns in STAGED.items():
        cols = ", ".join(f"{_ident(c)} {_SQL_TYPES.get(c, 'TEXT')}" for c in columns)
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE stg_{table} ({cols}){temp}")


def _stage_postgres(conn: Connection, base: Path) -> None:
    driver: Any = conn.connection.driver_connection
    with driver.cursor() as cur:
        for table, columns in STAGED.items():
            data = _dataset(base, table)
            names = ", ".join(_ident(c) for c in columns)
            with cur.copy(f"COPY stg_{table} ({names}) FROM STDIN (FORMAT csv)") as copy:
                for batch in _batches(data, columns):
                    buf = io.BytesIO()
                    pacsv.write_csv(batch, buf, write_options=pacsv.WriteOptions(include_header=False))
                    copy.write(buf.getbuffer())
            cur.execute(f"ANALYZE stg_{table}")


def _stage_sqlite(conn: Connection, base: Path) -> None:
    driver: Any = conn.connection.driver_connection
    driver.create_function("qb_quotation_key", 3, _sqlite_key, deterministic=True)
    cur = driver.cursor()
    for table, columns in STAGED.items():
        data = _dataset(base, table)
        marks = ", ".join("?" for _ in columns)
        names = ", ".join(_ident(c) for c in columns)
        for batch in _batches(data, columns):
            rows = zip(*(col.to_pylist() for col in batch.columns), strict=True)
            cur.executemany(f"INSERT INTO stg_{table} ({names}) VALUES ({marks})", rows)
    cur.close()


def _sqlite_key(kind: str, speaker_id: int | None, normalized: str) -> str:
    return quotation_key(kind, speaker_id, normalized)


def _run(conn: Connection, sql: str) -> int:
    result = conn.exec_driver_sql(sql)
    return max(result.rowcount, 0)


def _scalar(conn: Connection, sql: str) -> Any:
    return conn.exec_driver_sql(sql).scalar()


def _merge(conn: Connection, postgres: bool, before_quotations: Callable[[int], None]) -> _Counts:
    """Staging tables → the store, with the store's identities.

    ``before_quotations`` is called with the number of staged quotations the store
    does not hold yet, just before they are inserted.
    """
    temp = " ON COMMIT DROP" if postgres else ""
    _run(
        conn,
        """
        INSERT INTO sources (key, type, title, issued, url, csl)
        SELECT key, coalesce(type, 'article'), title, issued, url, coalesce(csl, '{}')
        FROM stg_sources WHERE true
        ON CONFLICT (key) DO UPDATE SET type = excluded.type, title = excluded.title,
            issued = excluded.issued, url = excluded.url, csl = excluded.csl""",
    )
    # a document whose text changed loses its old occurrences (and the quotations
    # only it held), as `quotebank ingest` does
    changed = (
        "SELECT d.id FROM documents d JOIN stg_documents s ON s.key = d.key "
        "WHERE d.content_hash <> s.content_hash"
    )
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE tmp_touched{temp} AS SELECT DISTINCT quotation_id "
        f"AS id FROM occurrences WHERE document_id IN ({changed})"
    )
    _run(conn, f"DELETE FROM occurrences WHERE document_id IN ({changed})")
    staged_documents = int(_scalar(conn, "SELECT count(*) FROM stg_documents"))
    documents = _run(
        conn,
        """
        INSERT INTO documents (key, source_id, path, content_hash, text)
        SELECT s.key, src.id, s.path, s.content_hash, s.text
        FROM stg_documents s JOIN sources src ON src.key = s.source_key
        WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.content_hash = s.content_hash AND d.key <> s.key)
        ON CONFLICT (key) DO UPDATE SET source_id = excluded.source_id, path = excluded.path,
            content_hash = excluded.content_hash, text = excluded.text
        WHERE documents.content_hash <> excluded.content_hash""",
    )

    # speakers: the same name, else a named speaker answering to the folded name
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE tmp_speakers (name TEXT PRIMARY KEY, id INTEGER){temp}")
    _run(
        conn,
        "INSERT INTO tmp_speakers SELECT s.name, sp.id FROM stg_speakers s "
        "JOIN speakers sp ON sp.name = s.name",
    )
    _run(
        conn,
        """
        INSERT INTO tmp_speakers
        SELECT s.name, min(a.speaker_id) FROM stg_speakers s
        JOIN stg_speaker_aliases sa ON sa.speaker = s.name AND sa.alias = s.name
        JOIN speaker_aliases a ON a.folded = sa.folded
        JOIN speakers sp ON sp.id = a.speaker_id AND sp.named
        WHERE s.named AND s.name NOT IN (SELECT name FROM tmp_speakers)
        GROUP BY s.name""",
    )
    speakers = _run(
        conn,
        "INSERT INTO speakers (name, named) SELECT name, named FROM stg_speakers "
        "WHERE name NOT IN (SELECT name FROM tmp_speakers) ON CONFLICT (name) DO NOTHING",
    )
    _run(
        conn,
        "INSERT INTO tmp_speakers SELECT s.name, sp.id FROM stg_speakers s "
        "JOIN speakers sp ON sp.name = s.name WHERE s.name NOT IN (SELECT name FROM tmp_speakers)",
    )
    _run(
        conn,
        """
        INSERT INTO speaker_aliases (speaker_id, alias, folded)
        SELECT m.id, min(sa.alias), sa.folded FROM stg_speaker_aliases sa
        JOIN tmp_speakers m ON m.name = sa.speaker WHERE sa.folded <> ''
        GROUP BY m.id, sa.folded
        ON CONFLICT (speaker_id, folded) DO NOTHING""",
    )

    # quotations under the store's key: kind | speaker id | normalized
    key = _PG_KEY if postgres else _SQLITE_KEY
    conn.exec_driver_sql(f"""
        CREATE TEMPORARY TABLE tmp_quotations{temp} AS
        SELECT t.key AS pkey, {key} AS key, t.text, t.normalized, m.id AS speaker_id, t.kind
        FROM stg_quotations t LEFT JOIN tmp_speakers m ON m.name = t.speaker""")
    before_quotations(
        int(
            _scalar(
                conn,
                "SELECT count(DISTINCT t.key) FROM tmp_quotations t "
                "WHERE NOT EXISTS (SELECT 1 FROM quotations q WHERE q.key = t.key)",
            )
        )
    )
    quotations = _run(
        conn,
        """
        INSERT INTO quotations (key, text, normalized, speaker_id, kind)
        SELECT key, text, normalized, speaker_id, kind FROM tmp_quotations WHERE true
        ON CONFLICT (key) DO NOTHING""",
    )
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE tmp_qids{temp} AS SELECT t.pkey, q.id "
        "FROM tmp_quotations t JOIN quotations q ON q.key = t.key"
    )
    conn.exec_driver_sql("CREATE INDEX tmp_qids_pkey ON tmp_qids (pkey)")
    if postgres:
        conn.exec_driver_sql("ANALYZE tmp_qids")
    occurrences = _run(
        conn,
        """
        INSERT INTO occurrences (quotation_id, source_id, document_id, start, "end", paragraph, text,
                                 context, speaker_mention, cue, kind, confidence)
        SELECT q.id, d.source_id, d.id, o.start, o."end", o.paragraph, o.text, o.context,
               o.speaker_mention, o.cue, o.kind, coalesce(o.confidence, 1.0)
        FROM stg_occurrences o
        JOIN tmp_qids q ON q.pkey = o.quotation_key
        JOIN documents d ON d.key = o.document_key
        JOIN stg_documents s ON s.key = o.document_key AND s.content_hash = d.content_hash
        WHERE true
        ON CONFLICT (document_id, start, "end") DO NOTHING""",
    )
    _run(
        conn,
        """
        DELETE FROM quotations WHERE id IN (SELECT id FROM tmp_touched)
        AND NOT EXISTS (SELECT 1 FROM occurrences o WHERE o.quotation_id = quotations.id)""",
    )
    _run(
        conn,
        """
        INSERT INTO variants (quotation_id, variant_id, score)
        SELECT DISTINCT CASE WHEN a.id < b.id THEN a.id ELSE b.id END,
               CASE WHEN a.id < b.id THEN b.id ELSE a.id END, v.score
        FROM stg_variants v JOIN tmp_qids a ON a.pkey = v.quotation_key
        JOIN tmp_qids b ON b.pkey = v.variant_key
        WHERE a.id <> b.id
        ON CONFLICT (quotation_id, variant_id) DO NOTHING""",
    )
    return _Counts(documents, staged_documents, speakers, quotations, occurrences)


def _defer_postgres_indexes(conn: Connection, new: int) -> list[str]:
    """Drop the secondary indexes (text GIN and b-tree) and foreign keys of the big
    tables when this load brings at least as many new quotations (``new``) as the
    store holds, and return the statements that make them again, as the catalog
    defines them. A rerun that brings nothing new keeps them.

    Building an index once over all rows, and checking a foreign key with one join,
    is far faster than maintaining them row by row (PostgreSQL's "Populating a
    Database"). Unique indexes stay: ``ON CONFLICT`` needs them.
    """
    stored = int(_scalar(conn, "SELECT count(*) FROM quotations"))
    if new == 0 or new < stored:
        return []
    tables = ", ".join(f"'{t}'" for t in DEFERRED_TABLES)
    indexes = conn.exec_driver_sql(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        f"JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname IN ({tables}) AND NOT x.indisunique "
        "AND t.relnamespace = 'public'::regnamespace"
    ).all()
    keys = conn.exec_driver_sql(
        "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        f"JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname IN ({tables}) "
        "AND t.relnamespace = 'public'::regnamespace"
    ).all()
    restore: list[str] = []
    for table, name, definition in keys:
        conn.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for name, definition in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
        restore.append(definition)
    return restore


def _failures(base: Path) -> tuple[int, list[Failure]]:
    folder = base / "failures"
    if not folder.is_dir():
        return 0, []
    data = ds.dataset(folder, format="parquet")
    listed = data.head(MAX_LISTED_FAILURES).to_pylist()
    return data.count_rows(), [
        Failure(input=str(r.get("input") or "?"), error="InputError", message=str(r.get("message") or ""))
        for r in listed
    ]


def import_parquet(
    db: Database | str,
    path: str | os.PathLike[str],
    *,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Load the Parquet tables written by ``quotebank spark extract`` into a store.

    Args:
        db: The store (migrated), or its URL.
        path: The output folder (``sources/``, ``documents/``, ``quotations/`` …).
        progress: Called with the name of each step as it starts.

    Returns:
        What was added: documents, quotations, occurrences, speakers; the documents
        the job could not process are listed as failures.

    Raises:
        SourceNotFoundError: when ``path`` does not exist.
        InputError: when it is not the output of ``quotebank spark extract``.
        StoreError: when the database fails; nothing of the load is kept.
    """
    base = Path(path)
    if not base.exists():
        raise SourceNotFoundError("no such file or directory", source=str(path))
    if not base.is_dir():
        raise InputError("expected the folder written by 'quotebank spark extract'", source=str(path))
    for table in REQUIRED_TABLES:
        _dataset(base, table)
    database = db if isinstance(db, Database) else Database(db)
    postgres = database.dialect == "postgresql"
    step = progress or (lambda _name: None)
    try:
        with database.engine.begin() as conn:
            _create_staging(conn, " ON COMMIT DROP" if postgres else "")
            step("staging")
            (_stage_postgres if postgres else _stage_sqlite)(conn, base)
            restore: list[str] = []

            def defer(new: int) -> None:
                if postgres:
                    restore.extend(_defer_postgres_indexes(conn, new))

            if postgres:
                conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
            step("merging")
            counts = _merge(conn, postgres, defer)
            if restore:
                step("indexing")
                for statement in restore:
                    conn.exec_driver_sql(statement)
            if postgres:
                conn.exec_driver_sql("ANALYZE quotations")
                conn.exec_driver_sql("ANALYZE occurrences")
            else:  # SQLite keeps temporary tables for the connection's life
                for name in (
                    *(f"stg_{t}" for t in STAGED),
                    "tmp_speakers",
                    "tmp_quotations",
                    "tmp_qids",
                    "tmp_touched",
                ):
                    conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")
    except SQLAlchemyError as exc:
        raise StoreError(
            f"bulk load failed: {str(getattr(exc, 'orig', None) or exc).splitlines()[0]}", source=str(path)
        ) from None
    finally:
        if database is not db:
            database.dispose()
    failed_count, failed = _failures(base)
    return IngestReport(
        documents=counts.documents,
        unchanged=counts.staged_documents - counts.documents,
        quotations=counts.quotations,
        occurrences=counts.occurrences,
        speakers=counts.speakers,
        skipped=failed_count,
        failed=failed,
    )
