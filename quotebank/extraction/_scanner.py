"""Pairing quote marks into quoted spans, in one linear pass.

The scanner walks the quote marks of each paragraph once, keeping a small stack of
open quotations. It tells a closing single quote from an apostrophe by the letters
around it, lets a double quotation run on into the next paragraph when that paragraph
reopens the mark, and ends an unclosed quotation at its paragraph's end so that a
stray mark never swallows the document.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from quotebank.extraction._patterns import RE_MARK

__all__ = ["Paragraph", "Span", "paragraphs", "scan"]

#: Deepest nesting tracked; further opening marks are taken as literal characters.
MAX_DEPTH = 8

_DOUBLE = "double"
_SINGLE = "single"
_GUILLEMET = "guillemet"
_SGUILLEMET = "sguillemet"
_OPENERS_BEFORE = set(' \t\n([{—–-:/;,"“„‘«')


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A non-blank line of the input: its 1-based number and character range."""

    number: int
    start: int
    end: int


@dataclass(slots=True)
class Span:
    """A quoted span: ``text[start:end]`` is inside the marks."""

    open_pos: int
    start: int
    end: int
    family: str
    paragraph: int
    closed: bool
    depth: int
    parent: Span | None = None
    paragraphs: list[int] = field(default_factory=list)
    #: For a quotation carried over paragraphs: where each later paragraph reopened it.
    reopened: list[tuple[int, int, int]] = field(default_factory=list)
    children: list[Span] = field(default_factory=list)
    #: Where the text goes on after the closing mark (``end`` if unclosed): a space may
    #: stand before the mark (``… Clinton,' "``) and ``''`` is two characters wide.
    after: int = 0


#: Longest line (characters) of hard-wrapped text: e-mail, wire copy and e-books wrap
#: at 60-80 characters; a line longer than this is a whole paragraph.
WRAP_WIDTH = 100
#: Characters sampled to decide whether a text is hard-wrapped.
WRAP_SAMPLE = 50_000


def hard_wrapped(text: str) -> bool:
    """Whether ``text`` wraps its lines by hand and ends paragraphs with blank lines.

    It does when blank lines separate blocks, lines often run on into a next non-blank
    line, and hardly any line is longer than :data:`WRAP_WIDTH`.
    """
    lines = text[:WRAP_SAMPLE].split("\n")
    filled = [bool(line.strip()) for line in lines]
    n_filled = sum(filled)
    if n_filled < 4 or n_filled == len(lines):
        return False
    runs_on = sum(1 for a, b in itertools.pairwise(filled) if a and b)
    too_long = sum(1 for line in lines if len(line) > WRAP_WIDTH)
    return runs_on >= max(2, n_filled // 10) and too_long * 20 < n_filled


def paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs, numbered from 1.

    A paragraph is one non-blank line; in hard-wrapped text (see :func:`hard_wrapped`)
    it is a block of lines between blank lines, so a quotation runs on over a line wrap.
    """
    if hard_wrapped(text):
        return _blocks(text)
    result: list[Paragraph] = []
    pos = 0
    n = len(text)
    number = 0
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        if text[pos:end].strip():
            number += 1
            result.append(Paragraph(number, pos, end))
        if nl == -1:
            break
        pos = nl + 1
    return result


def _blocks(text: str) -> list[Paragraph]:
    """Paragraphs separated by blank lines, each spanning its wrapped lines."""
    result: list[Paragraph] = []
    start: int | None = None
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        if text[pos:end].strip():
            if start is None:
                start = pos
            last_end = end
        elif start is not None:
            result.append(Paragraph(len(result) + 1, start, last_end))
            start = None
        if nl == -1:
            break
        pos = nl + 1
    if start is not None:
        result.append(Paragraph(len(result) + 1, start, last_end))
    return result


@dataclass(slots=True)
class _Open:
    family: str
    pos: int
    paragraph: int
    depth: int
    parent: _Open | None
    span: Span | None = None  # filled for multi-paragraph continuation
    width: int = 1  # characters of the opening mark (2 for '')


def _classify(
    text: str, i: int, ch: str, stack: list[_Open], para_start: int, last_single: int = -1
) -> tuple[str, str]:
    """Return (action, family) for the mark at ``i``: action is open, close or skip.

    ``last_single`` is the position of the paragraph's last single closing mark.
    """
    prev = text[i - 1] if i > para_start else " "
    after = i + len(ch)
    nxt = text[after] if after < len(text) else " "
    if ch == "''":
        ch = '"'  # two apostrophes print a double mark
    if ch == "„":
        return "open", _DOUBLE
    if ch == "“":
        # „…“ (German) and writers who close with “: a closer when it ends a word
        if (
            stack
            and stack[-1].family == _DOUBLE
            and not prev.isspace()
            and (nxt.isspace() or nxt in ".,;:!?)")
        ):
            return "close", _DOUBLE
        return "open", _DOUBLE
    if ch == "”":
        # ” used as an opener: no double quotation open, a word follows, none precedes
        if (
            not any(o.family == _DOUBLE for o in stack)
            and (prev.isspace() or prev in "(—–")
            and (nxt.isalnum())
        ):
            return "open", _DOUBLE
        return "close", _DOUBLE
    if ch == "«":
        return "open", _GUILLEMET
    if ch == "»":
        return "close", _GUILLEMET
    if ch == "‹":
        return "open", _SGUILLEMET
    if ch == "›":
        return "close", _SGUILLEMET
    has = {o.family for o in stack}
    if ch == '"':
        if _DOUBLE in has and (not prev.isspace() or nxt.isspace() or nxt in ".,;:!?)"):
            return "close", _DOUBLE
        if not nxt.isspace():
            return "open", _DOUBLE
        return "skip", ""
    # single marks: ' ’ ‘ ‚
    if prev.isalnum() and nxt.isalpha():
        return "skip", ""  # apostrophe: Khamenei's, don't
    if ch in "‘‚":
        return "open", _SINGLE
    if _SINGLE in has and not prev.isspace():
        if prev in "sS" and nxt == " " and text[after + 1 : after + 2].islower() and last_single > i:
            return "skip", ""  # a plural possessive, the Dursleys' house: closes later
        return "close", _SINGLE
    if ch == "'" and (prev in _OPENERS_BEFORE or prev.isspace()) and nxt.isalnum():
        return "open", _SINGLE
    return "skip", ""


def scan(text: str, paras: list[Paragraph] | None = None) -> list[Span]:
    """Find every quoted span in ``text``, outermost first within each position.

    Args:
        text: The whole document.
        paras: Its paragraphs, if already computed by :func:`paragraphs`.

    Returns:
        Spans sorted by start offset; nested spans point at their parent.
    """
    if paras is None:
        paras = paragraphs(text)
    spans: list[Span] = []
    marks = [(m.start(), m.group()) for m in RE_MARK.finditer(text)]
    mi = 0
    carried: _Open | None = None  # a double quotation continuing from the last paragraph
    for pi, para in enumerate(paras):
        stack: list[_Open] = []
        skip_pos = -1
        if carried is not None:
            first = _first_nonspace(text, para.start, para.end)
            if first is not None and text[first] in '"“„«':
                stack.append(carried)
                skip_pos = first
                if carried.span is not None:
                    carried.span.paragraphs.append(para.number)
                    carried.span.reopened.append((first, para.number, para.end))
            else:
                _end_carried(spans, carried, text, paras, pi - 1)
            carried = None
        while mi < len(marks) and marks[mi][0] < para.start:
            mi += 1
        para_marks_start = mi
        while mi < len(marks) and marks[mi][0] < para.end:
            mi += 1
        para_marks = marks[para_marks_start:mi]
        last_single = max((p for p, c in para_marks if c in "’'"), default=-1)
        last_double = max((p for p, c in para_marks if c in ('"', "“", "”", "„", "''")), default=-1)
        for pos, ch in para_marks:
            if pos == skip_pos:
                continue
            action, family = _classify(text, pos, ch, stack, para.start, last_single)
            if action == "open":
                if len(stack) >= MAX_DEPTH:
                    continue
                parent = stack[-1] if stack else None
                stack.append(_Open(family, pos, para.number, len(stack), parent, None, len(ch)))
            elif action == "close":
                idx = _find(stack, family)
                if idx < 0:
                    continue
                # A double mark closing an open single one, while another double mark
                # follows in the paragraph, is a typo for the single mark.
                if (
                    family == _DOUBLE
                    and stack[-1].family == _SINGLE
                    and idx < len(stack) - 1
                    and last_double > pos
                ):
                    idx = len(stack) - 1
                while len(stack) - 1 > idx:
                    _emit(spans, stack.pop(), text, pos, closed=False)
                _emit(spans, stack.pop(), text, pos, closed=True, width=len(ch))
        # paragraph end: a bottom double quotation may continue into the next paragraph
        while stack:
            top = stack.pop()
            if not stack and top.family in (_DOUBLE, _GUILLEMET) and pi + 1 < len(paras):
                if top.span is None:
                    top.span = Span(
                        top.pos,
                        top.pos + 1,
                        para.end,
                        top.family,
                        top.paragraph,
                        False,
                        top.depth,
                        None,
                        [top.paragraph],
                    )
                carried = top
            elif top.span is not None and top.span.reopened:
                _end_carried(spans, top, text, paras, pi)
            else:
                _emit(spans, top, text, para.end, closed=False)
    if carried is not None:
        _end_carried(spans, carried, text, paras, len(paras) - 1)
    spans = [s for s in spans if s.end > s.start]
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _end_carried(spans: list[Span], op: _Open, text: str, paras: list[Paragraph], last: int) -> None:
    """A quotation carried over paragraphs that never closes is not one quotation:
    each paragraph's part ends at its own paragraph (so "“x" on every line of a file
    cannot become a single quotation swallowing the document)."""
    span = op.span
    if span is None or not span.reopened:
        _emit(spans, op, text, paras[last].end, closed=False)
        return
    first_para = paras[span.paragraph - 1]
    segments = [(op.pos, span.paragraph, first_para.end), *span.reopened]
    span.reopened = []
    span.paragraphs = [span.paragraph]
    _emit(spans, op, text, first_para.end, closed=False)
    parts: list[Span] = [span] if span.end > span.start else []
    for open_pos, number, para_end in segments[1:]:
        part = _Open(op.family, open_pos, number, 0, None)
        before = len(spans)
        _emit(spans, part, text, para_end, closed=False)
        if len(spans) > before:
            parts.append(spans[-1])
    for child in span.children:
        owner = next((p for p in reversed(parts) if p.start <= child.start), None)
        child.parent = owner


def _first_nonspace(text: str, start: int, end: int) -> int | None:
    for i in range(start, min(end, start + 16)):
        if not text[i].isspace():
            return i
    return None


def _find(stack: list[_Open], family: str) -> int:
    for idx in range(len(stack) - 1, -1, -1):
        if stack[idx].family == family:
            return idx
    return -1


def _emit(spans: list[Span], op: _Open, text: str, close_pos: int, *, closed: bool, width: int = 1) -> None:
    start = op.pos + op.width
    end = close_pos
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(c.isalnum() for c in text[start : min(end, start + 4096)]):
        return
    if op.family == _SINGLE and end - start < 2:
        return  # rock 'n' roll
    span = op.span
    if span is None:
        span = Span(op.pos, start, end, op.family, op.paragraph, closed, op.depth, None, [op.paragraph])
    else:
        span.start, span.end, span.closed = start, end, closed
    span.after = close_pos + width if closed else end
    op.span = span
    if op.parent is not None and op.parent.span is None:
        # parent not emitted yet: give it a placeholder span we fill in later
        op.parent.span = Span(
            op.parent.pos,
            op.parent.pos + 1,
            op.parent.pos + 1,
            op.parent.family,
            op.parent.paragraph,
            False,
            op.parent.depth,
            None,
            [op.parent.paragraph],
        )
    span.parent = op.parent.span if op.parent is not None else None
    if span.parent is not None:
        span.parent.children.append(span)
    spans.append(span)
