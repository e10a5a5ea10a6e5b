"""Who said it: matching attribution patterns around a quoted span.

The patterns (see :mod:`quotebank.extraction._patterns` and the speaker grammar in
:mod:`quotebank.extraction._grammar`) look only at the sentence around the quotation,
bounded to a few hundred characters. The extractor tries, in this order:

1. a quotation chained to the previous one (``“…” and “…”``);
2. a title of a work, an interview turn (``Q: "…"``), a roundup head (``Name: "…"``),
   a closing ``according to X`` that credits the whole sentence;
3. the speaker before the quotation (``Khomeini said, “…”``, ``But, said X, “…”``,
   ``X shot back, “…”``, ``according to X``, ``As the memo stated, …``,
   ``…, saying: “…”``, ``X's decree …: “…”``), the nearest clause first;
4. the speaker after it (``“…,” exhorted Khamenei``, ``“…,” she whispered``,
   ``“…” under strain, said X``, a dash signature);
5. a paragraph that announces the quotation with a colon at its end;
6. with no clause of its own: a later fragment of an attributed sentence, the
   subject of its sentence, a continuation of the previous speaker's turn, an action
   beat (``Harold shrugged. “Out.”``), or the person the text was talking about.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from quotebank.extraction._grammar import (
    RE_AFTER_AS_PUT,
    RE_AFTER_SPEAKER_FIRST,
    RE_AFTER_VERB_FIRST,
    RE_BEFORE_TIGHT,
    RE_BEFORE_VERB_FIRST,
    RE_ROUNDUP,
    RE_SIGNATURE,
    REPORTING_VERBS,
)
from quotebank.extraction._patterns import (
    MAX_WINDOW,
    PARTICIPLES,
    RE_ACCORDING,
    RE_AS_STATED,
    RE_GROUP_CUE,
    RE_PARTICIPLE,
    RE_SPEAKER_VERB,
    RE_STATEMENT_NOUN,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    TIMEOUT,
)
from quotebank.extraction._people import People, PersonMention

__all__ = ["Attribution", "Attributor"]

_VERBS = frozenset(SPEECH_VERBS)
_PARTS = frozenset(PARTICIPLES)
_NOUNS = frozenset(STATEMENT_NOUNS)
_GROUP_CUES = frozenset(["echoed", "chanted", "shouted", "cried", "sang", "repeated", "raised"])
RE_WORDS = regex.compile(r"[A-Za-z]+")
#: ``, according to The Ledger.`` ending a sentence.
RE_ACCORDING_AFTER = regex.compile(
    r"(?:^\s*|[,;—–(]\s*)[Aa]ccording\s+to\s+(?P<sp>[^,;:“”\"()\n.]{1,60}?)\s*(?:[.;)]|$)",
    regex.VERSION1,
)
#: Characters that open or close a quotation.
QUOTE_MARKS = frozenset('"“”„«»‹›‘’‚')
#: Any quotation mark.
RE_ANY_QUOTE = regex.compile(r"[\"“”„«»]")
#: After a reporting verb, the start of its own reported clause or quotation.
RE_NEW_CLAUSE = regex.compile(r"\s+(?:that\b|[^\"“”„.]{0,60}[\"“„])", regex.VERSION1)
#: Confidence taken off a speaker who is described, not named (``a senior aide``): the
#: description is right, but it answers "who said this?" only in part.
UNNAMED_PENALTY = 0.1
#: Confidence taken off a speaker found through a pronoun: the clause is sure, the
#: antecedent is a guess (about one in seven is wrong on news).
PRONOUN_PENALTY = 0.15
#: Confidence of a speaker in a clause next to the quotation (``X said, "``); of one
#: whose verb stands further off (``X wrote in his analysis that the plan "``); of a
#: subject whose sentence holds a reporting verb but no clause credits the quotation.
CLAUSE_CONFIDENCE = 0.9
DISTANT_CUE_CONFIDENCE = 0.75
SUBJECT_CONFIDENCE = 0.6
#: Confidence of a cue pressed against the mark with its own punctuation, which leaves
#: no room for another reading (``Hollis sighed: "``, ``But, said Solberg, "``,
#: ``according to X``): surer than a distant verb, less than a plain clause.
TIGHT_CUE_CONFIDENCE = 0.85
#: Confidence of the other fixed constructions (first person, ``as X stated``, a
#: participle's subject, a dash signature, ``according to X`` after the quotation, a
#: roundup's ``Name:``): each names its speaker in a known shape, a little less surely
#: than a clause with a reporting verb.
FORM_CONFIDENCE = 0.8
#: Confidence of a speaker named by a group cue (``one senior Democrat said``) or a
#: statement noun (``Her answer:``): the construction is clear, who is meant less so.
GROUP_CONFIDENCE = 0.75
#: Confidence of the subject of a paragraph ending in a colon, for the quotation that
#: opens the next paragraph: the announcement is clear, the speaker one paragraph off.
ANNOUNCED_CONFIDENCE = 0.65
#: Confidence of a pronoun opening the sentence of a quoted fragment (``She called it
#: "…"``): a subject, but through a guessed antecedent, below a named subject.
PRONOUN_SUBJECT_CONFIDENCE = 0.55
#: Most speaker-verb clauses tried in one window, nearest last.
MAX_CLAUSES = 4
#: A reporting verb, or any past tense introducing a clause (``estimated that``).
RE_REPORTING = regex.compile(
    r"\b(?:" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r"|\p{Ll}{3,}ed\s+that)\b",
    regex.VERSION1,
)
#: A sentence that opens with a pronoun subject: ``She blamed it on a "…"``.
RE_LEADING_PRONOUN = regex.compile(r"^[\W]{0,3}(?P<sp>He|She|They)\b(?!['’])")


@dataclass(frozen=True, slots=True)
class Attribution:
    """The outcome of attributing one quotation."""

    speaker: str | None
    named: bool
    mention_start: int | None
    mention_end: int | None
    cue: str | None
    confidence: float
    #: "I said" / "we said": the speaker is whoever speaks the enclosing quotation.
    first_person: bool = False


NOBODY = Attribution(None, False, None, None, None, 0.0)


def _search(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    try:
        return pattern.search(text, timeout=TIMEOUT)
    except TimeoutError:
        return None


class Attributor:
    """Attributes quotations within one document.

    Args:
        text: The whole document.
        people: Its person directory.
    """

    def __init__(self, text: str, people: People) -> None:
        self.text = text
        self.people = people

    # --- helpers ------------------------------------------------------------------------
    def _from_match(
        self,
        m: regex.Match[str],
        base: int,
        cue: str,
        confidence: float,
        sentence_start: int | None = None,
    ) -> Attribution:
        mention = m.group("sp")
        m_start = base + m.start("sp")
        speaker, named = self.people.resolve_mention(mention, m_start, sentence_start)
        if speaker is None:
            # a cue without a speaker we can name ("he said" with no antecedent)
            return Attribution(None, False, m_start, m_start + len(mention), cue, confidence / 2)
        if not named:
            confidence -= UNNAMED_PENALTY
        elif mention.split()[0].lower() in {"he", "she", "they"} and "[" not in mention:
            confidence -= PRONOUN_PENALTY
        return Attribution(speaker, named, m_start, m_start + len(mention), cue, confidence)

    def _from_person(self, person: PersonMention, cue: str | None, confidence: float) -> Attribution:
        name = self.people.canonical(person.tokens, person.start)
        return Attribution(name, True, person.start, person.end, cue, confidence)

    # --- the patterns -------------------------------------------------------------------
    def _closest(self, pattern: regex.Pattern[str], window: str) -> regex.Match[str] | None:
        """The match of ``pattern`` nearest the end of ``window`` whose speaker is a name,
        pronoun or description (``When asked …, Donald Trump said, "``: not "When")."""
        best: regex.Match[str] | None = None
        described: regex.Match[str] | None = None
        fallback: regex.Match[str] | None = None
        pos = 0
        for _ in range(MAX_CLAUSES):
            try:
                m = pattern.search(window, pos, timeout=TIMEOUT)
            except TimeoutError:
                break
            if m is None:
                break
            sp = m.group("sp")
            name, named = self.people.resolve_mention(sp, 0)
            if (
                name is not None
                and named
                and m.end("sp") + 1 < m.start("cue") - 1
                and name.split()[-1] not in self.people.surnames
                and "," in window[m.end("sp") : m.start("cue")]
            ):
                # "In Berea, after winning, Gov. Jon Kasko (R-OH) said": a word no
                # one else names as a person, then an aside holding the subject
                described = described or m
                pos = m.end("sp")
            elif (name is not None and named) or sp.split()[0].lower() in {"i", "we"}:
                best, described = m, None
                pos = m.end("cue")
            elif name is not None:
                # "In a statement, Brian Fallon, a spokesman, said": a description
                # first, then perhaps a name standing as the subject of the same verb
                described = m
                pos = m.end("sp")
            else:  # "Tuesday, Kevin Brady, chairman of …, said": look again after "Tuesday"
                fallback = fallback or m
                pos = m.end("sp")
        return described or best or fallback

    def before(self, window_start: int, open_pos: int) -> tuple[Attribution, bool]:
        """Attribution from the text before the opening mark: ``(result, strong)``.

        ``strong`` is False when the cue stands further from the quotation (``X wrote
        in his analysis that the incident “…”``) and a speaker after it should win.
        """
        window = self.text[window_start:open_pos]
        words = set(RE_WORDS.findall(window.lower()))
        cue_only = NOBODY
        # the tight patterns end in ``[,:]\s*$``: without that ending they cannot match,
        # and trying them at every offset of the window is most of the attribution time
        comma_ends = window.rstrip()[-1:] in (",", ":")
        if words & _VERBS or "used" in words:
            m = self._closest(RE_SPEAKER_VERB, window)
            if m and m.group("sp").split()[0].lower() in {"i", "we"}:
                # "I said": the speaker of the enclosing quotation; resolved by the caller
                return Attribution(
                    None,
                    False,
                    window_start + m.start("sp"),
                    window_start + m.end("sp"),
                    m.group("cue"),
                    FORM_CONFIDENCE,
                    first_person=True,
                ), True
            if m:
                strong = bool(m.group("punct")) or not m.group("obj").strip()
                found = self._from_match(
                    m,
                    window_start,
                    m.group("cue"),
                    CLAUSE_CONFIDENCE if strong else DISTANT_CUE_CONFIDENCE,
                    window_start,
                )
                if found.speaker is not None:
                    return found, strong
                cue_only = found
            m = _search(RE_BEFORE_VERB_FIRST, window) if comma_ends else None
            if m:  # 'But, said Solberg, "'
                found = self._from_match(m, window_start, m.group("cue"), TIGHT_CUE_CONFIDENCE)
                if found.speaker is not None:
                    return found, True
            m = _search(RE_AS_STATED, window)
            if m:
                found = self._from_match(m, window_start, m.group("cue"), FORM_CONFIDENCE)
                if found.speaker is not None:
                    return found, True
        m = _search(RE_BEFORE_TIGHT, window) if comma_ends else None
        if m and m.group("sp").split()[0].lower() not in {"i", "we"}:
            # 'Hillary shot back, "' / 'Hollis sighed: "'
            found = self._from_match(m, window_start, m.group("cue"), TIGHT_CUE_CONFIDENCE, window_start)
            if found.speaker is not None:
                return found, True
        if "according" in words:
            m = _search(RE_ACCORDING, window)
            if m:
                found = self._from_match(m, window_start, "according to", TIGHT_CUE_CONFIDENCE)
                if found.speaker is not None:
                    return found, True
        if words & _PARTS:
            m = _search(RE_PARTICIPLE, window)
            if m:
                subject = self._clause_subject(window, window_start, m.start())
                if subject is not None:
                    return self._from_person(subject, m.group("cue"), FORM_CONFIDENCE), True
        if words & _GROUP_CUES:
            m = _search(RE_GROUP_CUE, window)
            if m:
                found = self._from_match(m, window_start, m.group("cue"), GROUP_CONFIDENCE)
                if found.speaker is not None:
                    return found, True
        if words & _NOUNS and ":" in window:
            m = _search(RE_STATEMENT_NOUN, window)
            if m:
                subject = self.people.subject_between(window_start, window_start + m.start())
                if subject is not None:
                    return self._from_person(subject, m.group("cue"), GROUP_CONFIDENCE), True
        return cue_only, False

    def _clause_subject(self, window: str, base: int, cue_at: int) -> PersonMention | None:
        """Subject of the clause a participle hangs on (``X criticized Y, saying``)."""
        comma = window.rfind(",", 0, cue_at)
        if comma > 0:
            clause_start = window.rfind(",", 0, comma) + 1
            subject = self.people.subject_between(base + clause_start, base + comma)
            if subject is not None:
                return subject
        return self.people.subject_between(base, base + cue_at)

    def after(
        self, close_pos: int, limit: int, *, ended: bool = False, punctuated: bool = True
    ) -> Attribution:
        """Attribution from the text right after the closing mark.

        ``ended`` says the quotation closed a sentence (``."``): then only a reporting
        verb, not any verb-shaped word, makes the next words an attribution, and not
        one opening a clause of its own. Without punctuation at the quotation's end
        (``a "supermarket" opened``, not ``"…," she sighed``) only a reporting verb does.
        """
        window = self.text[close_pos : min(limit, close_pos + MAX_WINDOW // 2)]
        head = window.lstrip(" \t\n,.!?…'")
        if not head or head[0] in QUOTE_MARKS:
            return NOBODY  # another quotation follows at once: no clause between
        found = self._after_at(window, 0, close_pos, ended, strict=not punctuated)
        if found.speaker is not None:
            return found
        cue_only = found
        m = _search(RE_AFTER_AS_PUT, window) if "as" in window[:8] else None
        if m:  # '"…," as Ada Vale put it'
            commented = self._from_match(m, close_pos, m.group("cue"), CLAUSE_CONFIDENCE)
            if commented.speaker is not None:
                return commented
        m = _search(RE_SIGNATURE, window)
        if m:
            signed = self._from_match(m, close_pos, "―", FORM_CONFIDENCE)
            if signed.speaker is not None:
                return signed
        # the attribution ends the sentence: '"…" that she can win, said Jane Smith.'
        comma = window.find(", ")
        for _ in range(MAX_CLAUSES):
            if comma < 0 or RE_ANY_QUOTE.search(window, 0, comma):
                break
            late = self._after_at(window, comma, close_pos, False)
            if late.speaker is not None and late.named:
                return Attribution(
                    late.speaker,
                    late.named,
                    late.mention_start,
                    late.mention_end,
                    late.cue,
                    DISTANT_CUE_CONFIDENCE,
                )
            comma = window.find(", ", comma + 2)
        return cue_only

    def _after_at(
        self, window: str, offset: int, close_pos: int, ended: bool, *, strict: bool = False
    ) -> Attribution:
        """An attribution clause at ``window[offset:]`` (``said X`` or ``X said``)."""
        part = window[offset:] if offset else window
        cue_only = NOBODY
        for pattern in (RE_AFTER_VERB_FIRST, RE_AFTER_SPEAKER_FIRST):
            m = _search(pattern, part)
            if m is None or m.group("sp").split()[0].lower() in {"i", "we"}:
                continue
            cue = m.group("cue")
            known = cue.split()[0].lower() in REPORTING_VERBS
            if (strict and not known) or (
                ended and (not known or RE_NEW_CLAUSE.match(part, m.end()) is not None)
            ):
                continue  # '"…." Fiorina said Cruz "says …"': a new sentence's own clause
            found = self._from_match(m, close_pos + offset, cue, CLAUSE_CONFIDENCE)
            if found.speaker is not None:
                return found
            cue_only = cue_only if cue_only.cue else found
        return cue_only

    def according_after(self, close_pos: int, limit: int) -> Attribution:
        """``…," according to The Ledger.`` at the end of the quotation's sentence: the
        source the whole sentence is credited to, before any speaker inside it."""
        window = self.text[close_pos : min(limit, close_pos + MAX_WINDOW)]
        if "according" not in window.lower():
            return NOBODY
        m = _search(RE_ACCORDING_AFTER, window)
        if m is None or RE_ANY_QUOTE.search(window, 0, m.start()):
            return NOBODY
        found = self._from_match(m, close_pos, "according to", FORM_CONFIDENCE)
        return found if found.speaker is not None else NOBODY

    def roundup(self, para_start: int, open_pos: int) -> Attribution:
        """A roundup or transcript head: ``Rep. Jo Kent (R-Ala.): "`` / ``Jo Kent, The
        Ledger: "`` — a name alone before a colon at the paragraph's start."""
        m = RE_ROUNDUP.match(self.text, para_start, open_pos)
        if m is None:
            return NOBODY
        return self._from_match(m, 0, ":", FORM_CONFIDENCE)

    def subject_of(self, start: int, end: int) -> str | None:
        """Who the words in ``[start, end)`` are about: their subject, named or a pronoun."""
        window = self.text[start:end]
        m = RE_LEADING_PRONOUN.match(window)
        if m:
            return self.people.resolve_mention(m.group("sp"), start + m.start("sp"))[0]
        person = self.people.subject_between(start, end)
        if person is None or person.possessive or person.after_preposition:
            return None
        return self.people.canonical(person.tokens, person.start)

    def subject(self, start: int, open_pos: int, *, ends_clause: bool) -> Attribution:
        """The subject of the sentence a quoted fragment stands in (``X said it would be "…"``).

        A pronoun opening the sentence is resolved; otherwise the first person named
        outside quotation marks, not in a possessive and not after a preposition. The
        sentence needs a reporting verb before the fragment, unless the fragment ends a
        clause (``Bush referred to Rubio as "a bright leader."``): quoted words inside a
        noun phrase (``the "imposed" war``) are the writer's.
        """
        window = self.text[start:open_pos]
        verb = RE_REPORTING.search(window, timeout=TIMEOUT)
        if not ends_clause and verb is None:
            return NOBODY
        cue = verb.group() if verb is not None else None
        m = RE_LEADING_PRONOUN.match(window)
        if m:
            speaker, named = self.people.resolve_mention(m.group("sp"), start + m.start("sp"))
            if speaker is not None:
                return Attribution(
                    speaker,
                    named,
                    start + m.start("sp"),
                    start + m.end("sp"),
                    cue,
                    PRONOUN_SUBJECT_CONFIDENCE,
                )
        else:
            person = self.people.subject_between(start, open_pos)
            if person is not None and not person.possessive and not person.after_preposition:
                return self._from_person(person, cue, SUBJECT_CONFIDENCE)
        # reported speech whose speaker we cannot name: a quotation all the same
        return Attribution(None, False, None, None, cue, 0.0) if cue else NOBODY

    def announced(self, prev_start: int, prev_end: int, sentence_start: int) -> Attribution:
        """A paragraph ending in a colon announces the quotation that opens the next one."""
        subject = self.people.subject_between(sentence_start, prev_end)
        if subject is None:
            return NOBODY
        return self._from_person(subject, ":", ANNOUNCED_CONFIDENCE)
