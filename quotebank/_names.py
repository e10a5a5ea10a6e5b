"""Names of people, in one place: folding, the family name, and a name's CSL parts.

A stored speaker is the full name a text gave ("Leila Hashemi Tavana"). Which of its
words are the family name is not in the string; it is in how texts refer back to the
person. When a text calls her "Hashemi Tavana" after naming her in full, those words
are her family name, and a citation must say "Hashemi Tavana, as cited in", not
"Tavana". :func:`split_name` takes those other forms (a speaker's aliases in the store)
and otherwise follows the conventions CSL processors use: a generational suffix is
not a family name, and lowercase particles before the last word ("van der",
"bin") belong with it.

The store folds names with :func:`fold_name` to match them, and answers to the
:func:`surname` of a full name; the citation layer cites the parts :func:`split_name`
gives. None of them guesses anything else from a string.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

import regex

from quotebank.extraction._patterns import NOT_PERSON
from quotebank.extraction._people import strip_titles
from quotebank.models import Name

__all__ = ["fold_name", "split_name", "strip_titles", "surname"]

#: Generational suffixes: a closed class, written after the family name.
_SUFFIX = regex.compile(r",?\s+(Jr\.?|Sr\.?|II|III|IV)$")
#: Articles: a name that starts with one is a description ("The Imam", "A spokesman").
_ARTICLES = frozenset({"the", "a", "an"})
#: A word that can be part of a person's name: it starts with a capital letter.
_CAPITALISED = regex.compile(r"^\p{Lu}")


@functools.lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Case-, accent- and title-insensitive form of a name: ``Āyatollah Khāmenei`` → ``khamenei``."""
    stripped = strip_titles(" ".join(name.replace("’", "'").split()))
    decomposed = unicodedata.normalize("NFKD", stripped or name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _person_words(name: str) -> tuple[list[str], str | None] | None:
    """The words of a person's name and its suffix, or ``None`` for a description.

    A person's name is capitalised words, with at most one run of lowercase
    particles, directly before its last word; anything else ("the harbour master",
    "Harbour Authority spokesperson") is a description, kept whole.
    """
    text = " ".join(name.split())
    suffix = None
    if found := _SUFFIX.search(text):
        suffix, text = found.group(1), text[: found.start()]
    words = text.split()
    if (
        len(words) < 2
        or words[0].casefold() in _ARTICLES
        or not _CAPITALISED.match(words[0])
        or not _CAPITALISED.match(words[-1])
    ):
        return None
    lower = [i for i, w in enumerate(words) if not _CAPITALISED.match(w)]
    if lower and lower != list(range(lower[0], len(words) - 1)):
        return None
    return words, suffix


def split_name(name: str, forms: Iterable[str] = ()) -> Name:
    """A person's name as CSL parts: given, particle, family, suffix.

    Args:
        name: The full name, as stored ("Leila Hashemi Tavana", "Marcus Delgado Jr.").
        forms: Other names texts use for the same person (aliases). The longest one
            that is the end of ``name`` (compared folded) is the family name.

    Returns:
        The parts; a single word or a description ("the harbour master") is a
        ``literal`` name.
    """
    parsed = _person_words(name)
    if parsed is None:
        return Name(literal=" ".join(name.split()))
    words, suffix = parsed
    folded = [fold_name(w) for w in words]
    known = {fold_name(f) for f in forms}
    family_from = len(words) - 1
    for start in range(1, len(words) - 1):  # longest proper ending first
        if " ".join(folded[start:]) in known:
            family_from = start
            break
    # lowercase particles directly before the family name go with it
    particle_from = family_from
    while particle_from > 1 and not _CAPITALISED.match(words[particle_from - 1]):
        particle_from -= 1
    while family_from < len(words) - 1 and not _CAPITALISED.match(words[family_from]):
        family_from += 1
    particle = " ".join(words[particle_from:family_from]) or None
    return Name(
        given=" ".join(words[:particle_from]),
        family=" ".join(words[family_from:]),
        non_dropping_particle=particle,
        suffix=suffix,
    )


def surname(name: str) -> str | None:
    """The family name a full name's person also answers to ("Okafor").

    ``None`` for a single word or a description, and for a last word that names no
    person (an institution's "Office" or "Ministry": the extractor's ``NOT_PERSON``
    words).
    """
    parts = split_name(name)
    if parts.family is None or parts.family in NOT_PERSON:
        return None
    return parts.family
