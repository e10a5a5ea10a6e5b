"""Answering "who said this?" and listing what the store holds.

Candidates come from the backend's own text index — SQLite FTS5 (porter stemming)
or PostgreSQL ``pg_trgm`` — never from a scan of the table in Python; they are then
re-ranked with :func:`quotebank.store.matching.score` and cut at a calibrated
threshold, so a phrase that is not in the store gets no answer rather than junk.
A user's phrase is data: it is normalised to plain words before it reaches SQL, and
always passed as a bound parameter.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import combinations

from sqlalchemy import TextClause, func, or_, select, text
from sqlalchemy.orm import Session

from quotebank.errors import InputError, NotFoundError
from quotebank.models import (
    Match,
    MatchKind,
    Occurrence,
    QuotationRecord,
    QuoteKind,
    SourceRecord,
    SpeakerRecord,
)
from quotebank.normalize import normalize_quote
from quotebank.store import schema
from quotebank.store.matching import THRESHOLD, content_words, score
from quotebank.store.speakers import fold_name

__all__ = [
    "CANDIDATES",
    "candidate_batches",
    "get_quotation",
    "list_sources",
    "list_speakers",
    "quotes_by",
    "who_said",
]

#: How many candidates the text index hands to the re-ranker.
CANDIDATES = 50
#: Longest phrase accepted by who-said, in characters.
MAX_PHRASE = 2000


#: Words of a phrase sent to the text index: long words are the rare ones, and a
#: few rare words select as well as many while costing far less to intersect.
INDEX_WORDS = 5


def _and(words: Sequence[str]) -> str:
    return " AND ".join(words)


def _fts_pool(normalized: str) -> tuple[list[str], list[str]]:
    """The quoted words to query with: the five longest content words (the longest
    words of any kind when there are fewer than four content words), and all
    distinct words (at most twelve). Every word becomes a quoted FTS5 string: no
    operator survives normalisation, and quoting makes even "or"/"near" plain terms."""
    every = list(dict.fromkeys(normalized.split()))
    content = sorted(dict.fromkeys(content_words(normalized)), key=len, reverse=True)
    words = content if len(content) >= 4 else sorted(every, key=len, reverse=True)
    return [f'"{w}"' for w in words[:INDEX_WORDS]], [f'"{w}"' for w in every[:12]]


def _fts_queries(normalized: str) -> list[str]:
    """FTS5 queries from strict to loose: all pool words; any all-but-one (one word
    misremembered or misspelled); any three of five (two words wrong); for phrases of
    two or three words, any one of them (:func:`candidate_batches` ranks that one)."""
    pool, _ = _fts_pool(normalized)
    queries = [_and(pool)]
    if len(pool) > 2:
        queries.append(" OR ".join(f"({_and(c)})" for c in combinations(pool, len(pool) - 1)))
    if len(pool) >= 5:
        queries.append(" OR ".join(f"({_and(c)})" for c in combinations(pool, 3)))
    if 1 < len(pool) <= 3:
        queries.append(" OR ".join(pool))
    return queries


_RANKED = text(
    "SELECT q.id, q.normalized FROM "
    "(SELECT rowid, rank FROM quotations_fts WHERE quotations_fts MATCH :query "
    " ORDER BY rank LIMIT :limit) f "
    "JOIN quotations q ON q.id = f.rowid WHERE q.kind != 'term' ORDER BY f.rank"
)
_UNRANKED = text(
    "SELECT q.id, q.normalized FROM "
    "(SELECT rowid FROM quotations_fts WHERE quotations_fts MATCH :query LIMIT :limit) f "
    "JOIN quotations q ON q.id = f.rowid WHERE q.kind != 'term'"
)


_PG_FULLTEXT = text(
    "SELECT id, normalized FROM quotations "
    "WHERE to_tsvector('simple', normalized) @@ to_tsquery('simple', :query) "
    "AND kind <> 'term' LIMIT :limit"
)
_PG_TRIGRAM = text(
    "SELECT id, normalized FROM quotations "
    "WHERE :phrase <% normalized AND kind <> 'term' "
    "ORDER BY word_similarity(:phrase, normalized) DESC LIMIT :limit"
)


def _tsquery(fts5: str) -> str:
    """The same boolean query in tsquery syntax: each word a quoted lexeme."""
    return (
        fts5.replace(" AND ", " & ").replace(" OR ", " | ").replace('"', "'")
    )


def candidate_batches(
    session: Session, normalized: str, limit: int = CANDIDATES
) -> Iterator[list[tuple[int, str]]]:
    """Batches of ``(id, normalized)`` of stored non-term quotations, strictest first.

    The caller stops as soon as a batch holds an answer; a batch that does not is
    followed by a looser query.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":

        def run(statement: TextClause, query: str) -> list[tuple[int, str]]:
            rows = session.execute(statement, {"query": query, "limit": limit}).all()
            return [(int(r[0]), str(r[1])) for r in rows]

        queries = _fts_queries(normalized)
        rows = run(_UNRANKED, queries[0])
        if len(rows) >= limit:
            # more rows hold these words than we take: narrow with every word, then rank
            _, every = _fts_pool(normalized)
            narrower = run(_UNRANKED, _and(every)) if len(every) > INDEX_WORDS else rows
            rows = narrower if narrower else rows
            if len(rows) >= limit:
                rows = run(_RANKED, _and(every) if narrower else queries[0])
        if rows:
            yield rows
        for query in queries[1:]:
            rows = run(_UNRANKED if " AND " in query else _RANKED, query)
            if rows:
                yield rows
    elif dialect == "postgresql":
        for query in _fts_queries(normalized)[:2]:
            found = session.execute(_PG_FULLTEXT, {"query": _tsquery(query), "limit": limit}).all()
            if found:
                yield [(int(r[0]), str(r[1])) for r in found]
        session.execute(text("SELECT set_config('pg_trgm.word_similarity_threshold', '0.45', true)"))
        found = session.execute(_PG_TRIGRAM, {"phrase": normalized, "limit": limit}).all()
        yield [(int(r[0]), str(r[1])) for r in found]
    else:  # pragma: no cover - other backends are not supported
        raise InputError(f"who-said is not supported on {dialect}")


def _occurrences(session: Session, ids: Sequence[int]) -> dict[int, list[Occurrence]]:
    result: dict[int, list[Occurrence]] = defaultdict(list)
    if not ids:
        return result
    rows = session.execute(
        select(schema.Occurrence, schema.Source)
        .join(schema.Source, schema.Source.id == schema.Occurrence.source_id)
        .where(schema.Occurrence.quotation_id.in_(ids))
        .order_by(schema.Source.issued.is_(None), schema.Source.issued, schema.Occurrence.id)
    ).all()
    for occ, src in rows:
        result[occ.quotation_id].append(
            Occurrence(
                document_id=occ.document_id if occ.document_id is not None else 0,
                source_id=src.id, source_title=src.title, source_date=src.issued,
                source_url=src.url, paragraph=occ.paragraph, start=occ.start, end=occ.end,
                text=occ.text, context=occ.context, speaker_mention=occ.speaker_mention,
                cue=occ.cue, kind=QuoteKind(occ.kind),
            )
        )
    return result


def _variants_of(session: Session, ids: Sequence[int]) -> dict[int, list[tuple[int, float]]]:
    result: dict[int, list[tuple[int, float]]] = defaultdict(list)
    if not ids:
        return result
    rows = session.execute(
        select(schema.Variant).where(
            or_(schema.Variant.quotation_id.in_(ids), schema.Variant.variant_id.in_(ids))
        )
    ).scalars()
    for v in rows:
        result[v.quotation_id].append((v.variant_id, v.score))
        result[v.variant_id].append((v.quotation_id, v.score))
    return result


def _enclosing(rows: dict[int, schema.Quotation],
               scored: dict[int, tuple[float, MatchKind]]) -> set[int]:
    """Matches that only match through a quotation they contain (Rafsanjani's answer
    quoting the Imam): the inner quotation is the answer, the outer is dropped."""
    found: set[int] = set()
    for outer_id, outer in rows.items():
        for inner_id, inner in rows.items():
            if (
                inner_id != outer_id and len(inner.normalized) < len(outer.normalized)
                and inner.normalized in outer.normalized
                and scored[inner_id][0] >= scored[outer_id][0] - 5.0
                and scored[inner_id][1] is not MatchKind.VARIANT
            ):
                found.add(outer_id)
                break
    return found


def who_said(session: Session, phrase: str, *, limit: int = 10) -> list[Match]:
    """Ranked answers to "who said ``phrase``?"; empty when nothing scores high enough.

    Raises:
        InputError: when the phrase is empty, has no words, or is over 2,000 characters.
    """
    if len(phrase) > MAX_PHRASE:
        raise InputError(f"the phrase is {len(phrase):,} characters; at most {MAX_PHRASE:,}")
    normalized = normalize_quote(phrase)
    if not normalized:
        raise InputError("the phrase has no words to search for")
    if limit < 1:
        raise InputError("limit must be at least 1")
    verbatim = " ".join(phrase.split())
    scored: dict[int, tuple[float, MatchKind]] = {}
    for batch in candidate_batches(session, normalized):
        for qid, cand in batch:
            s = score(normalized, cand)
            if s.score >= THRESHOLD:
                scored[qid] = (s.score, s.kind)
        if scored:
            break
    # wordings linked as variants of a match are answers too
    for qid, links in _variants_of(session, list(scored)).items():
        if qid not in scored:
            continue
        for other, vscore in links:
            if other not in scored:
                value = min(scored[qid][0] - 1.0, scored[qid][0] * vscore / 100.0)
                scored[other] = (round(value, 1), MatchKind.VARIANT)
    if not scored:
        return []
    rows = {
        q.id: q
        for q in session.scalars(select(schema.Quotation).where(schema.Quotation.id.in_(scored)))
    }
    speaker_ids = {r.speaker_id for r in rows.values() if r.speaker_id is not None}
    names = dict(session.execute(
        select(schema.Speaker.id, schema.Speaker.name).where(schema.Speaker.id.in_(speaker_ids))
    ).all()) if speaker_ids else {}
    occurrences = _occurrences(session, list(rows))
    matches = []
    enclosing = _enclosing(rows, scored)
    for qid, (value, kind) in scored.items():
        row = rows.get(qid)
        if row is None or row.kind == QuoteKind.TERM.value or qid in enclosing:
            continue
        if kind is MatchKind.NORMALIZED and " ".join(row.text.split()) == verbatim:
            kind = MatchKind.EXACT
        matches.append(Match(
            quotation_id=qid, speaker=names.get(row.speaker_id) if row.speaker_id else None,
            text=row.text, score=round(value, 1), match=kind, occurrences=occurrences[qid],
        ))
    # equal scores: a named speaker, then the most specific (shortest) wording, then the
    # most widely quoted
    matches.sort(key=lambda m: (-m.score, m.speaker is None, len(m.text), -len(m.occurrences),
                                m.quotation_id))
    return matches[:limit]


def _record(session: Session, row: schema.Quotation, occurrences: list[Occurrence],
            variants: list[int]) -> QuotationRecord:
    speaker = session.get(schema.Speaker, row.speaker_id) if row.speaker_id else None
    return QuotationRecord(
        id=row.id, text=row.text, normalized=row.normalized,
        speaker=speaker.name if speaker else None, speaker_id=row.speaker_id,
        kind=QuoteKind(row.kind), occurrences=occurrences, variants=variants,
    )


def get_quotation(session: Session, quotation_id: int) -> QuotationRecord:
    """One quotation with all its occurrences and the ids of its variants.

    Raises:
        NotFoundError: when there is no quotation with that id.
    """
    row = session.get(schema.Quotation, quotation_id)
    if row is None:
        raise NotFoundError(f"no quotation with id {quotation_id}")
    variants = sorted(v for v, _ in _variants_of(session, [row.id]).get(row.id, []))
    return _record(session, row, _occurrences(session, [row.id])[row.id], variants)


def _find_speakers(session: Session, name: str) -> list[int]:
    folded = fold_name(name)
    ids = list(session.scalars(
        select(schema.SpeakerAlias.speaker_id).where(schema.SpeakerAlias.folded == folded).distinct()
    ))
    if not ids:
        ids = list(session.scalars(
            select(schema.Speaker.id).where(func.lower(schema.Speaker.name) == name.strip().lower())
        ))
    return ids


def quotes_by(session: Session, speaker: str, *, limit: int | None = None,
              include_terms: bool = False) -> list[QuotationRecord]:
    """Every quotation credited to a speaker (any of their names), with occurrences.

    Raises:
        NotFoundError: when no speaker goes by that name.
    """
    ids = _find_speakers(session, speaker)
    if not ids:
        raise NotFoundError(f"no speaker called {speaker!r} (see `quotebank speakers`)")
    query = select(schema.Quotation).where(schema.Quotation.speaker_id.in_(ids))
    if not include_terms:
        query = query.where(schema.Quotation.kind != QuoteKind.TERM.value)
    query = query.order_by(schema.Quotation.id)
    if limit is not None:
        query = query.limit(limit)
    rows = list(session.scalars(query))
    occurrences = _occurrences(session, [r.id for r in rows])
    variants = _variants_of(session, [r.id for r in rows])
    return [_record(session, r, occurrences[r.id], sorted(v for v, _ in variants.get(r.id, [])))
            for r in rows]


def list_speakers(session: Session) -> list[SpeakerRecord]:
    """Every speaker with aliases and the number of quotations credited to them."""
    counts = dict(session.execute(
        select(schema.Quotation.speaker_id, func.count())
        .where(schema.Quotation.kind != QuoteKind.TERM.value)
        .group_by(schema.Quotation.speaker_id)
    ).all())
    aliases: dict[int, list[str]] = defaultdict(list)
    for sid, alias in session.execute(
        select(schema.SpeakerAlias.speaker_id, schema.SpeakerAlias.alias).order_by(schema.SpeakerAlias.id)
    ):
        aliases[sid].append(alias)
    return [
        SpeakerRecord(id=s.id, name=s.name, named=s.named, aliases=aliases[s.id],
                      quotations=counts.get(s.id, 0))
        for s in session.scalars(select(schema.Speaker).order_by(schema.Speaker.name))
    ]


def get_source(session: Session, source_id: int) -> SourceRecord:
    """One source with its CSL-JSON metadata.

    Raises:
        NotFoundError: when there is no source with that id.
    """
    for record in list_sources(session, only=source_id):
        return record
    raise NotFoundError(f"no source with id {source_id} (see `quotebank sources`)")


def list_sources(session: Session, *, only: int | None = None) -> list[SourceRecord]:
    """Every source with its CSL-JSON metadata and how much the store holds from it."""
    docs = dict(session.execute(
        select(schema.Document.source_id, func.count()).group_by(schema.Document.source_id)
    ).all())
    occs = dict(session.execute(
        select(schema.Occurrence.source_id, func.count()).group_by(schema.Occurrence.source_id)
    ).all())
    return [
        SourceRecord(id=s.id, key=s.key, title=s.title, type=s.type, issued=s.issued, url=s.url,
                     csl=json.loads(s.csl), documents=docs.get(s.id, 0), occurrences=occs.get(s.id, 0))
        for s in session.scalars(
            select(schema.Source).order_by(schema.Source.id)
            if only is None else select(schema.Source).where(schema.Source.id == only)
        )
    ]
