"""Answering "who said this?" and listing what the store holds.

Candidates come from the backend's own text index — SQLite FTS5 (porter stemming)
or PostgreSQL ``pg_trgm`` — never from a scan of the table in Python; they are then
re-ranked with :func:`quotebank.store._matching.score` and cut at a calibrated
threshold, so a phrase that is not in the store gets no answer rather than junk.
A user's phrase is data: it is normalised to plain words before it reaches SQL, and
always passed as a bound parameter.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from quotebank._names import fold_name
from quotebank.errors import InputError, NotFoundError
from quotebank.models import (
    Credit,
    Match,
    MatchKind,
    Occurrence,
    QuotationRecord,
    QuoteKind,
    SourceRecord,
    SpeakerRecord,
    Wording,
)
from quotebank.normalize import normalize_quote
from quotebank.store import _schema as schema
from quotebank.store._matching import (
    EVIDENCE_MARGIN,
    STOPWORDS,
    THRESHOLD,
    VARIANT_THRESHOLD,
    expand,
    score,
    variant_score,
)
from quotebank.store._variants import variant_wordings
from quotebank.store._vocabulary import DF_CAP, correct, document_frequencies, store_words

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
#: Weight of a word no stored quotation holds (nor a correction of it).
UNKNOWN_WEIGHT = 1.0
#: A score that ends the search: no looser query can find a better wording.
SURE = 96.0
#: Longest phrase accepted by who-said, in characters.
MAX_PHRASE = 2000


#: Rarest words of a phrase ANDed in the first, strict query.
STRICT_WORDS = 4
#: Rarest words ORed (ranked by bm25) in the loose query.
LOOSE_WORDS = 6
#: Rows an unranked query may return before it counts as too broad and is ranked.
BROAD = 300
#: Phrases of at least this many words are first looked up verbatim (step 0).
PHRASE_WORDS = 3


def normalize_phrase(phrase: str) -> str:
    """A user's phrase in normal form, invisible format characters (zero-width space,
    soft hyphen, word joiner) removed first, so that they never split a word: both
    backends then see the same words."""
    if not phrase.isascii():
        phrase = "".join(ch for ch in phrase if unicodedata.category(ch) != "Cf")
    return normalize_quote(phrase)


def _and(words: Sequence[str]) -> str:
    return " AND ".join(f'"{w}"' for w in words)


def _or(words: Sequence[str]) -> str:
    return " OR ".join(f'"{w}"' for w in words)


@dataclass
class Plan:
    """A phrase read against the store: its words, their weights, the words to query."""

    words: list[str]
    weights: list[float]
    evidence: float  # what a match needs in this store (nats)
    known: list[str]  # words (or corrected index terms) the store holds, rarest first
    rare: list[str]  # the known words that are not common
    unknown: int = 0  # words the store does not hold, even corrected


def plan(session: Session, normalized: str) -> Plan:
    """Weigh the phrase's words by rarity and correct the ones the store never saw."""
    words = expand(normalized).split()[:64]
    cache = store_words(session)
    df = document_frequencies(session, words)
    known: dict[str, int] = {}
    weights = []
    unknown = 0
    for w in words:
        count = df[w]
        if count == 0 and (fixed := correct(session, w)) is not None:
            fixed_df = document_frequencies(session, [fixed])[fixed]
            if fixed_df:
                known.setdefault(fixed, fixed_df)
                count = fixed_df
        elif count:
            known.setdefault(w, count)
        unknown += count == 0
        # a word the store never saw tells nothing about which quotation is meant
        weight = cache.idf(count) if count else UNKNOWN_WEIGHT
        # a function word says little about which remark is meant, however rare here
        weights.append(min(weight, UNKNOWN_WEIGHT) if w in STOPWORDS else weight)
    content = {w: c for w, c in known.items() if w not in STOPWORDS} or known
    ranked = sorted(content, key=lambda w: content[w])
    rare = [w for w in ranked if content[w] < DF_CAP]
    evidence = math.log(cache.population + 1) + EVIDENCE_MARGIN
    return Plan(words, weights, evidence, ranked, rare, unknown)


_SQL_UNRANKED = text(
    "SELECT q.id, q.normalized FROM "
    "(SELECT rowid FROM quotations_fts WHERE quotations_fts MATCH :query LIMIT :limit) f "
    "JOIN quotations q ON q.id = f.rowid WHERE q.kind != 'term'"
)
_SQL_RANKED = text(
    "SELECT q.id, q.normalized FROM "
    "(SELECT rowid, rank FROM quotations_fts WHERE quotations_fts MATCH :query "
    " ORDER BY rank LIMIT :limit) f "
    "JOIN quotations q ON q.id = f.rowid WHERE q.kind != 'term' ORDER BY f.rank"
)
_PG_UNRANKED = text(
    "SELECT id, normalized FROM quotations "
    "WHERE to_tsvector('simple', normalized) @@ to_tsquery('simple', :query) "
    "AND kind <> 'term' LIMIT :limit"
)
_PG_RANKED = text(
    "SELECT id, normalized FROM quotations "
    "WHERE to_tsvector('simple', normalized) @@ to_tsquery('simple', :query) AND kind <> 'term' "
    "ORDER BY ts_rank(to_tsvector('simple', normalized), to_tsquery('simple', :query)) DESC "
    "LIMIT :limit"
)


def _tsquery(fts5: str) -> str:
    """The same boolean query in tsquery syntax: each word a quoted lexeme."""
    return fts5.replace(" AND ", " & ").replace(" OR ", " | ").replace('"', "'")


def candidate_batches(
    session: Session, normalized: str, limit: int = CANDIDATES, read: Plan | None = None
) -> Iterator[list[tuple[int, str]]]:
    """Batches of ``(id, normalized)`` of stored non-term quotations, strictest first.

    0. on PostgreSQL, for a phrase of three words or more, the wordings that hold it
       verbatim (its words adjacent and in order, a tsquery ``<->`` chain), which
       finds a quoted fragment however common its words (step 4 did that, slowly);
    1. every one of the (up to four) rarest words, all rows when there are few;
       when there are many, every word, then ranked;
    2. any of the (up to six) rare words, ranked (bm25 / ts_rank): the wording that
       holds the most and rarest of them comes first, whichever words were changed;
    3. when a phrase has fewer than two rare words: any all-but-one of its words;
    4. on PostgreSQL, when a word of the phrase is unknown to the store even corrected,
       or nothing was found so far: wordings similar by trigrams (``<%``). Only then: a
       phrase of known words is found by its words, and over common words the trigram
       index returns most of the table (seconds at 200,000 quotations).
    The caller stops once a batch holds a sure answer.
    """
    read = read or plan(session, normalized)
    sqlite = session.get_bind().dialect.name == "sqlite"
    if not sqlite and session.get_bind().dialect.name != "postgresql":  # pragma: no cover
        raise InputError(f"who-said is not supported on {session.get_bind().dialect.name}")

    def run(query: str, ranked: bool, size: int) -> list[tuple[int, str]]:
        if sqlite:
            statement = _SQL_RANKED if ranked else _SQL_UNRANKED
            params = {"query": query, "limit": size}
        else:
            statement = _PG_RANKED if ranked else _PG_UNRANKED
            params = {"query": _tsquery(query), "limit": size}
        return [(int(r[0]), str(r[1])) for r in session.execute(statement, params).all()]

    if not read.known:
        return
    found = False
    if not sqlite and len(read.words) >= PHRASE_WORDS and not read.unknown:
        verbatim = run(" <-> ".join(f'"{w}"' for w in read.words), False, limit)
        if verbatim:
            found = True
            yield verbatim
    strict = read.known[:STRICT_WORDS]
    rows = run(_and(strict), False, BROAD)
    if len(rows) >= BROAD:
        everything = read.known[:12]
        if len(everything) > len(strict):
            narrower = run(_and(everything), False, BROAD)
            rows = narrower if narrower else rows
            strict = everything if narrower else strict
        if len(rows) >= BROAD:
            rows = run(_and(strict), True, limit)
    found = found or bool(rows)
    if rows:
        yield rows
    loose: list[tuple[int, str]] = []
    if len(read.rare) >= 2:
        loose = run(_or(read.rare[:LOOSE_WORDS]), True, limit)
    elif len(read.known) > 2:
        pool = read.known[:5]
        query = " OR ".join(f"({_and(c)})" for c in combinations(pool, len(pool) - 1))
        loose = run(query, True, limit)
    elif len(read.known) == 2:
        loose = run(_or(read.known), True, limit)
    if loose:
        found = True
        yield loose
    if not sqlite and (read.unknown or not found):
        session.execute(text("SELECT set_config('pg_trgm.word_similarity_threshold', '0.45', true)"))
        similar = session.execute(_PG_TRIGRAM, {"phrase": normalized, "limit": limit}).all()
        yield [(int(r[0]), str(r[1])) for r in similar]


_PG_TRIGRAM = text(
    "SELECT id, normalized FROM quotations "
    "WHERE :phrase <% normalized AND kind <> 'term' "
    "ORDER BY word_similarity(:phrase, normalized) DESC LIMIT :limit"
)


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
                source_id=src.id,
                source_title=src.title,
                source_date=src.issued,
                source_url=src.url,
                paragraph=occ.paragraph,
                start=occ.start,
                end=occ.end,
                text=occ.text,
                context=occ.context,
                speaker_mention=occ.speaker_mention,
                cue=occ.cue,
                kind=QuoteKind(occ.kind),
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


def _enclosing(rows: dict[int, schema.Quotation], scored: dict[int, tuple[float, MatchKind]]) -> set[int]:
    """Matches that only match through a quotation they contain (Rafsanjani's answer
    quoting the Imam): the inner quotation is the answer, the outer is dropped."""
    found: set[int] = set()
    for outer_id, outer in rows.items():
        for inner_id, inner in rows.items():
            if (
                inner_id != outer_id
                and len(inner.normalized) < len(outer.normalized)
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
    normalized = normalize_phrase(phrase)
    if not normalized:
        raise InputError("the phrase has no words to search for")
    if limit < 1:
        raise InputError("limit must be at least 1")
    verbatim = " ".join(phrase.split())
    scored: dict[int, tuple[float, MatchKind]] = {}
    similarity: dict[int, float] = {}
    read = plan(session, normalized)
    seen: set[int] = set()
    for batch in candidate_batches(session, normalized, read=read):
        for qid, cand in batch:
            if qid in seen:
                continue
            seen.add(qid)
            s = score(normalized, cand, weights=read.weights, evidence=read.evidence)
            if s.score >= THRESHOLD and not (s.altered and s.kind is MatchKind.FUZZY):
                scored[qid] = (s.score, s.kind)
                similarity[qid] = s.similarity
        if scored and max(v for v, _ in scored.values()) >= SURE:
            break
    # wordings linked as variants of a match are answers too; so are the other
    # wordings its speaker has of it, found through the index (not linked yet)
    links = _variants_of(session, list(scored))
    best = sorted(scored, key=lambda q: -scored[q][0])[:limit]
    for qid, speaker_id, norm in (
        session.execute(
            select(schema.Quotation.id, schema.Quotation.speaker_id, schema.Quotation.normalized).where(
                schema.Quotation.id.in_(best)
            )
        ).all()
        if best
        else []
    ):
        for other, vscore in variant_wordings(session, qid, speaker_id, norm):
            links[qid].append((other, vscore))
            links[other].append((qid, vscore))
    for qid, linked in list(links.items()):
        if qid not in scored:
            continue
        for other, vscore in linked:
            if other not in scored:
                value = min(scored[qid][0] - 1.0, scored[qid][0] * vscore / 100.0)
                scored[other] = (round(value, 1), MatchKind.VARIANT)
    if not scored:
        return []
    rows = {q.id: q for q in session.scalars(select(schema.Quotation).where(schema.Quotation.id.in_(scored)))}
    speaker_ids = {r.speaker_id for r in rows.values() if r.speaker_id is not None}
    names = (
        dict(
            session.execute(
                select(schema.Speaker.id, schema.Speaker.name).where(schema.Speaker.id.in_(speaker_ids))
            ).all()
        )
        if speaker_ids
        else {}
    )
    occurrences = _occurrences(session, list(rows))
    enclosing = _enclosing(rows, scored)
    wordings: dict[int, Wording] = {}
    for qid, (value, kind) in scored.items():
        row = rows.get(qid)
        if row is None or row.kind == QuoteKind.TERM.value or qid in enclosing:
            continue
        if kind is MatchKind.NORMALIZED and " ".join(row.text.split()) == verbatim:
            kind = MatchKind.EXACT
        wordings[qid] = Wording(
            quotation_id=qid,
            speaker=names.get(row.speaker_id) if row.speaker_id else None,
            text=row.text,
            score=round(value, 1),
            match=kind,
            occurrences=occurrences[qid],
        )
    groups = _remarks(wordings, {q: r.normalized for q, r in rows.items()}, links)
    matches = [_answer(sorted(group, key=lambda w: _order(w, similarity))) for group in groups]
    # equal scores: the more widely quoted remark, the wording closest to the phrase, a
    # named speaker, then the most specific (shortest)
    matches.sort(
        key=lambda m: (
            -m.score,
            -m.sources,
            -similarity.get(m.quotation_id, 0.0),
            m.speaker is None,
            len(m.text),
            m.quotation_id,
        )
    )
    return matches[:limit]


def _order(w: Wording, similarity: dict[int, float]) -> tuple[float, float, bool, int, int]:
    return (
        -w.score,
        -similarity.get(w.quotation_id, 0.0),
        w.speaker is None,
        -len(w.occurrences),
        w.quotation_id,
    )


def _remarks(
    wordings: dict[int, Wording], normalized: dict[int, str], links: dict[int, list[tuple[int, float]]]
) -> list[list[Wording]]:
    """Wordings of one remark together: linked variants, and the same words credited
    to different speakers."""
    parent = {q: q for q in wordings}

    def root(q: int) -> int:
        while parent[q] != q:
            parent[q] = parent[parent[q]]
            q = parent[q]
        return q

    first_by_text: dict[str, int] = {}
    for q in wordings:
        other = first_by_text.setdefault(normalized[q], q)
        parent[root(q)] = root(other)
        for linked, _ in links.get(q, []):
            if linked in wordings:
                parent[root(linked)] = root(q)
    # wordings of one speaker found together are variants even when not linked yet
    # (a bulk import does not link them)
    ids = list(wordings)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if (
                wordings[a].speaker is not None
                and wordings[a].speaker == wordings[b].speaker
                and root(a) != root(b)
                and variant_score(normalized[a], normalized[b]) >= VARIANT_THRESHOLD
            ):
                parent[root(b)] = root(a)
    groups: dict[int, list[Wording]] = defaultdict(list)
    for q, w in wordings.items():
        groups[root(q)].append(w)
    return list(groups.values())


def _answer(group: list[Wording]) -> Match:
    """One answer from the wordings of a remark, the best first."""
    top = group[0]
    credits: dict[str | None, int] = defaultdict(int)
    for w in group:
        credits[w.speaker] += max(1, len(w.occurrences))
    sources = {o.source_id for w in group for o in w.occurrences}
    return Match(
        quotation_id=top.quotation_id,
        speaker=top.speaker,
        text=top.text,
        score=top.score,
        match=top.match,
        occurrences=top.occurrences,
        wordings=group,
        credited=[
            Credit(speaker=s, occurrences=n)
            for s, n in sorted(credits.items(), key=lambda kv: (-kv[1], kv[0] or ""))
        ],
        sources=len(sources),
    )


def _record(
    session: Session, row: schema.Quotation, occurrences: list[Occurrence], variants: list[int]
) -> QuotationRecord:
    speaker = session.get(schema.Speaker, row.speaker_id) if row.speaker_id else None
    return QuotationRecord(
        id=row.id,
        text=row.text,
        normalized=row.normalized,
        speaker=speaker.name if speaker else None,
        speaker_id=row.speaker_id,
        kind=QuoteKind(row.kind),
        occurrences=occurrences,
        variants=variants,
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
    ids = list(
        session.scalars(
            select(schema.SpeakerAlias.speaker_id).where(schema.SpeakerAlias.folded == folded).distinct()
        )
    )
    if not ids:
        ids = list(
            session.scalars(
                select(schema.Speaker.id).where(func.lower(schema.Speaker.name) == name.strip().lower())
            )
        )
    return ids


def quotes_by(
    session: Session, speaker: str, *, limit: int | None = None, include_terms: bool = False
) -> list[QuotationRecord]:
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
    return [
        _record(session, r, occurrences[r.id], sorted(v for v, _ in variants.get(r.id, []))) for r in rows
    ]


def list_speakers(session: Session) -> list[SpeakerRecord]:
    """Every speaker with aliases and the number of quotations credited to them."""
    counts = dict(
        session.execute(
            select(schema.Quotation.speaker_id, func.count())
            .where(schema.Quotation.kind != QuoteKind.TERM.value)
            .group_by(schema.Quotation.speaker_id)
        ).all()
    )
    aliases: dict[int, list[str]] = defaultdict(list)
    for sid, alias in session.execute(
        select(schema.SpeakerAlias.speaker_id, schema.SpeakerAlias.alias).order_by(schema.SpeakerAlias.id)
    ):
        aliases[sid].append(alias)
    return [
        SpeakerRecord(
            id=s.id, name=s.name, named=s.named, aliases=aliases[s.id], quotations=counts.get(s.id, 0)
        )
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
    docs = dict(
        session.execute(
            select(schema.Document.source_id, func.count()).group_by(schema.Document.source_id)
        ).all()
    )
    occs = dict(
        session.execute(
            select(schema.Occurrence.source_id, func.count()).group_by(schema.Occurrence.source_id)
        ).all()
    )
    return [
        SourceRecord(
            id=s.id,
            key=s.key,
            title=s.title,
            type=s.type,
            issued=s.issued,
            url=s.url,
            csl=json.loads(s.csl),
            documents=docs.get(s.id, 0),
            occurrences=occs.get(s.id, 0),
        )
        for s in session.scalars(
            select(schema.Source).order_by(schema.Source.id)
            if only is None
            else select(schema.Source).where(schema.Source.id == only)
        )
    ]
