"""Verification, the fact-checker's question: did this person say these words?

The phrase is held to every stored wording that matches it (the same candidates and
scores as who-said, but a wording whose negation or number differs is kept, to be
named as ``altered`` rather than dropped).
"""

from __future__ import annotations

import difflib

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from quotebank.errors import InputError
from quotebank.models import MatchKind, Verdict, Verification
from quotebank.store import _schema as schema
from quotebank.store._lookup import (
    MAX_PHRASE,
    _find_speakers,
    _occurrences,
    _variants_of,
    candidate_batches,
    normalize_phrase,
    plan,
)
from quotebank.store._matching import THRESHOLD, Scored, expand, score

__all__ = ["verify"]


def word_diff(phrase_norm: str, wording_norm: str, scored: Scored) -> list[str]:
    """Word-level differences between the phrase and the stretch of the wording it
    lines up with: ``-word`` only in the wording, ``+word`` only in the phrase."""
    pw, cw = expand(phrase_norm).split(), expand(wording_norm).split()
    if scored.pairs:
        cw = cw[scored.pairs[0][1] : scored.pairs[-1][1] + 1]
    out: list[str] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=cw, b=pw, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            out.extend(f"-{w}" for w in cw[a1:a2])
        if tag in ("replace", "insert"):
            out.extend(f"+{w}" for w in pw[b1:b2])
    return out


def _remark_sources(session: Session, ids: list[int]) -> dict[int, int]:
    """For each quotation, the sources its remark is quoted in: its own occurrences and
    those of the wordings linked to it as variants."""
    if not ids:
        return {}
    links = _variants_of(session, ids)
    group = {qid: {qid, *(other for other, _ in links.get(qid, []))} for qid in ids}
    occurrences = _occurrences(session, sorted(set().union(*group.values())))
    return {
        qid: len({o.source_id for member in members for o in occurrences.get(member, [])})
        for qid, members in group.items()
    }


def verify(session: Session, phrase: str, speaker: str | None = None) -> Verification:
    """Did ``speaker`` (anyone, when None) say ``phrase``? A verdict with the evidence.

    ``exact``: these words (or a fragment in these words) were said by this person;
    ``close``: the same remark in other words (see ``diff``); ``altered``: the nearest
    wording says something else (a negation added or dropped, a number changed);
    ``misattributed``: said, but by someone else (``said_by``); ``not_found``.

    Raises:
        InputError: when the phrase is empty, has no words, or is too long.
    """
    if len(phrase) > MAX_PHRASE:
        raise InputError(f"the phrase is {len(phrase):,} characters; at most {MAX_PHRASE:,}")
    normalized = normalize_phrase(phrase)
    if not normalized:
        raise InputError("the phrase has no words to search for")
    read = plan(session, normalized)
    found: dict[int, tuple[Scored, str]] = {}
    for batch in candidate_batches(session, normalized, read=read):
        for qid, cand in batch:
            if qid not in found:
                s = score(normalized, cand, weights=read.weights, evidence=read.evidence)
                if s.score >= THRESHOLD:
                    found[qid] = (s, cand)
    wanted = set(_find_speakers(session, speaker)) if speaker else set()
    rows = (
        {
            q.id: q
            for q in session.scalars(
                select(schema.Quotation).where(
                    schema.Quotation.id.in_(found), schema.Quotation.kind != "term"
                )
            )
        }
        if found
        else {}
    )

    sources = _remark_sources(session, list(rows))

    def rank(qid: int) -> tuple[bool, float, int, float, float, int]:
        # equal scores: the remark quoted in more sources first, as who-said orders its
        # answers, so that `check` and `who` name the same person; then the closer wording
        s, cand = found[qid]
        return (s.altered, -s.score, -sources[qid], -s.similarity, -fuzz.ratio(normalized, cand), qid)

    ordered = sorted(rows, key=rank)
    if not ordered:
        return Verification(
            verdict=Verdict.NOT_FOUND, phrase=phrase, speaker=speaker, said_by=None, wording=None
        )
    own = [q for q in ordered if rows[q].speaker_id in wanted]
    best = own[0] if own else ordered[0]
    s, cand = found[best]
    if s.altered:
        verdict = Verdict.ALTERED
    elif speaker and not own:
        verdict = Verdict.MISATTRIBUTED
    elif s.kind in (MatchKind.EXACT, MatchKind.NORMALIZED):
        verdict = Verdict.EXACT
    else:
        verdict = Verdict.CLOSE
    row = rows[best]
    said_by = session.get(schema.Speaker, row.speaker_id).name if row.speaker_id else None  # type: ignore[union-attr]
    return Verification(
        verdict=verdict,
        phrase=phrase,
        speaker=speaker,
        said_by=said_by,
        wording=row.text,
        diff=word_diff(normalized, cand, s),
        occurrences=_occurrences(session, [best])[best],
    )
