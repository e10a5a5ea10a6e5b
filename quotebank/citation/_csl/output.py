"""Rich output: a small tree of formatted pieces, and how it becomes text, HTML or Markdown.

Everything a style renders is a tree of :class:`N` nodes (with affixes, quotes,
formatting) over plain strings. Field values are parsed for the inline markup CSL-JSON
allows (``<i>``, ``<b>``, ``<sc>``, ``<sup>``, ``<sub>``, ``<span class="nocase">``,
quotation marks). Writing the tree out applies the output rules citeproc-js applies:
quotes flip-flop by depth, italics flip-flop, punctuation meeting punctuation merges,
periods and commas move inside closing quotes when the locale says so.
"""

from __future__ import annotations

import re
from typing import Any, Literal

__all__ = ["N", "is_empty", "parse_markup", "text_case", "to_format"]

Piece = Any  # str | N | None

FMT_ATTRS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class N:
    """A formatted node: children with affixes, quotes, formatting and display."""

    __slots__ = ("display", "empty", "fmt", "kids", "nocase", "prefix", "quotes", "suffix", "tag")

    def __init__(
        self,
        kids: list[Piece],
        fmt: dict[str, str] | None = None,
        prefix: str = "",
        suffix: str = "",
        quotes: bool | str = False,
        display: str = "",
        nocase: bool = False,
        tag: str = "",
    ) -> None:
        self.kids = kids
        self.fmt = fmt
        self.prefix = prefix
        self.suffix = suffix
        self.quotes = quotes
        self.display = display
        self.nocase = nocase
        self.tag = tag
        self.empty: bool | None = None  # computed once, by is_empty()

    def __repr__(self) -> str:
        return f"N({self.kids!r}, {self.fmt!r}, {self.prefix!r}, {self.suffix!r}, {self.quotes}, {self.tag})"


def is_empty(piece: Piece) -> bool:
    """True when a piece prints nothing (affixes alone do not count)."""
    if piece is None:
        return True
    if isinstance(piece, str):
        return piece == ""
    e: bool | None = piece.empty
    if e is None:
        # a loop, not all() over a generator: this runs for every node of every render
        e = True
        for k in piece.kids:
            if k is None or k == "":
                continue
            if k.__class__ is N:
                ke = k.empty
                if ke is None:
                    ke = is_empty(k)
                if ke:
                    continue
            e = False
            break
        piece.empty = e
    return e


def plain_text(piece: Piece) -> str:
    """The characters of a piece without affixes, quotes or formatting."""
    if piece is None:
        return ""
    if isinstance(piece, str):
        return piece
    parts: list[str] = []
    for k in piece.kids:
        if k.__class__ is str:
            parts.append(k)
        elif k is not None:
            parts.append(plain_text(k))
    return "".join(parts)


# ---------------------------------------------------------------- inline markup in data

_MARKUP = re.compile(
    r'(<i>|</i>|<b>|</b>|<sc>|</sc>|<sup>|</sup>|<sub>|</sub>|<span class="nocase">'
    r'|<span style="font-variant:\s*small-caps;?">|</span>|"|\u201c|\u201d|\u2018|\u2019|\')'
)
_OPEN_TAGS = {
    "<i>": ("</i>", {"font-style": "italic"}),
    "<b>": ("</b>", {"font-weight": "bold"}),
    "<sc>": ("</sc>", {"font-variant": "small-caps"}),
    "<sup>": ("</sup>", {"vertical-align": "sup"}),
    "<sub>": ("</sub>", {"vertical-align": "sub"}),
}
_NEEDS_PARSE = re.compile(r"[<\"'\u201c\u201d\u2018\u2019]")


def parse_markup(text: str) -> Piece:
    """A field value as a piece: plain text stays a string; markup becomes nodes."""
    if not _NEEDS_PARSE.search(text):
        return text
    parts = _MARKUP.split(text)
    root = N([])
    # stack entries: (node, closing token, opening token)
    stack: list[tuple[N, str, str]] = [(root, "", "")]
    for i, tok in enumerate(parts):
        if i % 2 == 0:
            if tok:
                stack[-1][0].kids.append(tok)
            continue
        prev = parts[i - 1][-1:] if parts[i - 1] else ""
        if not prev and i >= 2:
            prev = "x" if parts[i - 2].startswith("</") else ""
        nxt = parts[i + 1][:1] if i + 1 < len(parts) else ""
        if not nxt and i + 2 < len(parts):
            nxt = "x" if parts[i + 2].startswith("<") and not parts[i + 2].startswith("</") else ""
        top_close = stack[-1][1]
        if tok in _OPEN_TAGS:
            close, fmt = _OPEN_TAGS[tok]
            # small caps, superscript and subscript in the data are left as typed by text-case
            node = N([], dict(fmt), nocase=tok in ("<sc>", "<sup>", "<sub>"))
            stack[-1][0].kids.append(node)
            stack.append((node, close, tok))
        elif tok == '<span class="nocase">':
            node = N([], nocase=True)
            stack[-1][0].kids.append(node)
            stack.append((node, "</span>", tok))
        elif tok.startswith("<span"):
            node = N([], {"font-variant": "small-caps"}, nocase=True)
            stack[-1][0].kids.append(node)
            stack.append((node, "</span>", tok))
        elif tok.startswith("</"):
            if any(entry[1] == tok for entry in stack[1:]):
                while stack[-1][1] != tok:
                    _unwind(stack)
                stack.pop()
            else:
                stack[-1][0].kids.append(tok)
        elif tok == '"':
            if top_close == '"':
                stack.pop()
            elif any(e[1] == '"' for e in stack[1:]) and (not nxt or not nxt.isalnum()):
                while stack[-1][1] != '"':
                    _unwind(stack)
                stack.pop()
            elif nxt and not nxt.isspace():
                node = N([], quotes=True)
                stack[-1][0].kids.append(node)
                stack.append((node, '"', tok))
            else:
                stack[-1][0].kids.append("\u201d" if prev and not prev.isspace() else "\u201c")
        elif tok == "\u201c":
            node = N([], quotes="data")
            stack[-1][0].kids.append(node)
            stack.append((node, "\u201d", tok))
        elif tok == "\u201d":
            if any(e[1] == "\u201d" for e in stack[1:]):
                while stack[-1][1] != "\u201d":
                    _unwind(stack)
                stack.pop()
            else:
                stack[-1][0].kids.append(tok)
        elif tok == "\u2018" or (tok == "'" and (not prev or not prev.isalnum()) and nxt and nxt.isalnum()):
            if tok == "'" and prev and prev.isalnum():
                stack[-1][0].kids.append("\u2019")
            else:
                node = N([], quotes="s" if tok == "\u2018" else True)
                stack[-1][0].kids.append(node)
                stack.append((node, "'", tok))
        else:  # ' or ’
            if prev and prev.isalnum() and nxt and nxt.isalnum():
                stack[-1][0].kids.append("\u2019")
            elif any(e[1] == "'" for e in stack[1:]) and (not nxt or not nxt.isalnum()):
                while stack[-1][1] != "'":
                    _unwind(stack)
                stack.pop()
            else:
                stack[-1][0].kids.append("\u2019")
    while len(stack) > 1:
        _unwind(stack)
    if len(root.kids) == 1 and isinstance(root.kids[0], str):
        return root.kids[0]
    return root


def _unwind(stack: list[tuple[N, str, str]]) -> None:
    """An opening mark that never closed: put it back as text."""
    node, _, opening = stack.pop()
    parent = stack[-1][0]
    idx = parent.kids.index(node)
    literal = {"'": "\u2019", '"': "\u201c"}.get(opening, opening)
    parent.kids[idx : idx + 1] = [literal, *node.kids]


# ---------------------------------------------------------------- text case

STOP_WORDS = frozenset(
    """a an and as at but by down for from in into nor of on onto or over so the till to up via
    with yet about above across after against along amid among around before behind below beneath
    beside between beyond despite during except inside like near off out per since than through
    toward towards under until unto upon versus vs. v. vs v within without de d' von van c et ca al""".split()
)
_WORD = re.compile(r"[\w\u2019'][\w\u2019'`]*")


def _leaves(piece: Piece, out: list[tuple[N, int, bool]], nocase: bool) -> None:
    if isinstance(piece, N):
        nc = nocase or piece.nocase
        for i, k in enumerate(piece.kids):
            if isinstance(k, str):
                out.append((piece, i, nc))
            else:
                _leaves(k, out, nc)


def text_case(piece: Piece, case: str, english: bool = True) -> Piece:
    """Apply a CSL ``text-case`` to a piece (words inside ``nocase`` spans are left alone)."""
    if piece is None or (case == "title" and not english):
        return piece
    if isinstance(piece, str):
        return _case_string(piece, case, [False] * len(piece))
    leaves: list[tuple[N, int, bool]] = []
    _leaves(piece, leaves, False)
    text = "".join(node.kids[i] for node, i, _ in leaves)
    mask: list[bool] = []
    for node, i, nc in leaves:
        mask.extend([nc] * len(node.kids[i]))
    out = _case_string(text, case, mask)
    pos = 0
    for node, i, _ in leaves:
        n = len(node.kids[i])
        node.kids[i] = out[pos : pos + n]
        pos += n
    return piece


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _case_string(text: str, case: str, mask: list[bool]) -> str:
    if case == "lowercase":
        new = text.lower()
    elif case == "uppercase":
        new = text.upper()
    else:
        new = _word_case(text, case)
    if len(new) != len(text):
        return text
    if any(mask):
        return "".join(o if m else c for o, c, m in zip(text, new, mask, strict=True))
    return new


_SENTENCE_END = frozenset(":?!")
_LATIN = re.compile(r"[\u0000-\u024f]")


def _word_case(text: str, case: str) -> str:
    """Word-wise cases (sentence, title, capitalize-first, capitalize-all); lengths are kept."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    if case == "capitalize-first":
        start = words[0].start()
        return text[:start] + text[start].upper() + text[start + 1 :]
    out: list[str] = []
    pos = 0
    all_upper = case == "sentence" and not any(c.islower() for c in text)
    last_index = len(words) - 1
    for n, m in enumerate(words):
        w = m.group(0)
        start = m.start()
        gap = text[pos:start]
        out.append(gap)
        pos = m.end()
        if case == "capitalize-all":
            out.append(_cap(w))
            continue
        if case == "sentence":
            if all_upper:
                w = w.lower()
            # citeproc-js: the first word capitalized, every other word lowercased
            # (words in a nocase span are kept by the mask)
            out.append(_cap(w) if n == 0 else w.lower())
            continue
        # title case (English): lowercase words are capitalized, except stop words inside
        # the title; words with capitals are left alone
        lw = w.lower()
        if w != lw:
            out.append(w)
            continue
        if not _LATIN.match(w):
            out.append(w)  # title case is for Latin script: β stays β (citeproc-js)
            continue
        first = n == 0 or any(c in _SENTENCE_END for c in gap)
        if len(w) == 1 and gap.endswith("-") and n:
            out.append(w)
            continue
        if not first and n != last_index:
            head = lw.replace("\u2019", "'").partition("'")[0]
            if lw in STOP_WORDS or (head != lw and head + "'" in STOP_WORDS):
                out.append(w)
                continue
        out.append(_cap(w))
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------- writing out

OutputFormat = Literal["text", "html", "markdown"]
PUNCT = frozenset(".!?:,;")
_MERGE = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}

_HTML_OPEN = {
    ("font-style", "italic"): ("<i>", "</i>"),
    ("font-style", "oblique"): ('<span style="font-style:oblique;">', "</span>"),
    ("font-style", "normal"): ('<span style="font-style:normal;">', "</span>"),
    ("font-weight", "bold"): ("<b>", "</b>"),
    ("font-weight", "normal"): ('<span style="font-weight:normal;">', "</span>"),
    ("font-weight", "light"): ('<span style="font-weight:light;">', "</span>"),
    ("font-variant", "small-caps"): ('<span style="font-variant:small-caps;">', "</span>"),
    ("font-variant", "normal"): ('<span style="font-variant:normal;">', "</span>"),
    ("text-decoration", "underline"): ('<span style="text-decoration:underline;">', "</span>"),
    ("text-decoration", "none"): ('<span style="text-decoration:none;">', "</span>"),
    ("vertical-align", "sup"): ("<sup>", "</sup>"),
    ("vertical-align", "sub"): ("<sub>", "</sub>"),
    ("vertical-align", "baseline"): ('<span style="baseline">', "</span>"),
}
_MD_OPEN = {
    ("font-style", "italic"): ("*", "*"),
    ("font-weight", "bold"): ("**", "**"),
    ("vertical-align", "sup"): ("^", "^"),
    ("vertical-align", "sub"): ("~", "~"),
}
#: citeproc-js's HTML for display blocks, line breaks and indentation included
_DISPLAY = {
    "block": ('\n\n    <div class="csl-block">', "</div>\n"),
    "left-margin": ('\n    <div class="csl-left-margin">', "</div>"),
    "right-inline": ('<div class="csl-right-inline">', "</div>\n  "),
    "indent": ('<div class="csl-indent">', "</div>\n  "),
}

# token kinds: 0 text, 1 markup (open), 2 markup (close), 3 open quote, 4 close quote


class Quotes:
    """The locale's quotation marks."""

    __slots__ = ("inner_close", "inner_open", "outer_close", "outer_open", "punct_in")

    def __init__(self, oo: str, oc: str, io: str, ic: str, punct_in: bool) -> None:
        self.outer_open, self.outer_close, self.inner_open, self.inner_close = oo, oc, io, ic
        self.punct_in = punct_in


def _tokens(piece: Piece, fmt: str, out: list[list[Any]], depth: int, state: dict[str, str]) -> None:
    if piece is None:
        return
    if isinstance(piece, str):
        if piece:
            out.append([0, piece])
        return
    if is_empty(piece):
        return
    if piece.prefix:
        out.append([0, piece.prefix])
    closes: list[str] = []
    if piece.display and fmt == "html" and piece.display in _DISPLAY:
        o, c = _DISPLAY[piece.display]
        out.append([1, o])
        closes.append(c)
    # only a node with formatting changes the state (its children restore their own changes)
    saved = dict(state) if piece.fmt else None
    if piece.fmt:
        for attr in FMT_ATTRS:
            value = piece.fmt.get(attr)
            if value is None:
                continue
            if (
                attr in ("font-style", "font-weight", "font-variant")
                and value != "normal"
                and state.get(attr) == value
            ):
                value = "normal"  # flip-flop
            elif value == "normal" and state.get(attr, "normal") == "normal":
                continue
            state[attr] = value
            table = _HTML_OPEN if fmt == "html" else _MD_OPEN if fmt == "markdown" else {}
            pair = table.get((attr, value))
            if pair:
                out.append([1, pair[0]])
                closes.append(pair[1])
    level = depth
    if piece.quotes:
        # double quotes outside, single inside; quotes given as single in the data start single
        level = (1 if piece.quotes == "s" else 0) if depth < 0 else depth + 1
        if depth >= 0 and level % 2 == depth % 2:
            level += 1
        out.append([3, level])
    for k in piece.kids:
        _tokens(k, fmt, out, level, state)
    if piece.quotes:
        # punctuation moves inside quotation marks a style puts and straight ones in the data,
        # not inside typographic ones typed in the data (citeproc-js)
        out.append([4, level, piece.quotes is True])
    for c in reversed(closes):
        out.append([2, c])
    if piece.display == "left-margin" and fmt != "html":
        out.append([0, " "])  # citeproc-js's text output: a space after the number
    if saved is not None:
        state.clear()
        state.update(saved)
    if piece.suffix:
        out.append([0, piece.suffix])


#: Superscript characters, written as <sup> in HTML as citeproc-js does (French ordinals: 1ʳᵉ).
SUPERSCRIPTS = dict(
    zip(
        "\u00aa\u00b2\u00b3\u00b9\u00ba\u02b0\u02b2\u02b3\u02b7\u02b8\u02e1\u02e2\u02e3\u1d43\u1d47\u1d48\u1d49\u1d4d"
        "\u1d4f\u1d50\u1d52\u1d56\u1d57\u1d58\u1d5b\u2070\u2071\u2074\u2075\u2076\u2077\u2078\u2079\u207f",
        "a23 1ohjrwylsxabdegkmoptuv0i456789n".replace(" ", ""),
        strict=True,
    )
)
_SUPER_RE = re.compile("[" + "".join(SUPERSCRIPTS) + "]")


def _escape(text: str) -> str:
    text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    if _SUPER_RE.search(text):
        text = _SUPER_RE.sub(lambda m: f"<sup>{SUPERSCRIPTS[m.group(0)]}</sup>", text)
    return text


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\*_[]`" else c for c in text)


def to_format(piece: Piece, fmt: str, quotes: Quotes) -> str:
    """Write a piece out as text, HTML or Markdown, with citeproc-js's punctuation rules."""
    toks: list[list[Any]] = []
    _tokens(piece, fmt, toks, -1, {})
    # punctuation moves inside closing quotes
    if quotes.punct_in:
        for i, t in enumerate(toks):
            if t[0] != 4 or not t[2]:
                continue
            j = i + 1
            while j < len(toks) and toks[j][0] in (2, 4):
                j += 1
            if j < len(toks) and toks[j][0] == 0 and toks[j][1][:1] in (".", ","):
                ch = toks[j][1][0]
                toks[j][1] = toks[j][1][1:]
                k = i - 1
                while k >= 0 and toks[k][0] != 0:
                    if toks[k][0] in (3,):
                        break
                    k -= 1
                if k >= 0 and toks[k][0] == 0:
                    last = toks[k][1][-1:]
                    if last in PUNCT:
                        toks[k][1] = toks[k][1][:-1] + (
                            last if last == ch else _MERGE[last].get(ch, last + ch)
                        )
                    else:
                        toks[k][1] += ch
    # punctuation meeting punctuation; doubled spaces
    prev: list[Any] | None = None
    for t in toks:
        if t[0] != 0:
            if t[0] in (3, 4):
                prev = None if t[0] == 3 else prev
            continue
        if not t[1]:
            continue
        if prev is not None:
            a = prev[1][-1:]
            b = t[1][:1]
            if a in PUNCT and b in PUNCT:
                merged = a if a == b else _MERGE[a].get(b, a + b)
                if merged != a + b:
                    prev[1] = prev[1][:-1] + merged
                    t[1] = t[1][1:]
            elif a == " " and b == " ":
                t[1] = t[1][1:]
        if t[1]:
            prev = t
    parts: list[str] = []
    for t in toks:
        kind = t[0]
        if kind == 0:
            text = t[1]
            parts.append(_escape(text) if fmt == "html" else _md_escape(text) if fmt == "markdown" else text)
        elif kind in (1, 2):
            parts.append(t[1])
        elif kind == 3:
            parts.append(quotes.outer_open if t[1] % 2 == 0 else quotes.inner_open)
        else:
            parts.append(quotes.outer_close if t[1] % 2 == 0 else quotes.inner_close)
    return "".join(parts)
