"""Who said it: finding quotations despite the ways people misremember them."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotebank import InputError, MatchKind, NotFoundError, QuoteBank


@pytest.mark.parametrize(
    ("phrase", "speaker", "starts"),
    [
        ("drink the poisoned chalice", "Ruhollah Khomeini", "drinking the poisoned chalice"),
        ("DRINKING THE POISONED CHALICE!!", "Ruhollah Khomeini", "drinking the poisoned chalice"),
        ('"drank the poison chalice"', "Ruhollah Khomeini", "drank the poison chalice"),
        ("drinking the cup of poison", "Ruhollah Khomeini", "drinking the cup of poison"),
        (
            "we cannot be in conflict with the world and be thinking an improvement",
            "Hashemi Rafsanjani",
            "We cannot be in conflict",
        ),
        (
            "you have two deputies and if you are not in the majlis nothing important will happen",
            "Ruhollah Khomeini",
            "You have two deputies",
        ),
        (
            "Everybody should tell the superpowers to stay within their borders",
            "Ali Khamenei",
            "Our message to all Third World",
        ),
        (
            "choosing anybody besides Mousavi is treason to Islam",
            "Ruhollah Khomeini",
            "As a citizen, I pronounce",
        ),
        ("I do away with my honor", "Ruhollah Khomeini", "You dear ones"),  # British honour
        ("I drink the cup of poison...", "Ruhollah Khomeini", "I drink the cup of poison"),
        ("forcefull revenge", "Ali Khamenei", "forceful revenge"),  # typo
        (
            "the americans are unreliable unreasonable and dishonest",
            "Ali Khamenei",
            "We have always believed in interaction",
        ),  # a fragment from the middle
    ],
)
def test_who_said_finds_the_speaker(seeded: QuoteBank, phrase: str, speaker: str, starts: str) -> None:
    """The top answer names the speaker and the stored wording."""
    matches = seeded.who_said(phrase)
    assert matches, f"nothing found for {phrase!r}"
    top = matches[0]
    assert top.speaker == speaker
    assert any(m.text.lstrip('"“.… ').startswith(starts) for m in matches[:3])
    assert top.occurrences and top.occurrences[0].context


@pytest.mark.parametrize(
    "phrase",
    [
        "the weather in Paris is lovely this time of year",
        "stock markets rallied on strong earnings",
        "global arrogance",  # a term: nobody said it
        "to be or not to be that is the question",
    ],
)
def test_who_said_returns_nothing_for_phrases_not_in_the_store(seeded: QuoteBank, phrase: str) -> None:
    """No junk: a phrase nobody in the store said gets no answer."""
    assert seeded.who_said(phrase) == []


@pytest.mark.parametrize(
    "phrase",
    [
        '"drink" "the" "poisoned" "chalice"',
        "drink* the poisoned chalice%",
        "(drink the poisoned chalice) NEAR",
        "drink the poisoned chalice'; --",
        "drink_the_poisoned_chalice",
        "drink the poisoned chalice OR",
    ],
)
def test_search_operators_are_plain_words(seeded: QuoteBank, phrase: str) -> None:
    """FTS operators, wildcards and SQL around the words do not stop them matching."""
    matches = seeded.who_said(phrase)
    assert matches and matches[0].speaker == "Ruhollah Khomeini"


@pytest.mark.parametrize(
    "phrase",
    ['" OR 1=1 --', "'; DROP TABLE quotations; --", "NEAR(a b) AND NOT c", 'quotations_fts MATCH "x"'],
)
def test_junk_phrases_find_nothing_and_break_nothing(seeded: QuoteBank, phrase: str) -> None:
    """Operator or SQL phrases that hold words are data: no answers, store intact."""
    before = len(seeded.speakers())
    assert seeded.who_said(phrase) == []
    assert len(seeded.speakers()) == before
    assert seeded.who_said("drink the poisoned chalice")


@pytest.mark.parametrize("phrase", ["* % _ ^ $", "--", "'\"()"])
def test_a_phrase_without_words_is_an_input_error(seeded: QuoteBank, phrase: str) -> None:
    """Nothing but operators and punctuation: the documented InputError, not an empty list."""
    with pytest.raises(InputError, match="no words"):
        seeded.who_said(phrase)
    assert seeded.who_said("drink the poisoned chalice")


def test_nested_quotation_is_the_answer_not_its_enclosing_one(seeded: QuoteBank) -> None:
    """Words the Imam said inside Rafsanjani's answer are the Imam's, not Rafsanjani's."""
    matches = seeded.who_said("I drink the cup of poison")
    assert matches[0].speaker == "Ruhollah Khomeini"
    # the answer that quotes the Imam ("In his wisdom, the Imam properly used the term …")
    assert not any(m.text.startswith("I don't remember.") for m in matches)
    deputies = seeded.who_said("You have two deputies and if you aren't in the Majlis")
    assert [m.speaker for m in deputies] == ["Ruhollah Khomeini"]


def test_exact_wording_is_an_exact_match(seeded: QuoteBank) -> None:
    """The verbatim words match as exact, a refolded wording as normalized."""
    assert seeded.who_said("forceful revenge")[0].match is MatchKind.EXACT
    assert seeded.who_said("Forceful   REVENGE.")[0].match is MatchKind.NORMALIZED


def test_variants_are_linked(seeded: QuoteBank) -> None:
    """The poisoned-chalice wordings are variants of each other."""
    top = seeded.who_said("drank the poison chalice")[0]
    record = seeded.quotation(top.quotation_id)
    variants = {seeded.quotation(v).text.strip(".") for v in record.variants}
    assert {"drinking the poisoned chalice", "drinking the cup of poison"} <= variants
    # one answer per remark: the linked wordings are inside it, not answers of their own
    top = seeded.who_said("drinking the cup of poison", limit=10)[0]
    assert MatchKind.VARIANT in {w.match for w in top.wordings}


def test_one_answer_per_remark_with_every_wording(seeded: QuoteBank) -> None:
    """The poisoned chalice: Khomeini first, his wordings and their sources in one answer."""
    matches = seeded.who_said("drink the poisoned chalice")
    top = matches[0]
    assert top.speaker == "Ruhollah Khomeini"
    texts = {w.text.strip(".") for w in top.wordings}
    assert {
        "drinking the poisoned chalice",
        "drank the poison chalice",
        "drinking the cup of poison",
    } <= texts
    assert top.wordings[0].quotation_id == top.quotation_id
    assert top.sources == len({o.source_id for w in top.wordings for o in w.occurrences}) >= 2
    assert top.credited[0].speaker == "Ruhollah Khomeini"
    # no wording of the remark comes back as an answer of its own
    ids = [w.quotation_id for m in matches for w in m.wordings]
    assert len(ids) == len(set(ids))


def test_empty_or_huge_phrase_is_an_input_error(seeded: QuoteBank) -> None:
    """A phrase without words, or over the limit, is refused clearly."""
    with pytest.raises(InputError, match="no words"):
        seeded.who_said(" … !? ")
    with pytest.raises(InputError, match="at most"):
        seeded.who_said("word " * 1000)


def test_quotes_by_speaker_under_any_name(seeded: QuoteBank) -> None:
    """Quotations of a speaker are found by full name, surname or title form."""
    by_full = seeded.quotes_by("Ruhollah Khomeini")
    assert len(by_full) >= 10
    assert [r.id for r in seeded.quotes_by("Khomeini")] == [r.id for r in by_full]
    assert [r.id for r in seeded.quotes_by("Ayatollah Khomeini")] == [r.id for r in by_full]
    with pytest.raises(NotFoundError):
        seeded.quotes_by("Nobody Atall")


def test_show_quotation_with_occurrences(seeded: QuoteBank) -> None:
    """One quotation carries each place it stands, with paragraph and context."""
    top = seeded.who_said("I drink the cup of poison")[0]
    record = seeded.quotation(top.quotation_id)
    assert len(record.occurrences) == 2
    assert {o.paragraph for o in record.occurrences} == {48}
    with pytest.raises(NotFoundError):
        seeded.quotation(999_999)


def test_invisible_characters_do_not_split_words(seeded: QuoteBank) -> None:
    """A zero-width space or soft hyphen inside a word finds the same answer."""
    for phrase in ("drin\u200bking the poisoned chalice", "drinking the poi\u00adsoned chalice"):
        matches = seeded.who_said(phrase)
        assert matches and matches[0].speaker == "Ruhollah Khomeini", phrase


def test_imported_wordings_of_one_remark_are_one_answer(bank: QuoteBank, tmp_path: Path) -> None:
    """Two wordings of one remark by one speaker, imported in bulk, come back together."""
    data = tmp_path / "q.csv"
    data.write_text(
        "quotation,speaker,source\n"
        "The lighthouse keeper never sleeps while the storm is at sea,Edda Vallin,a\n"
        "A lighthouse keeper never sleeps when the storm is out at sea,Edda Vallin,b\n"
        "The baker rises before the sun on market days,Edda Vallin,c\n",
        encoding="utf-8",
    )
    bank.import_file(data)
    matches = bank.who_said("the lighthouse keeper never sleeps while the storm")
    assert len(matches) == 1
    assert matches[0].speaker == "Edda Vallin"
    assert len(matches[0].wordings) == 2 and matches[0].sources == 2


def test_import_links_the_wordings_of_one_remark(bank: QuoteBank, tmp_path: Path) -> None:
    """A CSV import links variants as ingest does: one speaker's two wordings of one
    remark, not the same words by someone else, nor another remark; twice is once."""
    data = tmp_path / "q.csv"
    data.write_text(
        "quotation,speaker,source\n"
        "Every harvest begins with a farmer who trusts the rain,Odile Marsh,a\n"
        "The baker rises before the sun on market days,Odile Marsh,b\n"
        "Each harvest begins with the farmer trusting the rain,Odile Marsh,c\n"
        "Every harvest begins with a farmer who trusts the rain,Piet Lorrimer,d\n",
        encoding="utf-8",
    )
    bank.import_file(data)
    bank.import_file(data)
    records = {
        (r.text, r.speaker): r for name in ("Odile Marsh", "Piet Lorrimer") for r in bank.quotes_by(name)
    }
    first = records[("Every harvest begins with a farmer who trusts the rain", "Odile Marsh")]
    second = records[("Each harvest begins with the farmer trusting the rain", "Odile Marsh")]
    baker = records[("The baker rises before the sun on market days", "Odile Marsh")]
    other = records[("Every harvest begins with a farmer who trusts the rain", "Piet Lorrimer")]
    assert first.variants == [second.id]
    assert second.variants == [first.id]
    assert baker.variants == [] and other.variants == []
