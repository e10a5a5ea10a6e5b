"""Linking the wordings of one remark (variants) through the text index.

Two quotations of one speaker are variants when :func:`variant_score` reaches
:data:`VARIANT_THRESHOLD` (at least 60 % of their content words shared). Such a
pair must share at least one of the ``n - ceil(0.6 n) + 1`` rarest content words of
either side (prefix filtering), so candidates come from the full-text index, asked
for those few rare words, never from a scan of everything the speaker said.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from quotebank.store._vocabulary import document_frequencies
from quotebank.store.matching import VARIANT_THRESHOLD, content_words, stem, variant_score
from quotebank.store.schema import Variant

__all__ = ["link_variants"]

#: Share of content words two variants hold in common (the Jaccard floor of
#: :data:`VARIANT_THRESHOLD`).
_SHARED = VARIANT_THRESHOLD / 100.0
#: Most candidates looked at for one new quotation.
_CANDIDATES = 200

_SQLITE = text(
    "SELECT q.id, q.normalized FROM "
    "(SELECT rowid FROM quotations_fts WHERE quotations_fts MATCH :query) f "
    "JOIN quotations q ON q.id = f.rowid "
    "WHERE q.speaker_id = :speaker AND q.id != :id AND q.kind = 'quotation' LIMIT :limit"
)
_PG = text(
    "SELECT id, normalized FROM quotations "
    "WHERE to_tsvector('simple', normalized) @@ to_tsquery('simple', :query) "
    "AND speaker_id = :speaker AND id != :id AND kind = 'quotation' LIMIT :limit"
)


def _prefix(session: Session, normalized: str) -> list[str]:
    """The words to ask the index for: every spelling of the rarest signature stems."""
    spellings: dict[str, set[str]] = {}
    for w in content_words(normalized):
        if w.isalnum():
            spellings.setdefault(stem(w), set()).update((w, stem(w)))
    if len(spellings) < 2:
        return []
    df = document_frequencies(session, list(spellings))
    keep = len(spellings) - math.ceil(_SHARED * len(spellings)) + 1
    rarest = sorted(spellings, key=lambda k: (df[k], k))[:keep]
    return sorted({w for k in rarest for w in spellings[k]})


def link_variants(session: Session, new: Iterable[tuple[int, int | None, str]]) -> int:
    """Link each new ``(id, speaker_id, normalized)`` quotation with the stored wordings
    of the same speaker it is a variant of. Returns how many links were made."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    pairs: dict[tuple[int, int], float] = {}
    for qid, speaker_id, normalized in new:
        if speaker_id is None:
            continue
        words = _prefix(session, normalized)
        if not words:
            continue
        if sqlite:
            query = " OR ".join(f'"{w}"' for w in words)
            rows = session.execute(_SQLITE, {"query": query, "speaker": speaker_id, "id": qid,
                                             "limit": _CANDIDATES}).all()
        else:
            query = " | ".join(f"'{w}'" for w in words)
            rows = session.execute(_PG, {"query": query, "speaker": speaker_id, "id": qid,
                                         "limit": _CANDIDATES}).all()
        for other, other_norm in rows:
            s = variant_score(normalized, str(other_norm))
            if s >= VARIANT_THRESHOLD:
                a, b = sorted((qid, int(other)))
                pairs[(a, b)] = s
    if not pairs:
        return 0
    existing = {
        (v.quotation_id, v.variant_id)
        for v in session.query(Variant).filter(
            Variant.quotation_id.in_({a for a, _ in pairs}))
    }
    fresh = [Variant(quotation_id=a, variant_id=b, score=s)
             for (a, b), s in pairs.items() if (a, b) not in existing]
    session.add_all(fresh)
    session.flush()
    return len(fresh)
