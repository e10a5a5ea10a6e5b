"""Scoring how well a phrase matches a stored quotation, and spotting variants.

Pure functions on normalised text (see :func:`quotebank.normalize.normalize_quote`),
so the ranking can be tested and benchmarked without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from quotebank.models import MatchKind

__all__ = [
    "STOPWORDS",
    "THRESHOLD",
    "VARIANT_THRESHOLD",
    "Scored",
    "content_words",
    "score",
    "signature",
    "stem",
    "variant_score",
]

#: Lowest score (0–100) that counts as a match; calibrated by ``benchmarks/who_said.py``
#: so that perturbed wordings are found and phrases not in the store find nothing.
THRESHOLD = 80.0

#: Lowest :func:`variant_score` that links two wordings as variants of one remark.
VARIANT_THRESHOLD = 60.0

STOPWORDS = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been being
    it its this that these those he she they we i you him her them us me my our your his their
    not no so if then than there here what which who whom whose do does did have has had will
    would shall should can could may might must also very just into over about up out all any
    some such only own same too""".split()
)

# Irregular forms and near-synonyms folded together for variant detection.
_LEMMAS = {
    "drank": "drink", "drunk": "drink", "said": "say", "says": "say", "told": "tell",
    "went": "go", "gone": "go", "made": "make", "took": "take", "taken": "take",
    "gave": "give", "given": "give", "chose": "choose", "chosen": "choose", "came": "come",
    "saw": "see", "seen": "see", "knew": "know", "known": "know", "thought": "think",
    "fought": "fight", "rose": "rise", "risen": "rise", "wrote": "write", "written": "write",
    "chalice": "cup", "goblet": "cup", "chalices": "cup", "cups": "cup",
}


def stem(word: str) -> str:
    """A light suffix-stripping stemmer: ``poisoned``/``poisoning`` → ``poison``."""
    word = _LEMMAS.get(word, word)
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2]:
                word = word[:-1]  # stopped -> stop
            break
    return _LEMMAS.get(word, word)


def content_words(normalized: str) -> list[str]:
    """The words of a normalised text that are not stop words."""
    return [w for w in normalized.split() if w not in STOPWORDS]


def signature(normalized: str) -> frozenset[str]:
    """The stemmed content words of a normalised text."""
    return frozenset(stem(w) for w in content_words(normalized))


def _stemmed(normalized: str) -> str:
    return " ".join(stem(w) for w in normalized.split())


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate's score (0–100) and how it matched."""

    score: float
    kind: MatchKind


def score(phrase_norm: str, candidate_norm: str, *, verbatim: bool = False) -> Scored:
    """Score a normalised phrase against a normalised stored quotation.

    Exact and normalised equality score 100; a phrase found whole inside a longer
    quotation (a fragment) scores 96; otherwise the best of edit-distance ratios on
    the words and on their stems, with partial (substring) alignment for fragments.
    """
    if phrase_norm == candidate_norm:
        return Scored(100.0, MatchKind.EXACT if verbatim else MatchKind.NORMALIZED)
    words = phrase_norm.split()
    if len(words) >= 3 and f" {phrase_norm} " in f" {candidate_norm} ":
        return Scored(96.0, MatchKind.NORMALIZED)
    ps, cs = _stemmed(phrase_norm), _stemmed(candidate_norm)
    # equal stems rank just below equal words: "drink the chalice" prefers "drink", not "drank"
    raw = fuzz.ratio(phrase_norm, candidate_norm)
    best = max(raw, fuzz.ratio(ps, cs) - 2.0 - (100.0 - raw) / 10.0)
    if len(cs) > len(ps) and len(words) >= 3:
        # a (misremembered) fragment of a longer quotation
        partial = fuzz.partial_ratio(ps, cs)
        best = max(best, partial - 6.0)
        # the best window of whole words: one word dropped or changed in a fragment
        best = max(best, fuzz.partial_ratio(ps.split(), cs.split()) - 3.0)
        # words dropped from a long quotation: how many of the phrase's content words
        # appear, in order, among the quotation's
        pw = [stem(w) for w in content_words(phrase_norm)]
        if len(pw) >= 4:
            cw = [stem(w) for w in content_words(candidate_norm)]
            covered = LCSseq.similarity(pw, cw) / len(pw)
            best = max(best, 100.0 * covered - 6.0)
    return Scored(float(best), MatchKind.FUZZY)


def variant_score(a_norm: str, b_norm: str) -> float:
    """How much two wordings look like renderings of one remark (0–100).

    Compares the sets of stemmed content words (with a few synonyms folded, such as
    chalice/cup); wordings of very different lengths are not variants.
    """
    sa, sb = signature(a_norm), signature(b_norm)
    if len(sa) < 2 or len(sb) < 2:
        return 0.0
    ratio = len(sa) / len(sb)
    if ratio < 0.5 or ratio > 2.0:
        return 0.0
    return round(100.0 * len(sa & sb) / len(sa | sb), 1)
