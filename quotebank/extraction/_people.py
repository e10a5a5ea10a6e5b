"""Who the document talks about: person mentions and their fullest names.

A document names a person fully once ("Ayatollah Ruhollah Khomeini") and then by
surname, title or pronoun. :class:`People` collects every capitalised run that looks
like a person's name, strips titles, and resolves later mentions ("Khomeini",
"the Imam", "Imam [Khomeini]", "Mr. Hashemi", "He") to one canonical name.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

import regex

from quotebank.extraction._grammar import REPORTING_VERBS
from quotebank.extraction._patterns import (
    JOB_TITLES,
    NON_NAME,
    NOT_PERSON,
    PREPOSITIONS,
    RE_BRACKET_NAME,
    RE_CAPITAL_RUN,
    RE_NAME_TOKEN,
    RE_TITLE_ONLY,
    RE_TITLE_PREFIX,
    RE_VERB_FOLLOWS,
    TIMEOUT,
    TITLE_WORDS,
)
from quotebank.extraction._sentences import ABBREVIATIONS, RE_SENTENCE_END

__all__ = ["People", "PersonMention", "strip_titles"]

#: Farthest (in characters) a pronoun looks back for its antecedent.
MAX_ANTECEDENT_DISTANCE = 3000
#: Farthest (in characters) back from a mention that its sentence's start is sought.
MAX_SENTENCE = 400
#: The gender a third-person pronoun refers to.
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
#: Honorifics that tell a person's gender.
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f"}
#: A possessive or reflexive pronoun later in the clause a name is subject of.
RE_GENDER_AFTER = regex.compile(r"[^.!?\"“”\n]{0,70}?\b(?P<g>his|him|himself|her|herself)\b", regex.VERSION1)
#: English irregular past tenses (a grammar fact, not a corpus list).
IRREGULAR_PAST = (
    r"(?:said|told|wrote|spoke|thought|went|gave|took|made|came|knew|got|put|won|lost|ran|"
    r"met|saw|felt|left|kept|sought|brought|bought|taught|caught|fought|held|led|meant|paid|"
    r"sent|spent|stood|understood|began|became|broke|chose|drove|fell|forgot|grew|hid|rode|"
    r"rose|sang|sat|shook|slept|stole|struck|swore|threw|woke|wore|withdrew|read|let|set|"
    r"cut|hit|quit|shot|bit|built|dealt|drew|ate|flew|forgave|found|heard|lay|lent|rang|"
    r"sold|shut|spun|split|spread|stuck|stung|swept|swam|tore|wept|wound)"
)
#: What follows a name standing as a subject: a verb (perhaps after an adverb or a
#: party tag), or an appositive or relative clause opened by a comma.
RE_SUBJECT_FOLLOWS = regex.compile(
    r"(?:\s*\([^()\n]{1,40}\))?(?:,\s|\s*[—–]|\s+--?\s|\s+(?:\p{Ll}+ly\s+|also\s+|then\s+|later\s+)?"
    r"(?:\p{Ll}{2,}(?:ed|s)|" + IRREGULAR_PAST + r"|is|was|has|had|will|would|can|could|"
    r"did|does|may|might|must|should)(?:n['’]t)?\b)",
    regex.VERSION1,
)


#: An office written before ``of`` and the name: ``Secretary of`` (State John Kerry).
RE_OFFICE_OF = regex.compile(r"\b(?P<title>\p{Lu}\p{Ll}+)\.?[ \t]+of[ \t]+$", regex.VERSION1)
#: Right before a mention: the start of a line or of a sentence.
RE_OPENS_SENTENCE = regex.compile(r"(?:^|\n|[.!?][\"”’]?[ \t]+)$", regex.VERSION1)
#: Right after a mention: a lowercase word (not a possessive or a clause of its own).
RE_LOWER_NEXT = regex.compile(r"[ \t]+\p{Ll}", regex.VERSION1)
#: Words that, right before a capitalised run with no title, make it a common noun or a
#: modifier (``the Democrats``, ``the Trump campaign``, ``other Republicans``), not a
#: person: English determiners and quantifiers (a grammar fact, not a corpus list).
DETERMINERS = frozenset(
    "the a an this that these those other another some many most several few both all "
    "each every any no".split()
)
#: Lowercase words that may stand between a capitalised run and a name without making
#: the run a modifier of that name: clause words, not nouns (``Trump and Jane Doe``).
_NOT_NOUN = (
    r"(?:and|or|but|nor|that|who|whom|which|whose|is|was|were|are|be|has|had|have|will|"
    r"would|can|could|did|does|do|may|might|must|should|as|than|then|if|when|while|"
    + "|".join(sorted(PREPOSITIONS | REPORTING_VERBS | DETERMINERS, key=len, reverse=True))
    + r"|"
    + IRREGULAR_PAST
    + r")"
)
#: After a capitalised run, one or two lowercase nouns and then a name of two words or
#: more: the run describes that name (``Former Mexican presidents Vicente Fox``,
#: ``Huckabee spokeswoman Alice Stewart``). Verbs (``-ed``, reporting verbs), ``-ly``
#: adverbs and clause words do not count as nouns: ``Trump told Jane Doe`` keeps Trump.
RE_DESCRIBES_NAME = regex.compile(
    r"""
    (?: [ \t]+ (?!"""
    + _NOT_NOUN
    + r"""\b) (?!\p{Ll}+(?:ed|ly)\b) \p{Ll}[\p{Ll}\-]+ ){1,2}
    [ \t]+ \p{Lu}\p{Ll}+ (?:[ \t]+\p{Lu}\.)? [ \t]+ \p{Lu}\p{Ll}
    """,
    regex.VERSION1 | regex.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A place where the document names a person."""

    start: int
    end: int
    tokens: tuple[str, ...]
    possessive: bool
    titled: str | None
    after_preposition: bool


def strip_titles(name: str) -> str:
    """``"Ayatollah Ruhollah Khomeini"`` → ``"Ruhollah Khomeini"``."""
    return str(RE_TITLE_PREFIX.sub("", name.strip())).strip()


def _name_tokens(words: list[str]) -> list[list[str]]:
    """Split a capitalised run into candidate names at words that are not names."""
    titled = [i for i, w in enumerate(words) if w in JOB_TITLES or w in TITLE_WORDS]
    if titled and titled[-1] + 1 < len(words):
        words = words[titled[-1] + 1 :]  # "Commission Chair Marcus Delgado": after the title
    if any(w in NOT_PERSON for w in words):
        return []  # "Democratic National Committee", "Channel Four": an institution
    groups: list[list[str]] = []
    current: list[str] = []
    for w in words:
        if len(w) == 1 and current:
            continue  # a middle initial: Janet L. Yellen
        if (
            w in NON_NAME
            or w in NOT_PERSON
            or w in TITLE_WORDS
            or w in JOB_TITLES
            or not w[:1].isupper()
            or len(w) == 1
            or w.isupper()  # an acronym names an organisation
        ):
            if current:
                groups.append(current)
            current = []
        else:
            current.append(w)
    if current:
        groups.append(current)
    return groups


@functools.lru_cache(maxsize=65536)
def _parse_whole(whole: str) -> tuple[str | None, list[list[str]], str | None, bool]:
    """Title, candidate names, bracket and possessive of one capitalised run."""
    run, bracket = whole, None
    if whole.endswith("]") and "[" in whole:
        cut = whole.index("[")
        run, bracket = whole[:cut], whole[cut:]
    poss = run.endswith(("'s", "’s"))
    if poss:
        run = run[:-2]
    title, groups = _parse_run(run, bracket)
    return title, groups, bracket, poss


def _parse_run(run: str, bracket: str | None) -> tuple[str | None, list[list[str]]]:
    """Split a capitalised run into its title and candidate names."""
    title_m = RE_TITLE_PREFIX.match(run)
    title = title_m.group().strip() if title_m else None
    words = RE_NAME_TOKEN.findall(run[title_m.end() :] if title_m else run)
    if bracket:
        bm = RE_BRACKET_NAME.match(bracket)
        if bm:
            words = bm.group("name").split()
    return title, _name_tokens(words)


class People:
    """The persons a document names, with every mention, in document order.

    Args:
        text: The whole document.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.mentions: list[PersonMention] = []
        self._titles: defaultdict[str, Counter[str]] = defaultdict(Counter)
        candidates: list[tuple[int, int, list[str], bool, str | None]] = []
        self._of_office: dict[tuple[str, ...], tuple[str, ...]] = {}
        office_starts: set[int] = set()  # runs after "Secretary of": not after a preposition
        surnames: Counter[str] = Counter()
        single: Counter[str] = Counter()
        timeout = TIMEOUT + len(text) / 2_000_000
        verb_follows = RE_VERB_FOLLOWS.match
        for m in RE_CAPITAL_RUN.finditer(text, timeout=timeout):
            whole = m.group()
            if whole in NON_NAME:  # the commonest case: "The", "In", "Iran"
                continue
            title, groups, bracket, poss = _parse_whole(whole)
            if not groups:
                continue
            start, end = m.span()
            # the name is the last group in the run (titles and adjectives come first)
            tokens = groups[-1][-4:]
            if len(tokens) >= 2 and text[max(0, start - 3) : start] == "of ":
                office = RE_OFFICE_OF.search(text, max(0, start - 40), start)
                if office is not None and office.group("title") in JOB_TITLES:
                    # "Secretary of State John Kerry": the office's object, then the name
                    self._of_office[tuple(tokens)] = tuple(tokens[1:])
                    tokens = tokens[1:]
                    office_starts.add(start)
            is_evidence = (
                (title is not None and groups[-1] is groups[0])
                or 2 <= len(tokens) <= 4
                or bool(bracket)
                or (
                    len(groups) == 1
                    and len(tokens) == 1
                    and not poss
                    and not tokens[0].isupper()
                    and verb_follows(text, end, end + 40) is not None
                )
            )
            if is_evidence:
                surnames[tokens[-1]] += 1
            elif len(tokens) == 1 and not tokens[0].isupper():
                single[tokens[0]] += 1
            candidates.append((start, end, tokens, poss, title))
        # a lone capitalised word used again and again is a person's name too ("Khamenei")
        self.surnames = set(surnames) | {w for w, n in single.items() if n >= 3}
        self._full: defaultdict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
        for start, end, tokens, poss, title in candidates:
            key = tokens[-1]
            if key not in self.surnames:
                continue
            before = text[max(0, start - 12) : start].split()
            if title is None and before and before[-1].lower() in DETERMINERS:
                continue  # "the other Republicans", "the Trump campaign": not a person
            if RE_DESCRIBES_NAME.match(text, end, end + 60) is not None:
                continue  # "Former Mexican presidents Vicente Fox": a descriptor
            after_prep = bool(before) and before[-1].lower() in PREPOSITIONS and start not in office_starts
            self.mentions.append(PersonMention(start, end, tuple(tokens), poss, title, after_prep))
            self._full[key][tuple(tokens)] += 1
            if title:
                bare = title.split()[-1].rstrip(".")
                self._titles[bare.lower()][key] += 1
        # "Republican Donald Trump" where "Donald Trump" and "Trump" stand alone too:
        # the first word describes the name (a party, a nationality), it is no given
        # name. Without the bare surname the shorter form is a family name of two
        # words ("Leila Hashemi Tavana" ... "Hashemi Tavana"), and the first word is
        # her given name.
        self._alias: dict[tuple[str, ...], tuple[str, ...]] = self._of_office
        for key, names in self._full.items():
            for n in sorted(names, key=len, reverse=True):
                if len(n) >= 3 and n[1:] in names and (key,) in names:
                    self._alias[n] = self._alias.get(n[1:], n[1:])
                    names[n[1:]] += names.pop(n)
        if self._alias:
            self.mentions = [
                replace(mm, tokens=self._alias[mm.tokens]) if mm.tokens in self._alias else mm
                for mm in self.mentions
            ]
        self._starts = [mm.start for mm in self.mentions]
        #: The mentions of each surname, in document order: resolving one person never
        #: walks every mention of the document (which made long documents quadratic).
        self._by_key: defaultdict[str, list[PersonMention]] = defaultdict(list)
        for mm in self.mentions:
            self._by_key[mm.tokens[-1]].append(mm)
        self._key_starts = {k: [mm.start for mm in ms] for k, ms in self._by_key.items()}
        self._inner: dict[str, tuple[str, ...] | None] = {}
        self._given: defaultdict[str, dict[tuple[str, ...], int]] | None = None
        self._option_cache: dict[
            tuple[str, ...], tuple[tuple[tuple[str, ...], ...], tuple[str, ...] | None]
        ] = {}
        self._mention_votes: dict[str, Counter[str]] = {}
        self._quoted_starts: list[int] = []
        self._quoted_ends: list[int] = []
        self._speakers: list[tuple[int, str]] = []
        self._genders: dict[str, str | None] = {}
        self._pronoun_votes: defaultdict[str, Counter[str]] = defaultdict(Counter)

    # --- resolution -------------------------------------------------------------------
    def canonical(self, tokens: tuple[str, ...] | list[str], at: int | None = None) -> str:
        """The fullest name the document uses for the person named by ``tokens``.

        Among names ending with the same surname, the one mentioned nearest before
        ``at`` wins when given names differ (Maryam vs Massoud Rajavi).
        """
        tokens = tuple(tokens)
        if not tokens:
            return ""
        tokens = self._alias.get(tokens, tokens)
        key = tokens[-1]
        options, best = self._options(tokens)
        if len(tokens) == 1 and (not options or len(options[0]) == 1):
            # "Mr. Hashemi" → "Hashemi Rafsanjani": a given name of a fuller name
            inner = self._inner_name(key)
            if inner is not None:
                return " ".join(inner)
        if best is None:
            return " ".join(tokens)
        if len(options) > 1 and at is not None:
            same = self._by_key.get(key, [])
            for i in range(bisect.bisect_left(self._key_starts.get(key, []), at) - 1, -1, -1):
                if same[i].tokens in options:
                    return " ".join(same[i].tokens)
        return " ".join(best)

    def _options(self, tokens: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...] | None]:
        """The longest names ending in ``tokens`` and the commonest of them, computed once
        per ``tokens``: the names a document uses do not change as it is read."""
        cached = self._option_cache.get(tokens)
        if cached is not None:
            return cached
        fulls = self._full.get(tokens[-1])
        result: tuple[tuple[tuple[str, ...], ...], tuple[str, ...] | None] = ((), None)
        if fulls:
            longest = max(len(n) for n in fulls)
            options = tuple(
                n for n in fulls if len(n) == longest and (len(tokens) == 1 or n[-len(tokens) :] == tokens)
            )
            result = (options, max(options, key=lambda n: fulls[n]) if options else None)
        self._option_cache[tokens] = result
        return result

    def _inner_name(self, key: str) -> tuple[str, ...] | None:
        """The commonest fuller name with ``key`` as a given name (``Hashemi`` in
        ``Hashemi Rafsanjani``), computed once per key: the names do not change."""
        if self._given is None:  # every fuller name under each of its given names, once
            self._given = defaultdict(dict)
            for names in self._full.values():
                for n, c in names.items():
                    for given in set(n[:-1]):
                        self._given[given][n] = c
        if key not in self._inner:
            inner = Counter(self._given.get(key, {}))
            self._inner[key] = inner.most_common(1)[0][0] if inner else None
        return self._inner[key]

    def resolve_title(self, title: str) -> str | None:
        """The person a bare title (``the Imam``) refers to in this document, if any."""
        bare = title.split()[-1].rstrip(".").lower()
        counts = self._titles.get(bare)
        if not counts:
            return None
        key = counts.most_common(1)[0][0]
        return self.canonical((key,))

    def mark_quoted(self, spans: list[tuple[int, int]]) -> None:
        """Tell the directory where quotations stand: names inside them are nobody's antecedent.

        Args:
            spans: ``(start, end)`` of the top-level quotations, in document order.
        """
        self._quoted_starts = [s for s, _ in spans]
        self._quoted_ends = [e for _, e in spans]
        self._mention_votes.clear()
        self._genders.clear()

    def note_speaker(self, pos: int, name: str) -> None:
        """Record that ``name`` spoke at ``pos`` (in document order): a pronoun's antecedent."""
        self._speakers.append((pos, name))

    def _quotation_at(self, pos: int) -> int:
        """Index of the top-level quotation holding ``pos``, or -1."""
        i = bisect.bisect_right(self._quoted_starts, pos) - 1
        return i if i >= 0 and pos < self._quoted_ends[i] else -1

    def _quoted(self, pos: int, inside: int = -1) -> bool:
        """Whether ``pos`` is quoted, other than in quotation ``inside`` (where a pronoun
        within a quotation finds persons the quotation itself names)."""
        i = self._quotation_at(pos)
        return i >= 0 and i != inside

    def _is_subject(self, mention: PersonMention, inside: int = -1) -> bool:
        """A mention standing as a clause's subject: outside quotes, not possessive, not
        after a preposition, and followed by a verb or an appositive."""
        if mention.possessive or mention.after_preposition or self._quoted(mention.start, inside):
            return False
        if RE_SUBJECT_FOLLOWS.match(self.text, mention.end, mention.end + 80) is not None:
            return True
        # a name opening a sentence and followed by a lowercase word is its subject
        # ("Manafort all but begged reporters", "Trump himself was delighted")
        return (
            RE_OPENS_SENTENCE.search(self.text, max(0, mention.start - 4), mention.start) is not None
            and RE_LOWER_NEXT.match(self.text, mention.end, mention.end + 40) is not None
        )

    def latest_before(self, pos: int, lower: int = 0, gender: str | None = None) -> PersonMention | None:
        """The last person named as a subject before ``pos`` (and not before ``lower``),
        of ``gender`` (``"m"``/``"f"``) unless the text shows the other."""
        idx = bisect.bisect_left(self._starts, pos) - 1
        inside = self._quotation_at(pos)
        while idx >= 0 and self.mentions[idx].start >= lower:
            mention = self.mentions[idx]
            if (
                mention.end <= pos
                and self._is_subject(mention, inside)
                and self._agrees(mention.tokens[-1], gender)
            ):
                return mention
            idx -= 1
        return None

    def _main_subject(self, latest: PersonMention, inside: int, gender: str | None) -> PersonMention:
        """The first subject of the sentence ``latest`` stands in: the main clause's
        subject comes first (``Axelrod said the race helped Clinton, who ... Obama did``
        is about Axelrod), and a pronoun in the next sentence continues it."""
        lo = max(self.text.rfind("\n", 0, latest.start) + 1, latest.start - MAX_SENTENCE)
        sent_start = lo
        for m in RE_SENTENCE_END.finditer(self.text, lo, latest.start):
            dot = m.start()
            word = self.text[self.text.rfind(" ", lo, dot) + 1 : dot].lower()
            if self.text[dot] != "." or (word not in ABBREVIATIONS and len(word) > 1):
                sent_start = m.end()
        idx = bisect.bisect_left(self._starts, sent_start)
        while idx < len(self.mentions) and self.mentions[idx].start < latest.start:
            mention = self.mentions[idx]
            if self._is_subject(mention, inside) and self._agrees(mention.tokens[-1], gender):
                return mention
            idx += 1
        return latest

    def note_gender(self, name: str, pronoun: str) -> None:
        """Record that ``he``/``she`` was resolved to ``name``: evidence of gender."""
        gender = PRONOUN_GENDER.get(pronoun.lower())
        if gender is None or not name.split():
            return
        key = name.split()[-1]
        self._pronoun_votes[key][gender] += 1
        self._genders.pop(key, None)

    def _agrees(self, key: str, gender: str | None) -> bool:
        """Whether the person whose name ends in ``key`` may be ``gender``."""
        if gender is None:
            return True
        known = self._gender(key)
        return known is None or known == gender

    def _gender(self, key: str) -> str | None:
        """The gender the document shows for a person: an honorific (``Mr.``, ``Mrs.``)
        or a possessive or reflexive pronoun later in the sentence they are subject of
        (``Anna closed her book``)."""
        if key in self._genders:
            return self._genders[key]
        votes: Counter[str] = Counter(self._pronoun_votes.get(key, {}))
        for gender, count in self._votes_of_mentions(key).items():
            votes[gender] += count
        top = votes.most_common(2)
        found = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
        self._genders[key] = found
        return found

    def _votes_of_mentions(self, key: str) -> Counter[str]:
        """The gender votes of the unquoted mentions of ``key`` (honorifics count twice),
        computed once per key: only the pronoun votes change as quotations are read."""
        cached = self._mention_votes.get(key)
        if cached is not None:
            return cached
        votes: Counter[str] = Counter()
        for mention in self._by_key.get(key, []):
            if self._quoted(mention.start):
                continue
            if mention.titled:
                bare = mention.titled.split()[-1].rstrip(".").lower()
                if bare in HONORIFIC_GENDER:
                    votes[HONORIFIC_GENDER[bare]] += 2
            m = RE_GENDER_AFTER.match(self.text, mention.end, mention.end + 80)
            if m:
                votes["m" if m.group("g").lower() in {"his", "him", "himself"} else "f"] += 1
        self._mention_votes[key] = votes
        return votes

    def antecedent(self, pos: int, sentence_start: int | None = None, pronoun: str = "he") -> str | None:
        """Who ``he``/``she`` at ``pos`` is.

        A person named earlier in the same sentence, outside quotation marks and not
        after a preposition (``Khomeini's decision, which he said …``); else the later of
        the last subject named outside quotation marks and the last speaker credited.
        """
        lower = max(0, pos - MAX_ANTECEDENT_DISTANCE)
        inside = self._quotation_at(pos)
        if inside >= 0:
            # within a quotation, "he" is someone the speaker talks about, not the speaker
            lower = max(lower, self._quoted_starts[inside])
        if sentence_start is not None:
            idx = bisect.bisect_left(self._starts, pos) - 1
            while idx >= 0 and self.mentions[idx].start >= sentence_start:
                mention = self.mentions[idx]
                if (
                    mention.end <= pos
                    and not mention.after_preposition
                    and not self._quoted(mention.start, inside)
                ):
                    return self.canonical(mention.tokens, mention.start)
                idx -= 1
        gender = PRONOUN_GENDER.get(pronoun.lower())
        subject = self.latest_before(pos, lower, gender)
        if subject is not None:
            subject = self._main_subject(subject, self._quotation_at(pos), gender)
        i = bisect.bisect_left(self._speakers, (pos, "")) - 1
        while (
            i >= 0
            and self._speakers[i][0] >= lower
            and not self._agrees(self._speakers[i][1].split()[-1], gender)
        ):
            i -= 1
        speaker = self._speakers[i] if i >= 0 and self._speakers[i][0] >= lower else None
        if speaker is not None and (subject is None or speaker[0] > subject.start):
            return speaker[1]
        if subject is None:
            return None
        return self.canonical(subject.tokens, subject.start)

    def subject_between(self, start: int, end: int) -> PersonMention | None:
        """The first person named as a subject in ``[start, end)``: followed by a verb or an
        appositive (``Democratic presidential candidate Bernie Sanders is`` gives Sanders);
        else the first not possessive and not after a preposition; else the first."""
        idx = bisect.bisect_left(self._starts, start)
        plain: PersonMention | None = None
        fallback: PersonMention | None = None
        while idx < len(self.mentions) and self.mentions[idx].end <= end:
            mention = self.mentions[idx]
            idx += 1
            if self._quoted(mention.start):
                continue
            if self._is_subject(mention):
                return mention
            if plain is None and not mention.possessive and not mention.after_preposition:
                plain = mention
            fallback = fallback or mention
        return plain or fallback

    def resolve_mention(
        self, mention: str, at: int, sentence_start: int | None = None
    ) -> tuple[str | None, bool]:
        """Resolve the words naming a speaker to ``(name, named)``.

        ``named`` is False when the words describe someone without naming them
        (``a former Trump advisor``); the words are then returned as given.
        """
        mention = " ".join(mention.split())
        bm = RE_BRACKET_NAME.search(mention, timeout=TIMEOUT)
        if bm:
            return self.canonical(bm.group("name").split(), at), True
        tm = RE_TITLE_ONLY.match(mention)
        if tm:
            name = self.resolve_title(tm.group("title"))
            return (name, True) if name else (mention, False)
        first = mention.split()[0]
        if first.lower() in {"he", "she", "him", "her", "they"}:
            prior = self.antecedent(at, sentence_start, first)
            return (prior, True) if prior is not None else (None, False)
        if first.lower() in {"the", "a", "an", "one", "some", "his", "her", "their"}:
            return mention, False
        stripped = strip_titles(mention)
        words = RE_NAME_TOKEN.findall(stripped)
        groups = _name_tokens(words)
        if not groups:
            # "When", "Iran": capitalised words that name nobody
            return (None, False) if len(mention.split()) == 1 else (mention, False)
        return self.canonical(groups[-1], at), True
