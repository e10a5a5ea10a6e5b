"""Sentence boundaries that survive ``U.S.``, ``U.N.``, ``Dr.``, ``No. 1000`` and initials."""

from __future__ import annotations

import bisect

import regex

from quotebank.extraction._patterns import TIMEOUT

__all__ = ["Sentences"]

RE_SENTENCE_END = regex.compile(
    r"[.!?…]+[”’\"')\]]*(?:\[\d{1,3}\])?\s+(?=[\p{Lu}\p{N}“‘\"'(\[«])", regex.VERSION1
)
#: Longest abbreviation with its leading brackets or quote marks (``("approx``), in characters.
MAX_ABBREVIATION = 12
ABBREVIATIONS = frozenset(
    """u.s u.n u.k e.u dr mr mrs ms no nos st jr sr vs i.e e.g etc gen col lt maj capt prof
    rev mt inc ltd co corp sen rep gov pres jan feb aug sept sep oct nov dec p pp vol al cf
    approx ph.d a.m p.m fig ed eds art sec para""".split()
)


class Sentences:
    """Lazily computed sentence starts for each paragraph of one document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[int, list[int]] = {}

    def starts(self, para_start: int, para_end: int) -> list[int]:
        """Offsets where sentences begin within the paragraph ``[para_start, para_end)``."""
        cached = self._cache.get(para_start)
        if cached is not None:
            return cached
        text = self.text
        starts = [para_start]
        timeout = TIMEOUT + (para_end - para_start) / 2_000_000
        for m in RE_SENTENCE_END.finditer(text, para_start, para_end, timeout=timeout):
            dot = m.start()
            if text[dot] == ".":
                # the word before the dot starts after the last space, or at the
                # paragraph's start ("Mr. Smith said" opening a paragraph); a word
                # longer than any abbreviation is none (and is never copied whole)
                lo = max(para_start, dot - MAX_ABBREVIATION)
                ws = text.rfind(" ", lo, dot)
                if ws < 0:
                    if lo > para_start:
                        starts.append(m.end())
                        continue
                    ws = para_start - 1
                word = text[ws + 1 : dot].lstrip("([“\"'‘").lower()
                if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
            starts.append(m.end())
        self._cache[para_start] = starts
        return starts

    def bounds(self, pos: int, para_start: int, para_end: int) -> tuple[int, int]:
        """The ``(start, end)`` of the sentence containing ``pos``."""
        starts = self.starts(para_start, para_end)
        i = bisect.bisect_right(starts, pos) - 1
        start = starts[max(i, 0)]
        end = starts[i + 1] if i + 1 < len(starts) else para_end
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end
