"""What the store's own words say about a phrase: how rare each word is, and which
stored word a misspelt one was meant to be.

Document frequencies come from the backend's text index (SQLite: ``fts5vocab`` over
the whole-word FTS5 index of revision 0004w; PostgreSQL: the ``simple`` tsvector
index, counted up to :data:`DF_CAP`), cached per store until it grows. Typo
correction compares an unknown word with the store's own words (SQLite), never with
a word list.
"""

from __future__ import annotations

import math
import threading
import unicodedata
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

_SQLITE_DF = text("SELECT doc FROM temp.quotebank_words WHERE term = :w")
_PG_DF = text(
    "SELECT count(*) FROM (SELECT 1 FROM quotations WHERE to_tsvector('simple', normalized) "
    "@@ to_tsquery('simple', :w) LIMIT :cap) f"
)
_SQLITE_VOCAB = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.quotebank_words USING fts5vocab(main, quotations_fts_words, row)"
)


def _fold(word: str) -> str:
    """A word as the whole-word index holds it (diacritics removed)."""
    if word.isascii():
        return word
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


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


def document_frequencies(session: Session, words: list[str]) -> dict[str, int]:
    """How many stored quotations hold each word (on PostgreSQL up to :data:`DF_CAP`)."""
    cache = store_words(session)
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        session.execute(text(_SQLITE_VOCAB))
    result: dict[str, int] = {}
    for word in dict.fromkeys(words):
        found = cache.df.get(word)
        if found is None:
            if sqlite:
                found = int(session.execute(_SQLITE_DF, {"w": _fold(word)}).scalar() or 0)
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
            rows = session.execute(text("SELECT term, doc FROM temp.quotebank_words")).all()
        else:
            rows = []  # no word list on PostgreSQL: trigram similarity serves misspellings
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
    """The stored word a misspelt ``word`` most likely stands for, or None.

    Stored words within one edit (an insertion, a deletion, a substitution or two
    neighbours swapped) of a word of five letters or more, two edits from nine letters;
    the closest wins, then the one in most quotations. Shorter words are not corrected
    (too many neighbours).
    """
    if len(word) < 5 or not word.isalpha():
        return None
    limit = 2 if len(word) >= 9 else 1
    if session.get_bind().dialect.name != "sqlite":
        return _correct_by_trigrams(session, word, limit)
    vocab, counts = _vocabulary(session)
    best: tuple[int, int, str] | None = None
    for length in range(len(word) - limit, len(word) + limit + 1):
        bucket = vocab.get(length)
        if not bucket:
            continue
        for term, distance, _ in process.extract(
            word, bucket, scorer=OSA.distance, score_cutoff=limit, limit=None
        ):
            key = (int(distance), -counts.get(term, 0), term)
            if term != word and (best is None or key < best):
                best = key
    return best[2] if best else None


_PG_NEAR = text(
    "SELECT normalized FROM quotations WHERE :w <% normalized "
    "ORDER BY word_similarity(:w, normalized) DESC LIMIT 20"
)


def _correct_by_trigrams(session: Session, word: str, limit: int) -> str | None:
    """PostgreSQL: the stored words near ``word``, from the quotations the trigram
    index finds for it; the closest, then the most often seen, wins."""
    session.execute(text("SELECT set_config('pg_trgm.word_similarity_threshold', '0.5', true)"))
    seen: dict[str, int] = defaultdict(int)
    for (normalized,) in session.execute(_PG_NEAR, {"w": word}).all():
        for other in set(str(normalized).split()):
            if other != word and abs(len(other) - len(word)) <= limit:
                seen[other] += 1
    best: tuple[int, int, str] | None = None
    for other, n in seen.items():
        distance = OSA.distance(word, other, score_cutoff=limit)
        if distance <= limit and (best is None or (distance, -n, other) < best):
            best = (distance, -n, other)
    return best[2] if best else None
