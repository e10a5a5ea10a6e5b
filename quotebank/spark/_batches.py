"""What runs on the executors: plain functions from Arrow record batches to record batches.

Nothing here imports PySpark, so each step can be tested (and profiled) on its own;
:mod:`quotebank.spark` hands these functions to ``mapInArrow``. A bad document never
stops a batch: it becomes a row whose ``error`` column says what went wrong.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyarrow as pa

from quotebank._names import fold_name, surname
from quotebank.errors import QuotebankError
from quotebank.extraction import extract
from quotebank.extraction._people import strip_titles
from quotebank.extraction.reading import DEFAULT_MAX_BYTES, decode_text, html_to_text
from quotebank.models import Quote
from quotebank.models import Source as SourceModel
from quotebank.store._matching import signature
from quotebank.store._metadata import source_from

__all__ = [
    "ARTICLE_SCHEMA",
    "DOCUMENT_SCHEMA",
    "QUOTE_FIELDS",
    "decode_files",
    "extract_batches",
    "prepare_documents",
    "quote_schema",
]

#: Articles as every reader hands them on: an id (may be null), the text, where it
#: came from, its CSL-JSON metadata as a JSON string, and an error when unreadable.
ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("path", pa.string()),
        ("csl", pa.string()),
        ("error", pa.string()),
    ]
)

#: One row per document: the store's ``documents`` and ``sources`` fields side by side.
DOCUMENT_SCHEMA = pa.schema(
    [
        ("document_key", pa.string()),
        ("source_key", pa.string()),
        ("path", pa.string()),
        ("content_hash", pa.string()),
        ("text", pa.string()),
        ("source_type", pa.string()),
        ("title", pa.string()),
        ("issued", pa.string()),
        ("url", pa.string()),
        ("csl", pa.string()),
        ("error", pa.string()),
        ("has_metadata", pa.bool_()),
    ]
)

#: The fields of one extracted quotation (after the document id column).
QUOTE_FIELDS: list[tuple[str, pa.DataType]] = [
    ("index", pa.int32()),  # position in extract()'s list for the document
    ("text", pa.string()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("speaker", pa.string()),
    ("speaker_named", pa.bool_()),
    ("speaker_mention", pa.string()),
    ("speaker_mention_start", pa.int32()),
    ("cue", pa.string()),
    ("kind", pa.string()),
    ("context", pa.string()),
    ("context_start", pa.int32()),
    ("paragraph", pa.int32()),
    ("parent", pa.int32()),
    ("confidence", pa.float64()),
    ("closed", pa.bool_()),
    ("handle", pa.string()),
    ("posted", pa.date32()),
    ("normalized", pa.string()),
    # the keys speaker merging groups on (see quotebank.spark): the folded name, the
    # folded surname a full name answers to, the title-less mention and its folded form
    ("speaker_folded", pa.string()),
    ("speaker_surname", pa.string()),
    ("mention_alias", pa.string()),
    ("mention_folded", pa.string()),
    # the stemmed content words variant linking compares (sorted)
    ("signature", pa.list_(pa.string())),
    ("error", pa.string()),
]


def quote_schema(id_col: str) -> pa.Schema:
    """The Arrow schema :func:`extract_batches` yields for documents identified by ``id_col``."""
    return pa.schema([(id_col, pa.string()), *QUOTE_FIELDS])


def _describe(exc: Exception) -> str:
    if isinstance(exc, QuotebankError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"


def speaker_keys(quote: Quote) -> tuple[str | None, str | None, str | None, str | None]:
    """``(folded name, folded surname, mention alias, its folded form)`` of a named speaker,
    with the rules of :func:`~quotebank.store._speakers.resolve_speakers`."""
    if not quote.speaker or not quote.speaker_named:
        return None, None, None, None
    name = " ".join(quote.speaker.split())
    folded = fold_name(name)
    last = surname(name)
    family = fold_name(last) if last is not None else None
    if quote.speaker_mention is not None:
        bare = strip_titles(quote.speaker_mention.text)
        folded_bare = fold_name(bare) if bare else ""
        if folded_bare and set(folded_bare.split()) <= set(folded.split()):
            return folded, family, bare, folded_bare
    return folded, family, None, None


def _quote_row(doc_id: str | None, index: int, q: Quote) -> dict[str, Any]:
    folded, surname, alias, alias_folded = speaker_keys(q)
    mention = q.speaker_mention
    return {
        "index": index,
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "speaker": " ".join(q.speaker.split()) if q.speaker else None,
        "speaker_named": q.speaker_named,
        "speaker_mention": mention.text if mention else None,
        "speaker_mention_start": mention.start if mention else None,
        "cue": q.cue,
        "kind": q.kind.value,
        "context": q.context,
        "context_start": q.context_start,
        "paragraph": q.paragraph,
        "parent": q.parent,
        "confidence": q.confidence,
        "closed": q.closed,
        "handle": q.handle,
        "posted": q.posted,
        "normalized": q.normalized,
        "speaker_folded": folded,
        "speaker_surname": surname,
        "mention_alias": alias,
        "mention_folded": alias_folded,
        "signature": sorted(signature(q.normalized)),
        "error": None,
    }


def _to_batch(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist(rows, schema=schema)


def extract_batches(
    batches: Iterable[pa.RecordBatch], text_col: str, id_col: str
) -> Iterator[pa.RecordBatch]:
    """Run :func:`quotebank.extract` on every document of every batch.

    Yields one row per quotation (``extract``'s list, in order, with its ``index``);
    a document that fails yields one row with only its id and ``error`` set.
    """
    schema = quote_schema(id_col)
    for batch in batches:
        ids = batch.column(id_col).to_pylist()
        texts = batch.column(text_col).to_pylist()
        rows: list[dict[str, Any]] = []
        for doc_id, text in zip(ids, texts, strict=True):
            doc = None if doc_id is None else str(doc_id)
            try:
                if not isinstance(text, str):
                    raise TypeError("the text column is null or not a string")
                quotes = extract(text)
            except Exception as exc:  # one bad document must not stop the batch
                rows.append({id_col: doc, "error": _describe(exc)})
                continue
            for i, q in enumerate(quotes):
                row = _quote_row(doc, i, q)
                row[id_col] = doc
                rows.append(row)
        yield _to_batch(rows, schema)


def _document_row(article: dict[str, Any]) -> dict[str, Any]:
    """The keys and source fields of one article, as
    :func:`~quotebank.store._ingest.ingest_text` makes them."""
    text = article["text"]
    raw = article.get("csl")
    meta = (
        source_from(json.loads(raw), name=article.get("path") or article.get("id") or "<metadata>")
        if raw
        else SourceModel(type="document")
    )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = article.get("path")
    doc_key = article.get("id") or meta.id or path or f"sha256:{digest}"
    source_key = meta.id or doc_key
    csl = json.dumps(meta.to_csl_json() | {"id": source_key}, ensure_ascii=False, sort_keys=True)
    return {
        "document_key": doc_key,
        "source_key": source_key,
        "path": path,
        "content_hash": digest,
        "text": text,
        "source_type": meta.type,
        "title": meta.title,
        "issued": meta.issued.as_text() if meta.issued else None,
        "url": meta.URL,
        "csl": csl,
        "error": None,
        "has_metadata": bool(raw),
    }


def _per_row(
    batches: Iterable[pa.RecordBatch],
    schema: pa.Schema,
    make: Callable[[dict[str, Any]], dict[str, Any]],
    on_error: Callable[[dict[str, Any], str], dict[str, Any]],
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        out: list[dict[str, Any]] = []
        for row in batch.to_pylist():
            try:
                out.append(make(row))
            except Exception as exc:  # one bad item must not stop the batch
                out.append(on_error(row, _describe(exc)))
        yield _to_batch(out, schema)


def prepare_documents(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Articles (:data:`ARTICLE_SCHEMA`) → documents with keys, hash and source fields.

    Invalid metadata makes the document a failure (as ``quotebank ingest`` reports it).
    """

    def make(row: dict[str, Any]) -> dict[str, Any]:
        if row.get("error"):
            return _failed(row, row["error"])
        if not isinstance(row.get("text"), str):
            raise ValueError("the article has no text")
        return _document_row(row)

    def _failed(row: dict[str, Any], message: str) -> dict[str, Any]:
        return {"document_key": row.get("id") or row.get("path"), "path": row.get("path"), "error": message}

    yield from _per_row(batches, DOCUMENT_SCHEMA, make, _failed)


def _local(path: str) -> str:
    """``file:/a/b`` (as Spark names local files) → ``/a/b``; other URLs unchanged."""
    if path.startswith("file://"):
        return path[len("file://") :]
    if path.startswith("file:"):
        return path[len("file:") :]
    return path


def decode_files(
    batches: Iterable[pa.RecordBatch], encoding: str = "utf-8", max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Iterator[pa.RecordBatch]:
    """Files read by Spark (``path``, ``content``, ``meta``: the sidecar's bytes) → documents
    (:data:`DOCUMENT_SCHEMA`, through :func:`prepare_documents`).

    Text is decoded with :func:`~quotebank.decode_text` (HTML turned into text), so
    offsets match what ``quotebank extract`` gives for the same file.
    """

    def make(row: dict[str, Any]) -> dict[str, Any]:
        path = _local(row["path"])
        text = decode_text(row["content"], encoding=encoding, name=path, max_bytes=max_bytes)
        if path.lower().endswith((".html", ".htm")):
            text = html_to_text(text)
        meta = row.get("meta")
        csl = None
        if meta is not None:
            data = json.loads(decode_text(meta, name=path + " (metadata)"))
            if isinstance(data, list):
                if len(data) != 1:
                    raise ValueError(f"metadata holds {len(data)} CSL-JSON items; a document's is one")
                data = data[0]
            csl = json.dumps(data, ensure_ascii=False)
        return {"id": None, "text": text, "path": path, "csl": csl, "error": None}

    def failed(row: dict[str, Any], message: str) -> dict[str, Any]:
        return {"id": None, "text": None, "path": _local(row["path"]), "csl": None, "error": message}

    yield from prepare_documents(_per_row(batches, ARTICLE_SCHEMA, make, failed))
