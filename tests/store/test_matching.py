"""Scoring a phrase against a stored wording, without a store (sentences of our own)."""

from __future__ import annotations

import pytest

from quotebank import MatchKind, normalize_quote
from quotebank.store._matching import score

STORED = normalize_quote("The river remembers every bridge we built across it, and it will not forgive us.")


def _score(phrase: str, stored: str = STORED) -> tuple[float, bool, MatchKind]:
    s = score(normalize_quote(phrase), stored)
    return s.score, s.altered, s.kind


def test_fragment_in_the_very_words_scores_96() -> None:
    """A phrase found whole inside a longer quotation."""
    assert _score("every bridge we built across it") == (96.0, False, MatchKind.NORMALIZED)


def test_same_stems_score_just_below() -> None:
    """ "remembered" for "remembers": the same stems, just below the very words."""
    value, altered, kind = _score("the river remembered every bridge we built")
    assert value == 95.0 and not altered and kind is MatchKind.FUZZY


@pytest.mark.parametrize(
    "phrase",
    [
        "the river remembers … we built across it",  # an ellipsis that removes words
        "the river remembers every bridge it will not forgive us",  # two fragments joined
        "the river remembers every bridge we built across",  # a word dropped at the end
        "the river remembers evrey bridge we built across it",  # a typo
        "the river recalls every bridge we built across it",  # a synonym
    ],
)
def test_slips_still_match(phrase: str) -> None:
    """The ways people misremember still reach the cut-off of 80, meaning intact."""
    value, altered, _ = _score(phrase)
    assert value >= 80.0 and not altered, value


LEDGER = normalize_quote("Never trust a ledger of old accounts that you did not keep yourself.")
STARS = normalize_quote("It is not in the stars to hold our destiny but in ourselves, said the old sailor.")


@pytest.mark.parametrize(
    ("phrase", "stored"),
    [
        # the negation stands after the gap, among stop words only: still lined up
        ("never trust a … that you did not", LEDGER),
        ("never trust a ledger … you did not", LEDGER),
        # the negation stands before the gap, far from the content words
        ("not in the … to hold our destiny", STARS),
        ("not in … to hold our destiny but", STARS),
    ],
)
def test_a_negation_across_a_gap_is_kept(phrase: str, stored: str) -> None:
    """An ellipsis between the words does not lose the negation the wording has too."""
    value, altered, _ = _score(phrase, stored)
    assert value >= 80.0 and not altered, value


@pytest.mark.parametrize(
    "phrase",
    [
        "it will forgive us",  # a negation dropped
        "every bridge we built across it will forgive us",
        "the river does not remember every bridge we built",  # a negation added
    ],
)
def test_a_changed_negation_is_altered(phrase: str) -> None:
    """A not more or less says the opposite."""
    assert _score(phrase)[1] is True


def test_never_for_not_is_no_change_of_meaning() -> None:
    """One negation for another keeps the meaning."""
    assert _score("and it will never forgive us")[1] is False


def test_a_changed_number_is_altered() -> None:
    """Four hundred is not three hundred; a dropped word is no changed number."""
    stored = normalize_quote("We planted four hundred trees along the northern road.")
    assert _score("we planted three hundred trees along the northern road", stored)[1]
    assert not _score("we planted four hundred trees along the road", stored)[1]


@pytest.mark.parametrize(
    ("phrase", "low", "high"),
    [
        # the very words, whole
        ("the river remembers every bridge we built across it and it will not forgive us", 100.0, 100.0),
        ("every bridge we built", 96.0, 96.0),  # a fragment in the very words
        ("the river remembered every bridge", 95.0, 95.0),  # the same stems
        ("the river remembers evrey bridge we built", 80.0, 95.0),  # a typo, whole
        ("the river … every bridge we built", 80.0, 95.0),  # a gap
        ("the river recalls every bridge we built", 80.0, 95.0),  # a word changed
        ("the river remembers every bridge … will not forgive us", 80.0, 95.0),  # joined
        ("the harbour forgets every ship we sailed", 0.0, 79.9),  # another remark
        ("remembers", 0.0, 70.0),  # one word inside a longer quotation identifies nothing
    ],
)
def test_score_table(phrase: str, low: float, high: float) -> None:
    """Where each kind of wording lands on the 0–100 scale."""
    value, altered, _ = _score(phrase)
    assert low <= value <= high and not altered, value


@pytest.mark.parametrize(
    ("phrase", "stored", "evidence", "answer"),
    [
        # a store of 100,000 quotations: ln(N) + margin = 13.5 nats; weights are idfs
        ("the river remembers every bridge", STORED, 13.5, True),
        # a near miss of common words needs more than the very words do
        ("the river forgets every bridge", STORED, 13.5, False),
    ],
)
def test_evidence_decides_between_near_misses(
    phrase: str, stored: str, evidence: float, answer: bool
) -> None:
    """The same alignment passes or fails the cut-off by how much the matched words say."""
    words = normalize_quote(phrase).split()
    weights = [0.3 if w in ("the", "every") else 4.0 for w in words]
    s = score(normalize_quote(phrase), stored, weights=weights, evidence=evidence)
    assert (s.score >= 80.0) is answer, s.score


def test_unrelated_words_score_low() -> None:
    """Nothing in common, nothing like a match."""
    assert _score("the market opened higher on strong earnings")[0] < 50.0


def test_two_edits_in_a_short_word_are_no_typo() -> None:
    """A swap of neighbours is one edit; another word is not a misspelling."""
    # "brigde" is one swap from "bridge" (a typo); "brown" is not a misspelling of "bridge"
    assert _score("every brigde we built across it")[0] > _score("every brown we built across it")[0]
