"""What the store's own words say about a phrase: how rare each word is, and which
stored word a misspelt one was meant to be.

Document frequencies come from the backend's text index (SQLite FTS5, PostgreSQL
``tsvector``), counted up to :data:`DF_CAP` (a word in more quotations than that
is common, whatever the exact figure), and cached per store until it grows. Typo
correction compares an unknown word with the index's own vocabulary (SQLite:
``fts5vocab`` over the porter stems), never with a word list.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

__all__ = ["DF_CAP", "StoreWords", "correct", "document_frequencies", "store_words"]

#: Document frequencies are counted up to this many quotations.
DF_CAP = 2000
_CACHE_WORDS = 50_000
#: Smallest store size used to weigh words (see :attr:`StoreWords.population`).
MIN_POPULATION = 1000

_SQLITE_DF = text(
    "SELECT count(*) FROM (SELECT rowid FROM quotations_fts WHERE quotations_fts MATCH :w "
    "LIMIT :cap)"
)
_PG_DF = text(
    "SELECT count(*) FROM (SELECT 1 FROM quotations WHERE to_tsvector('simple', normalized) "
    "@@ to_tsquery('simple', :w) LIMIT :cap) f"
)
_SQLITE_VOCAB = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.quotebank_vocab "
    "USING fts5vocab(main, quotations_fts, row)"
)


@dataclass
class StoreWords:
    """Per-store cache: size, document frequencies and (lazily) the vocabulary."""

    size: int = 0
    df: OrderedDict[str, int] = field(default_factory=OrderedDict)
    vocab: dict[int, list[str]] | None = None
    vocab_df: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def population(self) -> int:
        """The store's size for weighing words, at least :data:`MIN_POPULATION`: in a
        small store every word is in a large share of the quotations, which says
        nothing about how rare it is."""
        return max(self.size, MIN_POPULATION)

    def idf(self, df: int) -> float:
        """Inverse document frequency (nats) of a word in ``df`` quotations."""
        n = self.population
        return math.log((n + 1) / (min(df, n) + 0.5))


_STORES: dict[int, tuple[Engine, StoreWords]] = {}


def store_words(session: Session) -> StoreWords:
    """The cache for this session's store, refreshed when the store has grown."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    size = int(session.execute(text("SELECT coalesce(max(id), 0) FROM quotations")).scalar_one())
    held = _STORES.get(id(engine))
    if held is None or held[0] is not engine:
        held = (engine, StoreWords())
        _STORES[id(engine)] = held
    words = held[1]
    if words.size != size:
        with words.lock:
            words.size, words.vocab = size, None
            words.df.clear()
            words.vocab_df.clear()
    return words


def _quoted(word: str) -> str:
    return f'"{word}"'


def document_frequencies(session: Session, words: list[str]) -> dict[str, int]:
    """How many stored quotations hold each word (up to :data:`DF_CAP`)."""
    cache = store_words(session)
    dialect = session.get_bind().dialect.name
    result: dict[str, int] = {}
    for word in dict.fromkeys(words):
        found = cache.df.get(word)
        if found is None:
            if dialect == "sqlite":
                found = int(session.execute(_SQLITE_DF, {"w": _quoted(word), "cap": DF_CAP}).scalar_one())
            else:
                found = int(session.execute(_PG_DF, {"w": f"'{word}'", "cap": DF_CAP}).scalar_one())
            with cache.lock:
                cache.df[word] = found
                if len(cache.df) > _CACHE_WORDS:
                    cache.df.popitem(last=False)
        result[word] = found
    return result


def _vocabulary(session: Session) -> tuple[dict[int, list[str]], dict[str, int]]:
    cache = store_words(session)
    if cache.vocab is None:
        by_length: dict[int, list[str]] = defaultdict(list)
        counts: dict[str, int] = {}
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text(_SQLITE_VOCAB))
            rows = session.execute(text("SELECT term, doc FROM temp.quotebank_vocab")).all()
        else:
            rows = session.execute(text(
                "SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', normalized) "
                "FROM quotations')")).all()
        for term, doc in rows:
            term = str(term)
            if term.isalpha():
                by_length[len(term)].append(term)
                counts[term] = int(doc)
        with cache.lock:
            cache.vocab, cache.vocab_df = dict(by_length), counts
    assert cache.vocab is not None
    return cache.vocab, cache.vocab_df


def correct(session: Session, word: str) -> str | None:
    """The stored word (an index term) a misspelt ``word`` most likely stands for.

    A term qualifies when it is within one edit (a transposition counts as one) of the
    word's beginning of the same length (index terms are stems: ``forc`` stands for
    ``forceful``) and at least four letters long; the closest, then the longest, then
    the most frequent wins. Words under five letters are not corrected (too many
    neighbours). None when nothing is that close.
    """
    if len(word) < 5 or not word.isalpha():
        return None
    vocab, counts = _vocabulary(session)
    best: tuple[int, int, int, str] | None = None
    for length in range(max(4, len(word) - 5), len(word) + 2):
        bucket = vocab.get(length)
        if not bucket:
            continue
        head = word[:length]
        for term, distance, _ in process.extract(head, bucket, scorer=OSA.distance,
                                                 score_cutoff=1, limit=None):
            if term == word:
                continue
            # the whole word counts more than a beginning; then the longer, the commoner
            key = (int(distance), -length, -counts.get(term, 0), term)
            if best is None or key < best:
                best = key
    return best[3] if best else None
