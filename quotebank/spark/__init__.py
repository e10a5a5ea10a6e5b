"""quotebank on Apache Spark: extract a news corpus on the executors, write Parquet.

Install with ``pip install 'quotebank[spark]'``. Importing :mod:`quotebank` never
imports PySpark; only this package does.

* :func:`extract_quotations` runs :func:`quotebank.extract` over a DataFrame of
  documents, Arrow batch by Arrow batch (``mapInArrow``), one row per quotation.
* :func:`read_articles` reads JSON Lines, Parquet or a folder of text files (with the
  CSL-JSON ``.json`` beside each) into one DataFrame of articles.
* :func:`build_tables` turns articles into the store's tables: sources, documents,
  speakers, speaker_aliases, quotations, occurrences, variants (and failures).
  Speaker merging and variant linking, which need the whole corpus, are Spark
  stages (group by folded name; a join on candidate keys), never the driver's work.
* :func:`run_extract` does all of it and writes one Parquet folder per table, which
  ``quotebank import`` loads into SQLite or PostgreSQL (``docs/scale.md``).
"""

from quotebank.spark._job import (
    FORMATS,
    TABLES,
    build_tables,
    extract_quotations,
    read_articles,
    run_extract,
    session,
)

__all__ = [
    "FORMATS",
    "TABLES",
    "build_tables",
    "extract_quotations",
    "read_articles",
    "run_extract",
    "session",
]
