"""The normal form used to compare wordings of a quotation.

``normalize_quote()`` folds what varies between two faithful renderings of the same
words: case, curly vs straight marks, editorial brackets, ellipses, dashes and other
punctuation, and British vs American spelling. Stored quotations keep their verbatim
text; only matching uses this form.
"""

from __future__ import annotations

import unicodedata

import regex

__all__ = ["fold_spelling", "normalize_quote"]

# Both patterns are a single (negated) character class with a bounded or possessive
# repeat: they cannot backtrack, so they run in linear time without a ``timeout``
# (which costs more than the match itself on short texts, on every imported record).
RE_BRACKETED = regex.compile(r"\[[^\[\]\n]{0,200}+\]")
RE_NON_WORD = regex.compile(r"[^\p{L}\p{N}]++")

# British spellings that differ from American ones in whole words (folded to American).
_OUR_WORDS = (
    "armour behaviour candour clamour colour endeavour favour flavour harbour honour "
    "humour labour neighbour odour parlour rancour rigour rumour saviour savour splendour "
    "tumour valour vapour vigour"
).split()
_ISE_STEMS = (
    "apologis authoris capitalis characteris civilis criticis emphasis energis "
    "familiaris harmonis legitimis maximis minimis mobilis modernis neutralis normalis "
    "organis penalis polaris prioritis privatis realis recognis scrutinis stabilis "
    "standardis summaris symbolis sympathis terroris utilis visualis"
).split()
_WORD_MAP: dict[str, str] = {}
for _w in _OUR_WORDS:
    _american = _w[:-3] + "or"
    for _suffix in ("", "s", "ed", "ing", "able", "ite", "ites"):
        _WORD_MAP[_w + _suffix] = _american + _suffix
for _stem in _ISE_STEMS:
    _am = _stem[:-1] + "z"
    for _suffix in ("e", "es", "ed", "ing", "ation", "ations", "er", "ers"):
        _WORD_MAP[_stem + _suffix] = _am + _suffix
_WORD_MAP.update(
    {
        "defence": "defense",
        "offence": "offense",
        "licence": "license",
        "pretence": "pretense",
        "centre": "center",
        "centres": "centers",
        "theatre": "theater",
        "metre": "meter",
        "litre": "liter",
        "fibre": "fiber",
        "calibre": "caliber",
        "sombre": "somber",
        "analyse": "analyze",
        "analysed": "analyzed",
        "paralyse": "paralyze",
        "travelled": "traveled",
        "travelling": "traveling",
        "cancelled": "canceled",
        "labelled": "labeled",
        "modelled": "modeled",
        "programme": "program",
        "programmes": "programs",
        "judgement": "judgment",
        "grey": "gray",
        "cheque": "check",
        "catalogue": "catalog",
        "dialogue": "dialog",
        "manoeuvre": "maneuver",
        "towards": "toward",
        "whilst": "while",
        "amongst": "among",
    }
)


def fold_spelling(words: list[str]) -> list[str]:
    """Map British spellings in a list of lower-case words to their American forms."""
    return [_WORD_MAP.get(word, word) for word in words]


def normalize_quote(text: str) -> str:
    """Fold a wording to the form used for matching.

    Example:
        >>> normalize_quote("“I drink the cup of [poison]…” – Honour!")
        'i drink the cup of honor'

    Args:
        text: Any wording, verbatim or typed by a user.

    Returns:
        Lower-case words separated by single spaces, without brackets' contents,
        punctuation or quote marks, British spellings folded to American.
    """
    text = unicodedata.normalize("NFKC", text)
    if "[" in text:
        text = RE_BRACKETED.sub(" ", text)
    text = text.replace("’", "'").replace("'", "")  # don't -> dont, on both sides
    words = RE_NON_WORD.sub(" ", text.casefold()).split()
    return " ".join(fold_spelling(words))
