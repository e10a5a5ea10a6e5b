"""Scoring a phrase against a stored wording, without a store (sentences of our own)."""

from __future__ import annotations

import pytest

from quotebank import MatchKind, normalize_quote
from quotebank.store.matching import score

STORED = normalize_quote(
    "The river remembers every bridge we built across it, and it will not forgive us.")


def _score(phrase: str, stored: str = STORED) -> tuple[float, bool, MatchKind]:
    s = score(normalize_quote(phrase), stored)
    return s.score, s.altered, s.kind


def test_fragment_in_the_very_words_scores_96() -> None:
    """A phrase found whole inside a longer quotation."""
    assert _score("every bridge we built across it") == (96.0, False, MatchKind.NORMALIZED)


def test_same_stems_score_just_below() -> None:
    """"remembered" for "remembers": the same stems, just below the very words."""
    value, altered, kind = _score("the river remembered every bridge we built")
    assert value == 95.0 and not altered and kind is MatchKind.FUZZY


@pytest.mark.parametrize("phrase", [
    "the river remembers … we built across it",  # an ellipsis that removes words
    "the river remembers every bridge it will not forgive us",  # two fragments joined
    "the river remembers every bridge we built across",  # a word dropped at the end
    "the river remembers evrey bridge we built across it",  # a typo
    "the river recalls every bridge we built across it",  # a synonym
])
def test_slips_still_match(phrase: str) -> None:
    """The ways people misremember still reach the cut-off of 80, meaning intact."""
    value, altered, _ = _score(phrase)
    assert value >= 80.0 and not altered, value


@pytest.mark.parametrize("phrase", [
    "it will forgive us",  # a negation dropped
    "every bridge we built across it will forgive us",
    "the river does not remember every bridge we built",  # a negation added
])
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


def test_unrelated_words_score_low() -> None:
    """Nothing in common, nothing like a match."""
    assert _score("the market opened higher on strong earnings")[0] < 50.0


def test_two_edits_in_a_short_word_are_no_typo() -> None:
    """A swap of neighbours is one edit; another word is not a misspelling."""
    # "brigde" is one swap from "bridge" (a typo); "brown" is not a misspelling of "bridge"
    assert _score("every brigde we built across it")[0] > _score("every brown we built across it")[0]
