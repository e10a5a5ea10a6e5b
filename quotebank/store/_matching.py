"""Scoring how well a phrase matches a stored quotation, and spotting variants.

Pure functions on normalised text (see :func:`quotebank.normalize.normalize_quote`),
so the ranking can be tested and benchmarked without a database.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from quotebank.models import MatchKind

__all__ = [
    "NEGATIONS",
    "STOPWORDS",
    "THRESHOLD",
    "VARIANT_THRESHOLD",
    "Scored",
    "align",
    "content_words",
    "default_weights",
    "expand",
    "is_number",
    "score",
    "signature",
    "signature_score",
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
    "drank": "drink",
    "drunk": "drink",
    "said": "say",
    "says": "say",
    "told": "tell",
    "went": "go",
    "gone": "go",
    "made": "make",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "chose": "choose",
    "chosen": "choose",
    "came": "come",
    "saw": "see",
    "seen": "see",
    "knew": "know",
    "known": "know",
    "thought": "think",
    "fought": "fight",
    "rose": "rise",
    "risen": "rise",
    "wrote": "write",
    "written": "write",
    "chalice": "cup",
    "goblet": "cup",
    "chalices": "cup",
    "cups": "cup",
}


@lru_cache(maxsize=200_000)
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


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate's score (0–100), how it matched, and whether it changes the meaning.

    ``altered`` is set when the phrase and the wording it lines up with differ by a
    negation (added or dropped) or by a number: such a wording is never a fuzzy match.
    ``similarity`` (0–100) compares the phrase with the stretch of the wording it lines
    up with, character by character; it breaks ties between equal scores.
    """

    score: float
    kind: MatchKind
    altered: bool = False
    similarity: float = 0.0
    pairs: tuple[tuple[int, int], ...] = ()


#: Words that negate: a wording that adds or drops one says the opposite.
NEGATIONS = frozenset(
    """not no never nor none nothing nobody neither nowhere cannot dont doesnt didnt isnt
    arent wasnt werent wont wouldnt cant couldnt shouldnt havent hasnt hadnt aint mustnt
    neednt""".split()
)
_NUMBER_WORDS = frozenset(
    """zero two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion trillion""".split()
)


_CONTRACTIONS = {
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "wont": "will not",
    "wouldnt": "would not",
    "cant": "can not",
    "cannot": "can not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "mustnt": "must not",
    "neednt": "need not",
    "aint": "am not",
}


def expand(normalized: str) -> str:
    """Negative contractions written out (``arent`` → ``are not``), so that "aren't" and
    "are not" line up and the negation is a word of its own."""
    if not any(w in _CONTRACTIONS for w in normalized.split()):
        return normalized
    return " ".join(_CONTRACTIONS.get(w, w) for w in normalized.split())


def is_number(word: str) -> bool:
    """A numeral (``1979``, ``3rd``) or a number word (``seven``, ``million``)."""
    return word in _NUMBER_WORDS or any(ch.isdigit() for ch in word)


def default_weights(words: list[str]) -> list[float]:
    """Weights without a store at hand: content words 1, stop words 0.3."""
    return [0.3 if w in STOPWORDS else 1.0 for w in words]


#: Share of a word's weight a misspelt (edit-distance) match earns.
TYPO_CREDIT = 0.8
#: Scores below this are not checked for a changed negation or number (never answers).
ALTERED_FLOOR = 50.0
#: Share of its weight a word earns when it stands where the wording has another.
CHANGED_CREDIT = 0.5
#: Points lost for each place the phrase and the wording part ways (a gap, a change).
BREAK_COST = 3.0
#: Evidence a match needs beyond ``ln(N)`` nats in a store of N quotations. The
#: evidence is the sum of the matched words' inverse document frequencies, ln(N/df):
#: words found independently at random would turn up together in about
#: ``N * exp(-evidence)`` quotations, so a phrase identifies one quotation only when
#: its evidence clearly exceeds ln(N); words do not occur independently, hence the
#: margin. A match loses :data:`SHORTFALL_COST` points per nat it falls short: a few
#: common words identify nothing, however well they match.
EVIDENCE_MARGIN = 2.0
SHORTFALL_COST = 4.0
#: Evidence (nats) a match needs on top when it is not the phrase's very words: a
#: near miss of a few common words is what a phrase nobody said looks like.
FUZZY_EVIDENCE = 6.0
#: ... and when every word of the phrase stands in order, side by side, in the
#: wording, but some only in the same stem or spelt back from a typo.
WHOLE_EVIDENCE = 4.0
#: Evidence (nats) each pair of neighbouring phrase words earns when they stand side
#: by side in the wording too: two words found in one quotation of L words stand
#: next to each other in order by chance about once in L times, less often for
#: content words, more often for stop words ("of the"). Calibrated with
#: FUZZY_EVIDENCE on the ``calibrate`` split of ``benchmarks/who_said_real.py``.
BOND = 1.0


def _fuzzy_equal(word: str, other: str) -> bool:
    """A misspelling: one edit apart (two from nine letters), a swap of neighbours
    counting as one edit; words under three letters are never misspellings."""
    if len(word) < 3 or len(other) < 3:
        return False
    limit = 2 if len(word) >= 9 else 1
    return OSA.distance(word, other, score_cutoff=limit) <= limit


def _find(needle: list[str], haystack: list[str]) -> int | None:
    """Where ``needle`` stands whole in ``haystack`` (the first place), or None."""
    n = len(needle)
    if not n or n > len(haystack):
        return None
    first = needle[0]
    for j, word in enumerate(haystack[: len(haystack) - n + 1]):
        if word == first and haystack[j : j + n] == needle:
            return j
    return None


def align(phrase_words: list[str], cand_words: list[str]) -> tuple[list[tuple[int, int]], set[int]]:
    """Phrase words found in order in the wording: ``(phrase index, wording index)``
    pairs of one longest common subsequence on stems, and the phrase indices matched
    only by spelling (a typo). Stop words matched far from any content word are let go,
    unless they stand in a run of :data:`STOP_RUN` or more words found side by side."""
    pairs, typos = _line_up(phrase_words, cand_words)
    kept = _prune(phrase_words, pairs)
    return kept, typos & {i for i, _ in kept}


#: Stop words found side by side in both, this many or more, are kept as a match.
STOP_RUN = 3


def _line_up(phrase_words: list[str], cand_words: list[str]) -> tuple[list[tuple[int, int]], set[int]]:
    """One longest common subsequence on stems (misspellings spelt back), unpruned."""
    pk = [stem(w) for w in phrase_words]
    ck = [stem(w) for w in cand_words]
    present = set(ck)
    typos: set[int] = set()
    for i, key in enumerate(pk):
        if key in present or phrase_words[i] in STOPWORDS:
            continue
        best = process.extractOne(phrase_words[i], set(cand_words), scorer=OSA.distance, score_cutoff=2)
        if best is not None and _fuzzy_equal(phrase_words[i], best[0]):
            pk[i] = stem(best[0])
            typos.add(i)
    start = _find(pk, ck)
    if start is not None:  # the phrase whole, in order: line it up there
        return [(i, start + i) for i in range(len(pk))], typos
    pairs: list[tuple[int, int]] = []
    for op in Indel.opcodes(pk, ck):
        if op.tag == "equal":
            pairs.extend(zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True))
    return pairs, typos


def _runs(pairs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The pairs cut into runs of words that stand side by side in both texts."""
    runs: list[list[tuple[int, int]]] = []
    for i, j in pairs:
        if runs and runs[-1][-1] == (i - 1, j - 1):
            runs[-1].append((i, j))
        else:
            runs.append([(i, j)])
    return runs


def _prune(phrase_words: list[str], pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    anchors = [j for i, j in pairs if phrase_words[i] not in STOPWORDS]
    if not anchors or len(pairs) == len(phrase_words):
        return pairs
    long_runs = {p for run in _runs(pairs) if len(run) >= STOP_RUN for p in run}
    return [
        (i, j)
        for i, j in pairs
        if phrase_words[i] not in STOPWORDS or (i, j) in long_runs or min(abs(j - a) for a in anchors) <= 3
    ]


def _altered(phrase_words: list[str], cand_words: list[str], pairs: list[tuple[int, int]]) -> bool:
    """A negation added or dropped, or a number changed, where the two line up.

    The phrase's negations are counted against the wording's within the stretch they
    line up with (its matched words, short gaps of up to three words, and the word
    just before when the phrase starts earlier): "never" for "not" is no change, a
    "not" more or less is. A number is changed when the phrase has one the wording
    lacks and the wording one the phrase lacks, within that stretch.
    """
    if not pairs:
        return False
    matched_p = {i for i, _ in pairs}
    matched_c = {j for _, j in pairs}
    lo, hi = pairs[0][1], pairs[-1][1]
    covered = set(matched_c)
    for (_, j1), (_, j2) in itertools.pairwise(pairs):
        if 1 < j2 - j1 <= 4:
            covered.update(range(j1 + 1, j2))
    if lo > 0 and pairs[0][0] > 0:
        covered.add(lo - 1)
    p_neg = sum(w in NEGATIONS for w in phrase_words)
    c_neg = sum(cand_words[j] in NEGATIONS for j in covered)
    if p_neg != c_neg:
        return True
    p_nums = [w for i, w in enumerate(phrase_words) if i not in matched_p and is_number(w)]
    c_nums = [cand_words[j] for j in range(lo, hi + 1) if j not in matched_c and is_number(cand_words[j])]
    return bool(p_nums and c_nums)


def score(
    phrase_norm: str,
    candidate_norm: str,
    *,
    verbatim: bool = False,
    weights: list[float] | None = None,
    evidence: float | None = None,
) -> Scored:
    """Score a normalised phrase against a normalised stored quotation.

    Equal wordings score 100; a phrase found whole inside a longer quotation (a
    fragment) 96. Otherwise the phrase's words are lined up in order with the
    quotation's (gaps allowed: an ellipsis, two fragments put together, a dropped
    word; a misspelt word matches at :data:`TYPO_CREDIT`): the score is the share of
    the phrase's weight found, less :data:`BREAK_COST` for each place where the two
    part ways, less :data:`SHORTFALL_COST` per nat of matched weight short of
    ``evidence``. ``weights`` are the words' inverse document frequencies in the store
    (without them content words weigh 1 and stop words 0.3); ``evidence`` is what a
    match needs in this store (see :data:`EVIDENCE_MARGIN`; none when omitted).
    """
    if phrase_norm == candidate_norm:
        return Scored(100.0, MatchKind.EXACT if verbatim else MatchKind.NORMALIZED, similarity=100.0)
    pw, cw = expand(phrase_norm).split(), expand(candidate_norm).split()
    w = weights if weights is not None and len(weights) == len(pw) else default_weights(pw)
    raw, typos = _line_up(pw, cw)
    pairs = _prune(pw, raw)
    typos &= {i for i, _ in pairs}
    total = sum(w) or 1.0
    found = sum(w[i] * (TYPO_CREDIT if i in typos else 1.0) for i, _ in pairs)
    # a word changed between two that line up (a synonym, a typo too bad to spell
    # back) still tells where the phrase stands: it earns part of its weight
    changed = sum(
        w[i]
        for (i1, j1), (i2, j2) in itertools.pairwise(pairs)
        if i2 - i1 == j2 - j1 > 1
        for i in range(i1 + 1, i2)
    )
    if pairs:  # words changed (or added) at either end of what was remembered
        changed += sum(w[: pairs[0][0]]) + sum(w[pairs[-1][0] + 1 :])
    breaks = sum(1 for (i1, j1), (i2, j2) in itertools.pairwise(pairs) if i2 - i1 > 1 or j2 - j1 > 1)
    breaks += pairs[0][0] > 0 if pairs else 0
    breaks += pairs[-1][0] < len(pw) - 1 if pairs else 0
    value = 100.0 * (found + CHANGED_CREDIT * changed) / total - BREAK_COST * breaks
    contiguous = len(pairs) == len(pw) and not typos and breaks == 0
    same_words = contiguous and all(pw[i] == cw[j] for i, j in pairs)
    # a fragment in the very words 96, in the same stems ("drink"/"drinking") 95
    value = 96.0 if same_words else 95.0 if contiguous else min(value, 95.0)
    if len(pw) < 3 and len(cw) > len(pw):
        value = min(value, 70.0)  # a word or two inside a longer quotation identify nothing
    if evidence is not None:
        # a wording that differs from the phrase needs more evidence than the very words
        whole = len(pairs) == len(pw) and breaks == 0  # every word, typos spelt back
        need = evidence + (0.0 if same_words else WHOLE_EVIDENCE if whole else FUZZY_EVIDENCE)
        bonds = sum(1 for (i1, j1), (i2, j2) in itertools.pairwise(pairs) if i2 - i1 == 1 and j2 - j1 == 1)
        value -= SHORTFALL_COST * max(0.0, need - found - BOND * bonds)
    similarity = 0.0
    if pairs:
        window = " ".join(cw[pairs[0][1] : pairs[-1][1] + 1])
        similarity = fuzz.ratio(" ".join(pw), window)
    kind = MatchKind.NORMALIZED if same_words else MatchKind.FUZZY
    # whether the meaning changed matters only for a wording that could be an answer
    altered = value >= ALTERED_FLOOR and _altered(pw, cw, raw)
    return Scored(
        round(max(0.0, min(100.0, value)), 1),
        kind,
        altered=altered,
        similarity=similarity,
        pairs=tuple(pairs),
    )


def variant_score(a_norm: str, b_norm: str) -> float:
    """How much two wordings look like renderings of one remark (0–100).

    Compares the sets of stemmed content words (with a few synonyms folded, such as
    chalice/cup); wordings of very different lengths are not variants.
    """
    return signature_score(signature(a_norm), signature(b_norm))


def signature_score(sa: frozenset[str], sb: frozenset[str]) -> float:
    """:func:`variant_score` of two wordings from their :func:`signature` sets."""
    if len(sa) < 2 or len(sb) < 2:
        return 0.0
    ratio = len(sa) / len(sb)
    if ratio < 0.5 or ratio > 2.0:
        return 0.0
    return round(100.0 * len(sa & sb) / len(sa | sb), 1)
