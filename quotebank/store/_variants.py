"""Linking the wordings of one remark (variants) through the text index.

Two quotations of one speaker are variants when :func:`variant_score` reaches
:data:`VARIANT_THRESHOLD`: at least 60 % of their content-word stems shared. Then
the other wording holds at least one of any ``floor(0.4 n) + 1`` of the ``n`` stems
of a new one (prefix filtering), so candidates come from the full-text index, asked
for that many of its stems (the longest, which are the rarer), never from a scan of
everything the speaker said.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from quotebank.store._matching import (
    VARIANT_THRESHOLD,
    content_words,
    signature,
    signature_score,
    stem,
    variant_score,
)
from quotebank.store._schema import Variant

__all__ = ["link_speakers", "link_variants", "variant_wordings"]

#: Share of content words two variants hold in common (the Jaccard floor of
#: :data:`VARIANT_THRESHOLD`).
_SHARED = VARIANT_THRESHOLD / 100.0
#: Most candidates looked at for one new quotation.
_CANDIDATES = 200

_SQLITE = (
    "SELECT q.id, q.normalized FROM "
    "(SELECT rowid FROM quotations_fts_words WHERE quotations_fts_words MATCH ?) f "
    # CROSS JOIN: index first, then each row by its key (not the speaker's every row,
    # each tested against the index)
    "CROSS JOIN quotations q ON q.id = f.rowid "
    "WHERE q.speaker_id = ? AND q.id != ? AND q.kind = 'quotation' LIMIT ?"
)
_PG = text(
    "SELECT id, normalized FROM quotations "
    "WHERE to_tsvector('simple', normalized) @@ to_tsquery('simple', :query) "
    "AND speaker_id = :speaker AND id != :id AND kind = 'quotation' LIMIT :limit"
)


def _prefix(normalized: str) -> list[str]:
    """The words to ask the index for: every spelling of enough signature stems that
    a variant must hold one of them."""
    spellings: dict[str, set[str]] = {}
    for w in content_words(normalized):
        if w.isalnum():
            spellings.setdefault(stem(w), set()).update((w, stem(w)))
    n = len(spellings)
    if n < 2:
        return []
    keep = math.floor(n * (1.0 - _SHARED) + 1e-9) + 1
    longest = sorted(spellings, key=lambda k: (-max(map(len, spellings[k])), k))[:keep]
    return sorted({w for k in longest for w in spellings[k]})


#: A speaker with at most this many quotations has them all compared, without the index.
_FEW = 200
_BY_SPEAKER = text(
    "SELECT id, normalized FROM quotations WHERE speaker_id = :speaker AND id != :id "
    "AND kind = 'quotation' LIMIT :limit"
)


def _candidates(
    session: Session, qid: int, speaker_id: int, words: Sequence[str], cursor: Any
) -> list[tuple[int, str]]:
    few = session.execute(_BY_SPEAKER, {"speaker": speaker_id, "id": qid, "limit": _FEW + 1}).all()
    if len(few) <= _FEW:  # cheaper than the index for a speaker who said little
        return [(int(a), str(b)) for a, b in few]
    if cursor is not None:
        query = " OR ".join(f'"{w}"' for w in words)
        cursor.execute(_SQLITE, (query, speaker_id, qid, _CANDIDATES))
        return [(int(a), str(b)) for a, b in cursor.fetchall()]
    rows = session.execute(
        _PG,
        {
            "query": " | ".join(f"'{w}'" for w in words),
            "speaker": speaker_id,
            "id": qid,
            "limit": _CANDIDATES,
        },
    )
    return [(int(a), str(b)) for a, b in rows.all()]


def link_variants(session: Session, new: Iterable[tuple[int, int | None, str]]) -> int:
    """Link each new ``(id, speaker_id, normalized)`` quotation with the stored wordings
    of the same speaker it is a variant of. Returns how many links were made."""
    items = [(q, s, n) for q, s, n in new if s is not None]
    if not items:
        return 0
    # a speaker with no other quotation has no variant to link
    speakers = {s for _, s, _ in items}
    counts: dict[int, int] = {}
    listed = sorted(speakers)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        for sid, n in session.execute(
            text(
                "SELECT speaker_id, count(*) FROM quotations WHERE speaker_id IN "
                f"({','.join(str(int(s)) for s in chunk)}) AND kind = 'quotation' "
                "GROUP BY speaker_id"
            )
        ).all():
            counts[int(sid)] = int(n)
    cursor = None
    if session.get_bind().dialect.name == "sqlite":
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    pairs: dict[tuple[int, int], float] = {}
    for qid, speaker_id, normalized in items:
        assert speaker_id is not None
        if counts.get(speaker_id, 0) < 2:
            continue
        words = _prefix(normalized)
        if not words:
            continue
        for other, other_norm in _candidates(session, qid, speaker_id, words, cursor):
            s = variant_score(normalized, other_norm)
            if s >= VARIANT_THRESHOLD:
                a, b = sorted((qid, other))
                pairs[(a, b)] = s
    return _insert_links(session, pairs)


def variant_wordings(
    session: Session, qid: int, speaker_id: int | None, normalized: str
) -> list[tuple[int, float]]:
    """The stored wordings of the same speaker that are variants of this one, with
    their :func:`variant_score`, found through the index (linked or not)."""
    words = _prefix(normalized) if speaker_id is not None else []
    if not words or speaker_id is None:
        return []
    cursor = None
    if session.get_bind().dialect.name == "sqlite":
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    found = []
    for other, other_norm in _candidates(session, qid, speaker_id, words, cursor):
        s = variant_score(normalized, other_norm)
        if s >= VARIANT_THRESHOLD:
            found.append((other, s))
    return found


#: Speakers whose quotations are read at once by :func:`link_speakers`.
_SPEAKER_CHUNK = 500


def link_speakers(session: Session, speaker_ids: Iterable[int]) -> int:
    """Link the variants among all quotations of these speakers, in one pass: for a
    bulk import, after its rows are in (one read per few hundred speakers instead of
    index queries for every new quotation). Returns how many links were made.

    Pairs are found by prefix filtering in memory: each wording is indexed under the
    ``floor(0.4 n) + 1`` rarest (within the speaker) of its ``n`` signature stems,
    which a variant must share one of; only those pairs are scored.
    """
    listed = sorted(set(speaker_ids))
    made = 0
    for start in range(0, len(listed), _SPEAKER_CHUNK):
        chunk = listed[start : start + _SPEAKER_CHUNK]
        by_speaker: dict[int, list[tuple[int, str]]] = defaultdict(list)
        # the kind is tested here, not in SQL: with it there, SQLite may pick the
        # index on kind (every row is a quotation) over the one on speaker_id
        for qid, sid, norm, kind in session.execute(
            text(
                "SELECT id, speaker_id, normalized, kind FROM quotations WHERE speaker_id IN "
                f"({','.join(str(int(s)) for s in chunk)})"
            )
        ).all():
            if kind == "quotation":
                by_speaker[int(sid)].append((int(qid), str(norm)))
        pairs: dict[tuple[int, int], float] = {}
        for rows in by_speaker.values():
            if len(rows) >= 2:
                pairs.update(_similar_pairs(rows))
        made += _insert_links(session, pairs)
    return made


def _similar_pairs(rows: list[tuple[int, str]]) -> dict[tuple[int, int], float]:
    """``(id, id) -> variant_score`` for the pairs of one speaker's wordings that are
    variants (a prefix-filtered similarity join)."""
    sigs = [(qid, sig) for qid, norm in rows if len(sig := signature(norm)) >= 2]
    freq: dict[str, int] = defaultdict(int)
    for _, sig in sigs:
        for w in sig:
            freq[w] += 1
    index: dict[str, list[int]] = defaultdict(list)
    found: dict[tuple[int, int], float] = {}
    for k, (qid, sig) in enumerate(sigs):
        ordered = sorted(sig, key=lambda w: (freq[w], w))
        keep = math.floor(len(ordered) * (1.0 - _SHARED) + 1e-9) + 1
        seen: set[int] = set()
        for w in ordered[:keep]:
            for other in index[w]:
                if other in seen:
                    continue
                seen.add(other)
                oid, osig = sigs[other]
                value = signature_score(sig, osig)
                if value >= VARIANT_THRESHOLD:
                    a, b = sorted((qid, oid))
                    found[(a, b)] = value
            index[w].append(k)
    return found


def _insert_links(session: Session, pairs: dict[tuple[int, int], float]) -> int:
    """Store the links not stored yet; returns how many were new."""
    if not pairs:
        return 0
    firsts = sorted({a for a, _ in pairs})
    existing: set[tuple[int, int]] = set()
    for start in range(0, len(firsts), 500):
        existing.update(
            (int(a), int(b))
            for a, b in session.execute(
                select(Variant.quotation_id, Variant.variant_id).where(
                    Variant.quotation_id.in_(firsts[start : start + 500])
                )
            ).all()
        )
    fresh = [
        {"quotation_id": a, "variant_id": b, "score": s}
        for (a, b), s in sorted(pairs.items())
        if (a, b) not in existing
    ]
    if fresh:
        session.execute(insert(Variant), fresh)
    return len(fresh)
