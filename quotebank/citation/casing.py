"""Text case and quotation marks inside field values, the way citeproc-js treats them.

Title case follows citeproc-js's rules (the reference for every style here): a word is
capitalised unless it is one letter long or a stop word, the first word and the word
after ``:``, ``?`` or ``!`` are always capitalised, a stop word that ends the title is
capitalised, and a word that already holds a capital letter is left alone. Words are
split at spaces and at punctuation, quotation marks and hyphens, so ``cease-fire``
becomes ``Cease-Fire`` and ``Iran’s`` keeps its lowercase ``s``.
"""

from __future__ import annotations

import regex

from quotebank.citation.rich import Q_CLOSE, Q_OPEN, SQ_CLOSE, SQ_OPEN

__all__ = ["capitalize_first", "mark_quotes", "title_case"]

# citeproc-js's CSL.SKIP_WORDS (single words only; the multi-word entries never match one word).
STOP_WORDS = frozenset(
    """about above across afore after against al along alongside amid amidst among amongst anenst
    apropos apud around as aside astride at athwart atop barring before behind below beneath beside
    besides between beyond but by circa despite down during et except for forenenst from given in
    inside into lest like modulo near next notwithstanding of off on onto out over per plus pro qua
    sans since than through throughout thruout till to toward towards under underneath until unto up
    upon versus vs v via vis-à-vis with within without or yet so and nor a an the de von van c
    ca""".split()
)
_TAG = regex.compile(r"""(‘|’|“|”| "| '|"|'|[-–—/.,;?!:]|\[|\]|\(|\)|[\ue000-\ue005])""")
_SPACE = regex.compile(r"([\u00a0\u0020\u2000-\u200b\u205f\u3000]+)")
_AFTER_PUNCT = regex.compile(r"[!?:]$")
_QUOTE_PARAMS = {' "': (" '", '"'), " '": (' "', "'"), "‘": ("‘", "’"), "“": ("“", "”")}


def _capitalise(word: str) -> str:
    first = word[0]
    if regex.match(r"[\u0370-\u03ff]", first) and len(word) == 1:
        return word
    return first.upper() + word[1:]


def title_case(value: str) -> str:
    """``value`` in title case, by citeproc-js's rules (see the module docstring)."""
    if not value:
        return value
    parts = _TAG.split(value)
    strings, tags = parts[0::2], parts[1::2]
    state = {"first": True, "after_punct": False}
    last: tuple[int, int] | None = None

    def words_of(index: int, following: str | None) -> None:
        nonlocal last
        text = strings[index]
        if not text.strip():
            return
        pieces = _SPACE.split(text)
        words = pieces[0::2]
        for j, word in enumerate(words):
            if not word:
                continue
            lower = word.lower()
            capitalize = (
                (len(word) > 1 and lower not in STOP_WORDS)
                or (j == len(words) - 1 and following == "-")
                or state["first"]
                or state["after_punct"]
            )
            if capitalize and word == lower:
                words[j] = _capitalise(word)
            state["first"] = False
            state["after_punct"] = False
            last = (index, j)
        pieces[0::2] = words
        strings[index] = "".join(pieces)

    original = list(strings)
    quotes: list[tuple[str, str, int | None]] = []  # (next opener, closer, position)

    def restore(pos: int) -> None:
        nonlocal last
        strings[pos + 1] = original[pos + 1][:1] + strings[pos + 1][1:]
        last = None

    words_of(0, tags[0] if tags else None)
    for i, tag in enumerate(tags):
        if _AFTER_PUNCT.search(tag):
            state["after_punct"] = True
        # citeproc-js passes no following tag after the first string (so "-e" stays lowercase).
        words_of(i + 1, None)
        # A closing mark with nothing open (an apostrophe) or a mismatched opening mark
        # undoes the capital on the string after it, as citeproc-js does.
        mark = tag.lstrip() if tag in (' "', " '") else tag
        key = tag if tag in (' "', " '") else mark
        if key in _QUOTE_PARAMS:
            opener, closer = _QUOTE_PARAMS[key]
            if not quotes or key == quotes[-1][0]:
                quotes.append((opener, closer, i))
            else:
                previous = quotes.pop()[2]
                quotes.append((opener, closer, None))
                if previous is not None:
                    restore(previous)
        elif key in ("’", "”", '"', "'"):
            if quotes and key == quotes[-1][1]:
                quotes.pop()
            else:
                restore(i)
    for _, _, pos in quotes:
        if pos is not None:
            strings[pos + 1] = original[pos + 1][:1] + strings[pos + 1][1:]
    if last is not None:
        index, j = last
        pieces = _SPACE.split(strings[index])
        words = pieces[0::2]
        word = words[j]
        if len(word) > 1 and word.lower() in STOP_WORDS:
            words[j] = _capitalise(word)
            pieces[0::2] = words
            strings[index] = "".join(pieces)
    out = [strings[0]]
    for tag, text in zip(tags, strings[1:], strict=True):
        out.append(tag)
        out.append(text)
    return "".join(out)


def capitalize_first(value: str) -> str:
    """``value`` with its first word capitalised when that word is all lowercase."""
    match = regex.search(r"[^\W\d_]+", value)
    if not match or match.group() != match.group().lower():
        return value
    return value[: match.start()] + _capitalise(value[match.start() :])


_OPENERS = {"“": "”", "‘": "’", '"': '"'}


def mark_quotes(value: str) -> str:
    """Replace the quotation marks inside a field value by quote markers.

    Curly double and single marks and straight double marks are paired; apostrophes
    (``Iran’s``, ``Dar al-Tali‘a``… ) are left alone: a single opening mark counts only at
    the start of a word, and a closing one only when it ends a word and one is open.
    """
    out: list[str] = []
    stack: list[str] = []
    n = len(value)
    for i, ch in enumerate(value):
        before = value[i - 1] if i else " "
        after = value[i + 1] if i + 1 < n else " "
        if ch == "“" or (ch == '"' and not (stack and stack[-1] == '"') and not before.isalnum()):
            stack.append(ch)
            out.append(Q_OPEN)
        elif ch in '”"' and stack and _OPENERS[stack[-1]] == ch:
            stack.pop()
            out.append(Q_CLOSE)
        elif ch == "‘" and not before.isalnum():
            stack.append(ch)
            out.append(SQ_OPEN)
        elif ch == "’" and stack and stack[-1] == "‘" and not after.isalnum():
            stack.pop()
            out.append(SQ_CLOSE)
        else:
            out.append(ch)
    if stack:  # unbalanced: leave the marks as they were typed
        return value
    return "".join(out)
