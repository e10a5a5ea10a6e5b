"""The extraction of one document: quotations, their speakers, kinds and context.

:func:`quotebank.extraction.extract` runs :class:`Extraction` over a document. The work
is split into small steps, each in its own module: :mod:`._scanner` pairs quote marks,
:mod:`._people` finds who the text names, :mod:`._attribution` matches the patterns that
credit a speaker, and :mod:`._sentences` finds the sentence around each quotation.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable

import regex

from quotebank.errors import ExtractionTimeoutError, InputTypeError
from quotebank.extraction._attribution import NOBODY, Attribution, Attributor
from quotebank.extraction._patterns import (
    MAX_WINDOW,
    RE_CHAIN,
    RE_COLON_END,
    RE_INTERVIEW_WITH,
    RE_POST_SIGNATURE,
    RE_TERM_CUE,
    RE_TITLED,
    RE_TURN,
    RE_WORK_CUE,
    TIMEOUT,
)
from quotebank.extraction._people import People
from quotebank.extraction._scanner import Paragraph, Span, paragraphs, scan
from quotebank.extraction._sentences import Sentences
from quotebank.models import Mention, Quote, QuoteKind

__all__ = ["Extraction", "extract"]

_MONTHS = {
    m: i
    for i, m in enumerate(
        "January February March April May June July August September October November December".split(),
        start=1,
    )
}
#: Most characters of context kept on each side of a quotation.
MAX_CONTEXT = 600
#: Longest unattributed quotation (in words) still taken as a term after a term cue
#: (``slogans such as``) is twice this; a title case name of up to twice this is a term.
TERM_MAX_WORDS = 6
#: Longest unattributed quotation (in words) taken as a scare quote wherever it stands;
#: three words or more are someone's wording (a quotation, perhaps with no speaker).
SCARE_MAX_WORDS = 2
#: Longest roundup head before a quotation: ``Jane Smith, The Daily Ledger: "``.
MAX_ROUNDUP = 80
#: Fewest words of a quoted phrase taken as someone's wording wherever it stands.
MIN_WORDING = 3
#: Punctuation that ends a clause, inside or right after a closing mark.
CLAUSE_END = frozenset(",.;:!?)—–…")
#: Most characters before an opening mark for the quotation to open its paragraph
#: (indentation, a dash): wider would take narration for a line of dialogue, or a
#: clause for a quotation re-opened in the next paragraph.
OPENING_INDENT = 4
#: Least confidence for an unclosed single-quoted span to be kept: below it a stray
#: apostrophe (``the '90s``) is likelier than a quotation whose close was lost.
STRAY_SINGLE_CONFIDENCE = 0.85
#: Confidence of a speaker named by an interview's turn marker (``Q:``, or ``A:`` when
#: the text names the interviewee) or by an embedded post's signature: the layout says
#: who speaks. An ``A:`` whose interviewee the text never names is less sure.
TURN_CONFIDENCE = 0.9
UNNAMED_TURN_CONFIDENCE = 0.8
#: Longest gap (characters) between two quotations chained by ``and``/``or``/a comma
#: (``"…" and "…"``); longer, a new clause likely stands between.
MAX_CHAIN_GAP = 24
#: Longest paragraph head before an interview turn's quotation (``**Q:** "``).
MAX_TURN_HEAD = 12
#: Confidence kept by a chained quotation (``"…" and "…"``) from the first one.
CHAIN_DECAY = 0.95
#: Confidence kept by a quotation that inherits the previous one's speaker: the
#: further from its attribution, the likelier a change of speaker.
INHERIT_DECAY = 0.9
#: Confidence in the actor of an action beat (``Harold shrugged. "Out."``).
BEAT_CONFIDENCE = 0.5
#: Confidence in the person the text was talking about, for a statement standing alone:
#: the weakest guess the extractor makes, kept because a reader would make it too.
TOPIC_CONFIDENCE = 0.45
#: Confidence of a term (a title, a scare quote) and of a quotation credited to nobody.
TERM_CONFIDENCE = 0.6
UNCREDITED_CONFIDENCE = 0.5
#: Confidence kept by a quotation whose closing mark never came.
UNCLOSED_DECAY = 0.8
#: Confidence in a turn of a two-person exchange that no clause credits: the
#: alternation is the rule of written dialogue, but a third speaker or a speaker
#: going on breaks it.
TURN_CONFIDENCE = 0.5
#: Most letters, besides the attribution, between a quotation and the previous one for
#: it to continue the same speaker's words (``warning that "…" because "…"``).
MAX_GAP = 16


def extract(text: str) -> list[Quote]:
    """Find the direct quotations in ``text``, with speaker, cue, context and offsets.

    Args:
        text: A whole document; one paragraph per line (blank lines are ignored).

    Returns:
        The quotations in document order. ``text[q.start:q.end] == q.text`` for each;
        a nested quotation's ``parent`` is the index of its enclosing quotation.

    Raises:
        InputTypeError: (a ``TypeError``) when ``text`` is not a ``str`` (decode bytes with
            :func:`~quotebank.extraction.decode_text` first).
        ExtractionTimeoutError: only if a pattern exceeds its time budget on a
            whole-document scan, which linear input sizes up to the 64 MiB default
            limit do not reach.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"extract() takes str, not {type(text).__name__}; decode bytes first")
    try:
        return Extraction(text).run()
    except TimeoutError as exc:  # a whole-document scan ran past its budget
        raise ExtractionTimeoutError(f"pattern matching timed out ({exc})") from None


class Extraction:
    """One document's extraction: build it with the text, then :meth:`run` it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paras = paragraphs(text)
        self._para_starts = [p.start for p in self.paras]
        self.people = People(text)
        self.sentences = Sentences(text)
        self.attributor = Attributor(text, self.people)
        self._interviewee: tuple[str | None] | None = None
        #: The last two top-level quotations credited to someone: the turns of a dialogue.
        self._turns: list[Span] = []

    # --- top level ----------------------------------------------------------------------
    def run(self) -> list[Quote]:
        if not self.paras:
            return []
        spans = scan(self.text, self.paras)
        self.people.mark_quoted([(s.open_pos, s.end) for s in spans if s.parent is None])
        kept: list[tuple[Span, Attribution, QuoteKind]] = []
        done: dict[int, Attribution] = {}
        last_child: dict[int, Span] = {}
        spoken: dict[int, Span] = {}  # the last quotation credited to someone
        kinds: dict[int, QuoteKind] = {}
        for span in spans:
            parent_key = id(span.parent) if span.parent is not None else 0
            prev = last_child.get(parent_key)
            attribution = self._attribute(span, prev, spoken.get(parent_key), done)
            last_child[parent_key] = span
            if attribution.speaker is not None:
                spoken[parent_key] = span
                if span.parent is None:
                    self._turns = [*self._turns[-1:], span]
            done[id(span)] = attribution
            if attribution.named and attribution.speaker and span.parent is None:
                self.people.note_speaker(attribution.mention_start or span.start, attribution.speaker)
                ms, me = attribution.mention_start, attribution.mention_end
                if ms is not None and me is not None and me - ms <= 3:  # "he said"
                    self.people.note_gender(attribution.speaker, self.text[ms:me])
            if (
                not span.closed
                and span.family == "single"
                and span.parent is None
                and (attribution.speaker is None or attribution.confidence < STRAY_SINGLE_CONFIDENCE)
            ):
                continue  # a stray apostrophe, not a quotation
            kind = self._kind(span, attribution, prev, kinds.get(id(prev)) if prev else None)
            kinds[id(span)] = kind
            kept.append((span, attribution, kind))
        posts = list(self._posts())
        return self._build(kept, posts)

    # --- attribution --------------------------------------------------------------------
    def _attribute(
        self,
        span: Span,
        prev: Span | None,
        last_spoken: Span | None,
        done: dict[int, Attribution],
    ) -> Attribution:
        """Who said ``span``: ``prev`` is the quotation before it, ``last_spoken`` the
        last one credited to someone (a title between them does not break a turn)."""
        text = self.text
        para = self.paras[span.paragraph - 1]
        parent = span.parent
        sent_start, _ = self.sentences.bounds(span.open_pos, para.start, para.end)
        lower = max(sent_start, span.open_pos - MAX_WINDOW, para.start)
        if parent is not None:
            lower = max(lower, parent.start)
        if prev is not None and prev.end >= lower and prev.end <= span.open_pos:
            gap = text[prev.after : span.open_pos] if prev.closed else ""
            inherited = done.get(id(prev), NOBODY)
            if (
                inherited.speaker is not None
                and prev.closed
                and len(gap) < MAX_CHAIN_GAP
                and RE_CHAIN.match(gap, timeout=TIMEOUT)
            ):
                return Attribution(
                    inherited.speaker,
                    inherited.named,
                    inherited.mention_start,
                    inherited.mention_end,
                    inherited.cue,
                    inherited.confidence * CHAIN_DECAY,
                )
            lower = max(lower, prev.after)
        if parent is None and self._is_title(span):
            return NOBODY  # on Channel Nine's "Morning Table": the name of a work
        if parent is None and span.open_pos - para.start < MAX_TURN_HEAD:
            turn = RE_TURN.match(text[para.start : span.open_pos])
            if turn:
                return self._turn(turn.group("who"), para.start + turn.start("who"))
        if parent is None and span.open_pos - para.start < MAX_ROUNDUP:
            roundup = self.attributor.roundup(para.start, span.open_pos)
            if roundup.speaker is not None:
                return roundup
        if parent is None and span.closed:
            close_para = self.paras[span.paragraphs[-1] - 1]
            _, sent_end = self.sentences.bounds(
                min(span.after, close_para.end), close_para.start, close_para.end
            )
            source = self.attributor.according_after(span.after, max(sent_end, span.after))
            if source.speaker is not None:
                return source  # "…," according to The Ledger: the sentence's source
        result, strong = self.attributor.before(lower, span.open_pos)
        if result.first_person:  # "I said": the speaker of the enclosing quotation
            outer = done.get(id(parent), NOBODY) if parent is not None else NOBODY
            if outer.speaker is None:
                return result  # a cue without a speaker we can name
            return Attribution(
                outer.speaker,
                outer.named,
                result.mention_start,
                result.mention_end,
                result.cue,
                result.confidence,
            )
        if result.speaker is not None and strong:
            return result
        if RE_TITLED.search(text, max(lower, span.open_pos - 40), span.open_pos, timeout=TIMEOUT):
            return NOBODY  # the title of something, whoever is named after it
        after = self._after(span)
        if after.speaker is not None:
            return after
        if (
            parent is None
            and sent_start < span.open_pos
            and self._title_case(span)
            and not self._announced(span)
        ):
            return NOBODY  # "Going Viral", "Red Neck Country Club": a name, not words said
        if result.speaker is not None:
            return result
        cue_only = result if result.cue else after
        if parent is not None:
            return cue_only
        announced = self._announced_by_previous(span, para)
        if announced.speaker is not None:
            return announced
        return self._implicit(span, para, sent_start, lower, cue_only, last_spoken, done)

    def _announced_by_previous(self, span: Span, para: Paragraph) -> Attribution:
        """A paragraph ending in a colon announces the quotation opening the next one:
        its clause (``Breitbart News responded:``) or its last sentence's subject."""
        text = self.text
        if span.paragraph == 1 or span.open_pos - para.start >= OPENING_INDENT:
            return NOBODY
        previous = self.paras[span.paragraph - 2]
        if not RE_COLON_END.search(text, previous.start, previous.end, timeout=TIMEOUT):
            return NOBODY
        prev_sent, _ = self.sentences.bounds(
            max(previous.end - 2, previous.start), previous.start, previous.end
        )
        clause, _ = self.attributor.before(prev_sent, previous.end)
        if clause.speaker is not None:
            return clause
        return self.attributor.announced(previous.start, previous.end, prev_sent)

    def _implicit(
        self,
        span: Span,
        para: Paragraph,
        sent_start: int,
        lower: int,
        cue_only: Attribution,
        last_spoken: Span | None,
        done: dict[int, Attribution],
    ) -> Attribution:
        """A top-level quotation with no attribution clause of its own: a later fragment
        of an attributed sentence, the subject of its sentence, a continuation of the
        previous speaker's turn, an action beat, or the person just talked about."""
        inherited = done.get(id(last_spoken), NOBODY) if last_spoken is not None else NOBODY
        if (
            last_spoken is not None
            and inherited.speaker is not None
            and last_spoken.paragraphs[-1] == span.paragraph
            and last_spoken.open_pos >= sent_start
        ):
            return self._inherit(inherited)  # a later fragment of the same sentence
        if cue_only.cue is None:
            subject = self.attributor.subject(
                max(sent_start, lower),
                span.open_pos,
                ends_clause=self._ends_clause(span) or self._wording(span),
            )
            if subject.speaker is not None:
                return subject
            cue_only = subject if subject.cue else cue_only
        if last_spoken is not None:
            turn = self._turn_taking(span, para, done)
            if turn is not None:
                return turn
            continued = self._continuation(span, last_spoken, inherited)
            if continued is not None:
                return continued
        opens_sentence = sent_start >= span.open_pos - 1
        if cue_only.cue is None and opens_sentence and sent_start > para.start:
            # an action beat: 'Harold shrugged. "Out."' - the quotation is the actor's
            before_start, _ = self.sentences.bounds(sent_start - 2, para.start, para.end)
            actor = self.attributor.subject_of(before_start, sent_start)
            if actor is not None:
                return Attribution(actor, True, None, None, None, BEAT_CONFIDENCE)
        if cue_only.cue is None and opens_sentence and self._wording(span):
            # a statement standing alone: the person the text was just talking about
            speaker = self.people.antecedent(max(span.open_pos - 1, 0), None, "")
            if speaker is not None:
                return Attribution(speaker, True, None, None, None, TOPIC_CONFIDENCE)
        return cue_only

    def _title_case(self, span: Span, min_words: int = 2) -> bool:
        """Title case: every word of four letters or more capitalised, no ``?``/``!``."""
        quoted = self.text[span.start : span.end]
        words = quoted.split()
        if len(words) < min_words or len(words) > 2 * TERM_MAX_WORDS:
            return False
        if not words[0][:1].isupper() or "?" in quoted or "!" in quoted:
            return False
        long_words = [w for w in words if sum(c.isalpha() for c in w) > 3]
        return len(long_words) >= min_words and all(w[:1].isupper() for w in long_words)

    def _announced(self, span: Span) -> bool:
        """A colon just before the opening mark announces the quotation as words said."""
        head = self.text[max(span.open_pos - 4, 0) : span.open_pos].rstrip()
        return head.endswith(":")

    def _is_title(self, span: Span) -> bool:
        """A title-case quotation after a kind of work or a possessive name."""
        if not self._title_case(span, 1):
            return False
        return (
            RE_WORK_CUE.search(self.text, max(span.open_pos - 40, 0), span.open_pos, timeout=TIMEOUT)
            is not None
        )

    def _wording(self, span: Span) -> bool:
        """Three words or more: someone's wording, not a scare-quoted word or two."""
        return len(self.text[span.start : span.end].split()) >= MIN_WORDING

    def _ends_clause(self, span: Span) -> bool:
        """Whether punctuation ends the quoted words (not ``the "imposed" war``)."""
        text = self.text
        # the last character before any closing marks of nested quotations (``…,' "``)
        last = text[max(span.start, span.end - 4) : span.end].rstrip("'’\"” ")[-1:]
        if not span.closed or last in CLAUSE_END:
            return True
        nxt = text[span.after : span.after + 1]
        return not nxt or nxt in CLAUSE_END or nxt == "\n"

    def _after(self, span: Span) -> Attribution:
        """The attribution that follows the closing mark, in the sentence that goes on."""
        text = self.text
        close_para = self.paras[span.paragraphs[-1] - 1]
        close_pos = span.after
        if close_pos >= close_para.end:
            return NOBODY
        nxt = close_pos
        while nxt < close_para.end and text[nxt].isspace():
            nxt += 1
        _, close_sent_end = self.sentences.bounds(min(nxt, close_para.end), close_para.start, close_para.end)
        ended = span.closed and text[span.end - 1 : span.end] == "."
        return self.attributor.after(
            close_pos,
            max(close_sent_end, close_pos),
            ended=ended,
            punctuated=self._ends_clause(span),
        )

    def _continuation(self, span: Span, prev: Span, inherited: Attribution) -> Attribution | None:
        """A quotation whose only neighbour is the previous one's attribution is its speaker's.

        The previous quotation is in the same paragraph, or ends the paragraph before
        the one this quotation opens (a quotation re-opened in the next paragraph).
        """
        if inherited.speaker is None or not prev.closed:
            return None
        last = prev.paragraphs[-1]
        para = self.paras[span.paragraph - 1]
        if last == span.paragraph:
            gap_end = span.open_pos
            sent_start, _ = self.sentences.bounds(span.open_pos, para.start, para.end)
            if sent_start <= prev.open_pos:
                return self._inherit(inherited)  # a later fragment of the same sentence
        elif last == span.paragraph - 1 and span.open_pos - para.start < OPENING_INDENT:
            gap_end = self.paras[last - 1].end  # re-opened in the next paragraph
        else:
            return None
        if gap_end - prev.end > MAX_WINDOW:
            return None
        gap_start = prev.after
        me = inherited.mention_end
        if me is not None and gap_start < me <= gap_end:
            # the attribution's own sentence ("…," said X, a professor at Y. "…") is no gap
            para = self.paras[last - 1]
            _, sent_end = self.sentences.bounds(me, para.start, para.end)
            gap_start = max(gap_start, min(sent_end + 1, gap_end))
        gap = self.text[gap_start:gap_end]
        if sum(c.isalnum() for c in gap) > MAX_GAP and not self._about(gap_start, gap_end, inherited.speaker):
            return None  # other words stand between: not the same speaker's turn
        return self._inherit(inherited)

    def _turn_taking(self, span: Span, para: Paragraph, done: dict[int, Attribution]) -> Attribution | None:
        """An untagged line in an exchange of two speakers is the turn of the one before
        the last: ``"Where?" asked Tom.`` / ``"Out," Anna said.`` / ``"Out where?"``.

        Three consecutive paragraphs, each opening with its quotation, the last holding
        nothing but the quotation, the two before credited to two different speakers.
        """
        if len(self._turns) < 2:
            return None
        two_back, last = self._turns
        number = span.paragraph
        if last.paragraphs[-1] != number - 1 or two_back.paragraphs != [number - 2]:
            return None
        if len(last.paragraphs) != 1:
            return None
        for line in (two_back, last, span):
            if line.open_pos - self.paras[line.paragraph - 1].start >= OPENING_INDENT:
                return None
        if any(c.isalnum() for c in self.text[span.after : para.end]):
            return None  # words of the narrator follow: not a bare line of dialogue
        first, second = done.get(id(two_back), NOBODY), done.get(id(last), NOBODY)
        if first.speaker is None or first.speaker == second.speaker:
            return None
        return Attribution(first.speaker, first.named, None, None, None, TURN_CONFIDENCE)

    @staticmethod
    def _inherit(inherited: Attribution) -> Attribution:
        return Attribution(
            inherited.speaker,
            inherited.named,
            inherited.mention_start,
            inherited.mention_end,
            inherited.cue,
            round(inherited.confidence * INHERIT_DECAY, 3),
        )

    def _about(self, start: int, end: int, speaker: str) -> bool:
        """Whether the words between two quotations are about their speaker: each
        sentence's subject is that speaker, named or as a pronoun."""
        if end - start > MAX_WINDOW:
            return False
        subject = self.attributor.subject_of(start, end)
        return subject is not None and subject == speaker

    def _turn(self, who: str, pos: int) -> Attribution:
        if who == "Q":
            return Attribution("interviewer", False, pos, pos + 1, "Q:", TURN_CONFIDENCE)
        if self._interviewee is None:
            self._interviewee = (self._find_interviewee(),)
        name = self._interviewee[0]
        if name is None:
            return Attribution("interviewee", False, pos, pos + 1, "A:", UNNAMED_TURN_CONFIDENCE)
        return Attribution(name, True, pos, pos + 1, "A:", TURN_CONFIDENCE)

    def _find_interviewee(self) -> str | None:
        timeout = TIMEOUT + len(self.text) / 2_000_000
        for m in RE_INTERVIEW_WITH.finditer(self.text, timeout=timeout):
            at = m.start("sp")
            para = self.paras[bisect.bisect_right(self._para_starts, at) - 1]
            sent_start, _ = self.sentences.bounds(at, para.start, para.end)
            name, named = self.people.resolve_mention(m.group("sp"), at, sent_start)
            if named and name:
                return name
        return None

    def _kind(
        self,
        span: Span,
        attribution: Attribution,
        prev: Span | None,
        prev_kind: QuoteKind | None,
    ) -> QuoteKind:
        """Unattributed short phrases are terms: scare quotes, names, slogans."""
        if attribution.speaker is not None or attribution.cue is not None:
            return QuoteKind.QUOTATION
        text = self.text
        words = text[span.start : span.end].split()
        if any(c in text[span.start : span.end] for c in "?!"):
            return QuoteKind.QUOTATION
        if (
            len(words) <= SCARE_MAX_WORDS
            or self._is_title(span)
            or RE_TITLED.search(text, max(span.open_pos - 40, 0), span.open_pos, timeout=TIMEOUT)
        ):
            return QuoteKind.TERM
        if span.parent is None and self._title_case(span) and not self._announced(span):
            para = self.paras[span.paragraph - 1]
            sent_start, _ = self.sentences.bounds(span.open_pos, para.start, para.end)
            if sent_start < span.open_pos:
                return QuoteKind.TERM
        if len(words) <= 2 * TERM_MAX_WORDS:
            before = text[max(span.open_pos - 40, 0) : span.open_pos]
            if RE_TERM_CUE.search(before, timeout=TIMEOUT):
                return QuoteKind.TERM
            if (
                prev is not None
                and prev_kind is QuoteKind.TERM
                and prev.closed
                and 0 <= span.open_pos - prev.after < MAX_CHAIN_GAP
                and RE_CHAIN.match(text[prev.after : span.open_pos], timeout=TIMEOUT)
            ):
                return QuoteKind.TERM
        return QuoteKind.QUOTATION

    # --- posts --------------------------------------------------------------------------
    def _posts(self) -> Iterable[tuple[int, int, int, regex.Match[str]]]:
        text = self.text
        for i, para in enumerate(self.paras):
            if text.find("(@", para.start, para.end) < 0:
                continue
            m = RE_POST_SIGNATURE.search(text, para.start, para.end, timeout=TIMEOUT)
            if not m:
                continue
            start, end = para.start, m.start()
            body = text[start:end]
            if sum(c.isalnum() for c in body) < 3 and i > 0:
                prior = self.paras[i - 1]
                start, end = prior.start, prior.end
                number = prior.number
            else:
                number = para.number
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                yield start, end, number, m

    # --- output -------------------------------------------------------------------------
    def _build(
        self,
        kept: list[tuple[Span, Attribution, QuoteKind]],
        posts: list[tuple[int, int, int, regex.Match[str]]],
    ) -> list[Quote]:
        order: list[tuple[int, int, int, int]] = [
            (item[0].start, -item[0].end, 0, i) for i, item in enumerate(kept)
        ] + [(post[0], -post[1], 1, i) for i, post in enumerate(posts)]
        order.sort()
        quotes: list[Quote] = []
        index: dict[int, int] = {}
        for _, _, is_post, i in order:
            if is_post:
                quotes.append(self._post(*posts[i]))
                continue
            span, attribution, kind = kept[i]
            index[id(span)] = len(quotes)
            quotes.append(self._quote(span, attribution, kind, index))
        return quotes

    def _quote(self, span: Span, attribution: Attribution, kind: QuoteKind, index: dict[int, int]) -> Quote:
        text = self.text
        para = self.paras[span.paragraph - 1]
        ctx_start, ctx_end = self.sentences.bounds(span.open_pos, para.start, para.end)
        if len(span.paragraphs) == 1 and span.end <= para.end:
            _, end_sent = self.sentences.bounds(min(span.after, para.end), para.start, para.end)
            ctx_end = max(ctx_end, end_sent, span.end)
        else:
            ctx_end = para.end
        ctx_start = min(ctx_start, span.start)
        # a run-on "sentence" (no full stops for a megabyte) is cut to a window
        if span.start - ctx_start > MAX_CONTEXT:
            cut = text.find(" ", span.start - MAX_CONTEXT, span.start)
            ctx_start = cut + 1 if cut >= 0 else span.start - MAX_CONTEXT
        if ctx_end - max(span.end, ctx_start) > MAX_CONTEXT:
            limit = max(span.end, ctx_start) + MAX_CONTEXT
            cut = text.rfind(" ", max(span.end, ctx_start), limit)
            ctx_end = cut if cut > span.end else limit
        mention = None
        if attribution.mention_start is not None and attribution.mention_end is not None:
            ms, me = attribution.mention_start, attribution.mention_end
            mention = Mention(text=text[ms:me], start=ms, end=me)
        confidence = (
            attribution.confidence
            if attribution.speaker
            else (TERM_CONFIDENCE if kind is QuoteKind.TERM else UNCREDITED_CONFIDENCE)
        )
        if not span.closed:
            confidence *= UNCLOSED_DECAY
        parent = index.get(id(span.parent)) if span.parent is not None else None
        return Quote.model_construct(
            text=text[span.start : span.end],
            start=span.start,
            end=span.end,
            speaker=attribution.speaker,
            speaker_named=attribution.named,
            speaker_mention=mention,
            cue=attribution.cue,
            kind=kind,
            context=text[ctx_start:ctx_end],
            context_start=ctx_start,
            paragraph=span.paragraph,
            parent=parent,
            confidence=round(max(0.0, min(1.0, confidence)), 3),
            closed=span.closed,
            handle=None,
            posted=None,
        )

    def _post(self, start: int, end: int, number: int, m: regex.Match[str]) -> Quote:
        text = self.text
        name_start, name_end = m.start("name"), m.end("name")
        try:
            posted: dt.date | None = dt.date(
                int(m.group("year")), _MONTHS[m.group("month")], int(m.group("day"))
            )
        except ValueError:
            posted = None
        return Quote.model_construct(
            text=text[start:end],
            start=start,
            end=end,
            speaker=m.group("name").strip(),
            speaker_named=True,
            speaker_mention=Mention(text=text[name_start:name_end], start=name_start, end=name_end),
            cue="—",
            kind=QuoteKind.POST,
            context=text[start : m.end()],
            context_start=start,
            paragraph=number,
            parent=None,
            confidence=TURN_CONFIDENCE,
            closed=True,
            handle=m.group("handle"),
            posted=posted,
        )
