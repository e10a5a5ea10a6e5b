"""The Spark job behind :mod:`quotebank.spark`: reading, extraction, merging, writing."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import pyarrow as pa
from pyspark.errors import AnalysisException
from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from quotebank.errors import InputError, SourceNotFoundError
from quotebank.extraction.reading import DEFAULT_MAX_BYTES
from quotebank.spark import _batches
from quotebank.store._ingest import DOCUMENT_SUFFIXES
from quotebank.store._matching import VARIANT_THRESHOLD

__all__ = [
    "FORMATS",
    "TABLES",
    "build_tables",
    "extract_quotations",
    "read_articles",
    "run_extract",
    "session",
]

#: Input formats :func:`read_articles` understands.
FORMATS = ("auto", "jsonl", "parquet", "text")

#: The tables :func:`run_extract` writes, one Parquet folder each, in load order.
TABLES = (
    "sources",
    "documents",
    "speakers",
    "speaker_aliases",
    "quotations",
    "occurrences",
    "variants",
    "failures",
)

_SPARK_TYPES = {
    pa.string(): "STRING",
    pa.int32(): "INT",
    pa.int64(): "BIGINT",
    pa.bool_(): "BOOLEAN",
    pa.float64(): "DOUBLE",
    pa.date32(): "DATE",
    pa.binary(): "BINARY",
    pa.list_(pa.string()): "ARRAY<STRING>",
}


def _ddl(schema: pa.Schema) -> str:
    """A Spark DDL schema string for an Arrow schema of flat columns."""
    return ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in schema)


def session(master: str | None = None, app_name: str = "quotebank") -> SparkSession:
    """The active Spark session, or a new one (``local[*]`` unless ``master`` or
    ``spark-submit`` says otherwise)."""
    builder = SparkSession.builder.appName(app_name)
    if master is None and not _submitted():
        master = "local[*]"
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        # local Python workers run this interpreter, where quotebank is installed
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


def _submitted() -> bool:
    """Whether this process runs under ``spark-submit`` (which sets the master and
    starts the JVM gateway before Python) or was told how to launch Spark."""
    return bool(os.environ.get("PYSPARK_GATEWAY_PORT") or os.environ.get("PYSPARK_SUBMIT_ARGS"))


# --- extraction -----------------------------------------------------------------------------
def extract_quotations(df: DataFrame, *, text_col: str = "text", id_col: str = "id") -> DataFrame:
    """Extract the quotations of every document in ``df``, on the executors.

    Each Arrow batch of documents goes through :func:`quotebank.extract` in a Python
    worker (``mapInArrow``); there is no row-at-a-time UDF.

    Args:
        df: One row per document.
        text_col: The column holding each document's text.
        id_col: The column identifying each document (cast to string).

    Returns:
        One row per quotation: ``id_col``, ``index`` (its position in ``extract``'s
        list), every field of :class:`quotebank.Quote` (``speaker_mention`` flattened
        to its text and start), ``normalized``, the speaker keys used for merging,
        and ``error``: a document that cannot be processed gives one row with only
        its id and ``error`` set, and the rest go on.

    Raises:
        InputError: when a column is missing.
    """
    for col in (text_col, id_col):
        if col not in df.columns:
            raise InputError(f"no column {col!r} (columns: {', '.join(df.columns)})")
    docs = df.select(
        F.col(id_col).cast("string").alias(id_col), F.col(text_col).cast("string").alias(text_col)
    )
    fn = functools.partial(_batches.extract_batches, text_col=text_col, id_col=id_col)
    return docs.mapInArrow(fn, _ddl(_batches.quote_schema(id_col)))


# --- reading --------------------------------------------------------------------------------
def _detect(path: str) -> str:
    name = path.rstrip("/").lower()
    for suffix in (".gz", ".bz2"):
        name = name.removesuffix(suffix)
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    local = Path(path)
    if local.is_dir():
        names = [p.name.lower() for p in local.iterdir() if p.is_file()]
        if any(n.endswith(".parquet") for n in names):
            return "parquet"
        if any(n.endswith((".jsonl", ".ndjson", ".jsonl.gz")) for n in names):
            return "jsonl"
        return "text"
    if local.exists():
        raise InputError("cannot tell the input's format from its name; pass --format", source=path)
    if "://" not in path:
        raise SourceNotFoundError("no such file or directory", source=path)
    return "text"


def _from_table(df: DataFrame, text_col: str, id_col: str) -> DataFrame:
    """Rows of a JSON Lines or Parquet corpus → documents; every column but the text is
    CSL-JSON metadata (or one ``csl`` column holds it, as an object or a JSON string)."""
    if text_col not in df.columns:
        raise InputError(f"no column {text_col!r} in the input (columns: {', '.join(df.columns)})")
    corrupt = "_corrupt_record"
    rest = [c for c in df.columns if c not in (text_col, corrupt)]
    if "csl" in df.columns:
        csl_type = dict(df.dtypes)["csl"]
        csl: Column = F.col("csl") if csl_type == "string" else F.to_json(F.col("csl"))
    elif rest:
        csl = F.to_json(F.struct(*[F.col(f"`{c}`") for c in rest]))
    else:
        csl = F.lit(None).cast("string")
    ident = F.col(f"`{id_col}`").cast("string") if id_col in df.columns else F.lit(None).cast("string")
    error = (
        F.when(F.col(corrupt).isNotNull(), F.lit("not a valid JSON object"))
        if corrupt in df.columns
        else F.lit(None)
    ).cast("string")
    path = (
        F.concat(F.input_file_name(), F.lit(":"), F.substring(F.col(corrupt), 1, 40))
        if corrupt in df.columns
        else F.lit(None).cast("string")
    )
    articles = df.select(
        ident.alias("id"),
        F.col(f"`{text_col}`").cast("string").alias("text"),
        F.when(error.isNotNull(), path).alias("path"),
        F.when(error.isNull(), csl).alias("csl"),
        error.alias("error"),
    )
    return articles.mapInArrow(_batches.prepare_documents, _ddl(_batches.DOCUMENT_SCHEMA))


def _from_folder(spark: SparkSession, path: str, encoding: str, max_bytes: int | None) -> DataFrame:
    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(path)
        .select("path", "content")
    )
    lower = F.lower(F.col("path"))
    docs = files.where(functools.reduce(lambda a, b: a | b, [lower.endswith(s) for s in DOCUMENT_SUFFIXES]))
    metas = files.where(lower.endswith(".json")).select(
        F.col("path").alias("meta_path"), F.col("content").alias("meta_content")
    )
    # the metadata file beside a document: doc.json, else doc.txt.json
    beside = F.regexp_replace(F.col("path"), r"\.[^./]+$", ".json")
    m1, m2 = metas.alias("m1"), metas.alias("m2")
    joined = (
        docs.join(m1, beside == F.col("m1.meta_path"), "left")
        .join(m2, F.concat(F.col("path"), F.lit(".json")) == F.col("m2.meta_path"), "left")
        .select(
            "path", "content", F.coalesce(F.col("m1.meta_content"), F.col("m2.meta_content")).alias("meta")
        )
    )
    fn = functools.partial(_batches.decode_files, encoding=encoding, max_bytes=max_bytes)
    return joined.mapInArrow(fn, _ddl(_batches.DOCUMENT_SCHEMA))


def read_articles(
    spark: SparkSession,
    path: str,
    *,
    fmt: str = "auto",
    text_col: str = "text",
    id_col: str = "id",
    encoding: str = "utf-8",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> DataFrame:
    """Read a corpus into documents, keyed and hashed as ``quotebank ingest`` does.

    Columns: ``document_key`` (the id column, else the metadata's ``id``, else the
    path, else ``sha256:`` and the text's hash), ``source_key``, ``path``,
    ``content_hash``, ``text``, the source's ``source_type``, ``title``, ``issued``,
    ``url``, ``csl`` (its CSL-JSON), and ``error``: an unreadable file, a malformed
    line or invalid metadata is a row with ``error`` set, never a failed job.

    Args:
        spark: The session.
        path: A JSON Lines file or folder (one article per line), Parquet, or a folder
            of ``.txt``/``.md``/``.html`` files with their CSL-JSON ``.json`` beside.
        fmt: ``auto`` (from the name), ``jsonl``, ``parquet`` or ``text``.
        text_col: For JSON Lines and Parquet, the column holding the text; the
            other columns are the article's CSL-JSON metadata (``id``, ``title``,
            ``URL``, ``issued`` …), unless one ``csl`` column holds it.
        id_col: For JSON Lines and Parquet, the column identifying an article.
        encoding: Encoding of text files.
        max_bytes: Largest text file accepted; bigger ones are failures.

    Raises:
        InputError: for an unknown format, a missing text column, or input Spark
            cannot read.
        SourceNotFoundError: when a local path does not exist.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    kind = _detect(path) if fmt == "auto" else fmt
    try:
        if kind == "text":
            return _from_folder(spark, path, encoding, max_bytes)
        if kind == "parquet":
            return _from_table(spark.read.parquet(path), text_col, id_col)
        return _from_table(spark.read.option("mode", "PERMISSIVE").json(path), text_col, id_col)
    except AnalysisException as exc:  # a path Spark cannot find or read
        first = (exc.getMessage() or str(exc)).strip().splitlines()[0]
        raise InputError(f"Spark cannot read it as {kind}: {first}", source=path) from None


# --- the store's tables ------------------------------------------------------------------------
def _first(df: DataFrame, keys: list[str], order: list[Column]) -> DataFrame:
    """One row per ``keys``: the first by ``order``."""
    w = Window.partitionBy(*keys).orderBy(*order)
    return df.withColumn("_rn", F.row_number().over(w)).where(F.col("_rn") == 1).drop("_rn")


def _documents(docs: DataFrame) -> tuple[DataFrame, DataFrame]:
    """Good documents (one per key and per content) and the failures."""
    failed = docs.where(F.col("error").isNotNull()).select(
        F.coalesce("path", "document_key").alias("input"), F.col("error").alias("message")
    )
    good = docs.where(F.col("error").isNull()).drop("error")
    # two inputs claiming one document id both fail, as in `quotebank ingest`
    claims = good.groupBy("document_key").agg(F.count("*").alias("_claims"))
    good = good.join(claims, "document_key")
    clashes = good.where(F.col("_claims") > 1).select(
        F.coalesce("path", "document_key").alias("input"),
        F.concat(
            F.lit("DuplicateDocumentError: has the document id '"),
            F.col("document_key"),
            F.lit("', as another input does: each document needs an id of its own"),
        ).alias("message"),
    )
    good = good.where(F.col("_claims") == 1).drop("_claims")
    # the same text under other metadata is another source; a copy with no metadata of
    # its own adds nothing when another document (earlier in path order) holds the text
    in_order = Window.partitionBy("content_hash").orderBy(F.col("path"), F.col("document_key"))
    first = F.row_number().over(in_order)
    good = (
        good.withColumn("_rank", first)
        .where(F.col("has_metadata") | (F.col("_rank") == 1))
        .drop("_rank", "has_metadata")
    )
    return good, failed.unionByName(clashes)


def _speaker_names(occ: DataFrame) -> tuple[DataFrame, DataFrame]:
    """Merge named speakers across the corpus: ``(spelling → speaker)`` and aliases.

    Spellings that fold alike (case, accents, titles) are one group, named by its most
    frequent spelling. A group whose folded name is a key of a group with more words
    — its surname ("Khamenei" → "Ali Khamenei") or a title-less mention of it — joins
    the busiest such group, and chains are followed to their end: the rules of
    :func:`~quotebank.store._speakers.resolve_speakers`, without its dependence on
    the order documents arrive in.
    """
    named = occ.where(F.col("speaker_named") & F.col("speaker").isNotNull())
    spellings = named.groupBy("speaker_folded", "speaker", "speaker_surname").agg(F.count("*").alias("n"))
    w = Window.partitionBy("speaker_folded")
    groups = _first(
        spellings.withColumn("total", F.sum("n").over(w)),
        ["speaker_folded"],
        [F.col("n").desc(), F.col("speaker")],
    ).select(
        F.col("speaker_folded").alias("folded"),
        F.col("speaker").alias("canonical"),
        F.col("speaker_surname").alias("surname"),
        "total",
        F.size(F.split("speaker_folded", " ")).alias("words"),
    )
    keys = (
        groups.where(F.col("surname").isNotNull())
        .select("folded", F.col("surname").alias("key"))
        .unionByName(
            named.where(F.col("mention_folded").isNotNull()).select(
                F.col("speaker_folded").alias("folded"), F.col("mention_folded").alias("key")
            )
        )
        .distinct()
    )
    g, h = groups.alias("g"), groups.alias("h")
    edges = (
        g.join(keys.alias("k"), F.col("g.folded") == F.col("k.key"))
        .join(h, F.col("k.folded") == F.col("h.folded"))
        .where(F.col("h.words") > F.col("g.words"))
        .select(
            F.col("g.folded").alias("child"),
            F.col("h.folded").alias("parent"),
            F.col("h.total").alias("total"),
        )
    )
    edges = _first(edges, ["child"], [F.col("total").desc(), F.col("parent")]).select("child", "parent")
    roots = edges
    # words strictly increase along an edge, so a chain is at most as long as a name
    for _ in range(3):
        nxt = edges.select(F.col("child").alias("c2"), F.col("parent").alias("p2"))
        roots = roots.join(nxt, roots.parent == nxt.c2, "left").select(
            "child", F.coalesce("p2", "parent").alias("parent")
        )
    root_of = groups.join(roots, groups.folded == roots.child, "left").select(
        "folded", F.coalesce("parent", "folded").alias("root")
    )
    root_name = root_of.join(
        groups.select(F.col("folded").alias("root"), F.col("canonical").alias("name")), "root"
    ).select("folded", "name")
    mapping = spellings.join(root_name, spellings.speaker_folded == root_name.folded).select(
        F.col("speaker").alias("spelling"), "name"
    )
    surnames = groups.where(F.col("surname").isNotNull()).select(
        "folded", F.element_at(F.split("canonical", " "), -1).alias("alias"), F.col("surname").alias("key")
    )
    mentions = named.where(F.col("mention_alias").isNotNull()).select(
        F.col("speaker_folded").alias("folded"),
        F.col("mention_alias").alias("alias"),
        F.col("mention_folded").alias("key"),
    )
    spelled = spellings.select(
        F.col("speaker_folded").alias("folded"),
        F.col("speaker").alias("alias"),
        F.col("speaker_folded").alias("key"),
    )
    aliases = (
        spelled.unionByName(surnames)
        .unionByName(mentions)
        .join(root_name, "folded")
        .select(F.col("name").alias("speaker"), "alias", F.col("key").alias("folded"))
    )
    aliases = _first(aliases, ["speaker", "folded"], [F.col("alias")])
    return mapping, aliases


#: Jaccard similarity of signatures that :func:`~quotebank.store._matching.variant_score`
#: links (its threshold, out of 100).
_JACCARD = VARIANT_THRESHOLD / 100.0


def _variants(quotations: DataFrame) -> DataFrame:
    """Pairs of one speaker's quotations that are wordings of one remark.

    The score is :func:`~quotebank.store._matching.variant_score` in Spark SQL: the
    Jaccard similarity of the stemmed content-word sets, for sets of two words or more
    whose sizes are within a factor of two. Candidate pairs come from a join on
    ``(speaker, word)`` keys built by the prefix filter of set-similarity joins: two
    sets of Jaccard similarity ≥ t share a word among the first ``|s| − ⌈t·|s|⌉ + 1``
    of each (in one global order, here alphabetical), so no pair is missed and most
    are never compared.
    """
    sig = F.col("signature")
    quotes = quotations.where(
        (F.col("kind") == "quotation") & F.col("speaker").isNotNull() & (F.size(sig) >= 2)
    ).select("key", "speaker", "signature")
    # slightly below t, so that a score rounded up to the threshold still finds its pair
    prefix = F.size(sig) - F.ceil(F.lit(_JACCARD - 0.0005) * F.size(sig)) + 1
    tokens = quotes.select("key", "speaker", F.explode(F.slice(sig, 1, prefix)).alias("token"))
    a, b = tokens.alias("a"), tokens.alias("b")
    pairs = (
        a.join(
            b,
            (F.col("a.speaker") == F.col("b.speaker"))
            & (F.col("a.token") == F.col("b.token"))
            & (F.col("a.key") < F.col("b.key")),
        )
        .select(F.col("a.key").alias("quotation_key"), F.col("b.key").alias("variant_key"))
        .distinct()
    )
    sig_a = quotes.select(F.col("key").alias("quotation_key"), F.col("signature").alias("sa"))
    sig_b = quotes.select(F.col("key").alias("variant_key"), F.col("signature").alias("sb"))
    sa, sb = F.col("sa"), F.col("sb")
    ratio = F.size(sa) / F.size(sb)
    jaccard = F.size(F.array_intersect(sa, sb)) / F.size(F.array_union(sa, sb))
    score = F.bround(F.lit(100.0) * jaccard, 1)
    return (
        pairs.join(sig_a, "quotation_key")
        .join(sig_b, "variant_key")
        .where((ratio >= 0.5) & (ratio <= 2.0))
        .select("quotation_key", "variant_key", score.alias("score"))
        .where(F.col("score") >= VARIANT_THRESHOLD)
    )


def build_tables(documents: DataFrame) -> dict[str, DataFrame]:
    """The store's tables for a DataFrame of documents (as :func:`read_articles` gives).

    Occurrences follow ``quotebank ingest``: quotations whose normalised text is empty
    and second quotations over one span are skipped. A quotation is one wording by one
    speaker of one kind; its ``key`` is the SHA-256 of ``kind|speaker name|normalized``
    (the store, which numbers speakers, recomputes its own key on import).

    The documents and their extraction are cached (``persist``) so that each runs once;
    :func:`run_extract` writes them to Parquet instead, which also keeps plans short.

    Returns:
        DataFrames keyed by the names in :data:`TABLES`.
    """
    docs, failed = _documents(documents)
    docs = docs.persist()
    return _tables(docs, failed, _extract_documents(docs).persist())


def _extract_documents(docs: DataFrame) -> DataFrame:
    return extract_quotations(docs.select("document_key", "text"), text_col="text", id_col="document_key")


def _tables(docs: DataFrame, failed: DataFrame, raw: DataFrame) -> dict[str, DataFrame]:
    failed = failed.unionByName(
        raw.where(F.col("error").isNotNull()).select(
            F.col("document_key").alias("input"), F.col("error").alias("message")
        )
    )
    occ = raw.where(F.col("error").isNull() & (F.col("normalized") != "")).drop("error")
    occ = _first(occ, ["document_key", "start", "end"], [F.col("index")])

    mapping, aliases = _speaker_names(occ)
    named = occ.where(F.col("speaker_named") & F.col("speaker").isNotNull())
    resolved = (
        named.join(mapping, named.speaker == mapping.spelling)
        .drop("spelling")
        .withColumnRenamed("speaker", "extracted_speaker")
        .withColumnRenamed("name", "speaker")
        .unionByName(
            occ.where(~(F.col("speaker_named") & F.col("speaker").isNotNull())).withColumn(
                "extracted_speaker", F.col("speaker")
            )
        )
    )
    key = F.sha2(F.concat_ws("|", "kind", F.coalesce("speaker", F.lit("")), "normalized"), 256)
    resolved = resolved.withColumn("quotation_key", key)
    resolved = resolved.join(docs.select("document_key", "source_key"), "document_key")

    quotations = (
        resolved.groupBy("quotation_key")
        .agg(
            F.min_by("text", F.struct("document_key", "start")).alias("text"),
            F.first("normalized").alias("normalized"),
            F.first("speaker").alias("speaker"),
            F.first("kind").alias("kind"),
            F.first("signature").alias("signature"),
            F.count("*").alias("occurrences"),
        )
        .withColumnRenamed("quotation_key", "key")
    )

    speakers = mapping.select(F.col("name"), F.lit(True).alias("named")).unionByName(
        occ.where(~F.col("speaker_named") & F.col("speaker").isNotNull()).select(
            F.col("speaker").alias("name"), F.lit(False).alias("named")
        )
    )
    speakers = _first(speakers, ["name"], [F.col("named").desc()])

    occurrences = resolved.select(
        "quotation_key",
        "document_key",
        "source_key",
        "index",
        "text",
        "start",
        "end",
        "paragraph",
        "context",
        "context_start",
        "speaker",
        "extracted_speaker",
        "speaker_named",
        "speaker_mention",
        "speaker_mention_start",
        "cue",
        "kind",
        "confidence",
        "parent",
        "closed",
        "handle",
        "posted",
        "normalized",
    )
    sources = _first(docs, ["source_key"], [F.col("document_key")]).select(
        F.col("source_key").alias("key"), F.col("source_type").alias("type"), "title", "issued", "url", "csl"
    )
    documents = docs.select(F.col("document_key").alias("key"), "source_key", "path", "content_hash", "text")
    return {
        "sources": sources,
        "documents": documents,
        "speakers": speakers,
        "speaker_aliases": aliases,
        "occurrences": occurrences,
        "variants": _variants(quotations),
        "failures": failed,
        "quotations": quotations.drop("signature"),
    }


def run_extract(
    spark: SparkSession,
    input_path: str,
    output: str,
    *,
    fmt: str = "auto",
    text_col: str = "text",
    id_col: str = "id",
    encoding: str = "utf-8",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> dict[str, int]:
    """Read a corpus, build the store's tables and write each as Parquet under ``output``.

    ``output`` is replaced. Returns the number of rows written per table (``-1`` for
    output that is not on a local file system).
    """
    base = output.rstrip("/")
    work = f"{base}/_work"
    docs = read_articles(
        spark, input_path, fmt=fmt, text_col=text_col, id_col=id_col, encoding=encoding, max_bytes=max_bytes
    )
    # the two Python stages run once each, into Parquet that the later stages read
    docs.write.mode("overwrite").parquet(f"{work}/documents")
    good, failed = _documents(spark.read.parquet(f"{work}/documents"))
    _extract_documents(good).write.mode("overwrite").parquet(f"{work}/extracted")
    tables = _tables(good, failed, spark.read.parquet(f"{work}/extracted"))
    for name in TABLES:
        tables[name].write.mode("overwrite").parquet(f"{base}/{name}")
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    work_path = jvm.org.apache.hadoop.fs.Path(work)
    work_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(work_path, True)
    return _count_rows(base)


def _count_rows(base: str) -> dict[str, int]:
    """Rows per table, from the Parquet footers (local output; ``-1`` elsewhere)."""
    import pyarrow.dataset as ds

    local = Path(base.removeprefix("file:"))
    return {
        name: ds.dataset(local / name, format="parquet").count_rows() if local.is_dir() else -1
        for name in TABLES
    }
