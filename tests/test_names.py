"""The name logic every layer shares: a speaker's name split into its CSL parts.

Rows are names of our own invention; each shows one construction.
"""

from __future__ import annotations

import pytest

from quotebank._names import fold_name, split_name, surname
from quotebank.models import Name

SPLITS = [
    # (stored name, other forms the texts used, expected parts)
    ("Dana Okafor", (), Name(given="Dana", family="Okafor")),
    ("Mary Ann Quell", (), Name(given="Mary Ann", family="Quell")),
    # the texts call her by two words: those two words are the family name
    ("Leila Hashemi Tavana", ("Hashemi Tavana",), Name(given="Leila", family="Hashemi Tavana")),
    ("Leila Hashemi Tavana", ("Tavana", "Hashemi Tavana"), Name(given="Leila", family="Hashemi Tavana")),
    # a form that is not a word-suffix of the name says nothing about its parts
    ("Leila Hashemi Tavana", ("Ms. Leila",), Name(given="Leila Hashemi", family="Tavana")),
    # forms are compared as folded names: case and accents do not matter
    ("Inès Duval Ortiz", ("duval ortíz",), Name(given="Inès", family="Duval Ortiz")),
    # a lowercase particle before the family name
    ("Pieter van der Berg", (), Name(given="Pieter", non_dropping_particle="van der", family="Berg")),
    ("Karim bin Talal", (), Name(given="Karim", non_dropping_particle="bin", family="Talal")),
    # a generational suffix is not the family name
    ("Marcus Delgado Jr.", (), Name(given="Marcus", family="Delgado", suffix="Jr.")),
    ("Marcus Delgado, Jr.", (), Name(given="Marcus", family="Delgado", suffix="Jr.")),
    ("Marcus Delgado III", (), Name(given="Marcus", family="Delgado", suffix="III")),
    # one word, or a description, is kept whole
    ("Okafor", (), Name(literal="Okafor")),
    ("the harbour master", (), Name(literal="the harbour master")),
    ("The Harbour Master", (), Name(literal="The Harbour Master")),
    ("a senior official", (), Name(literal="a senior official")),
    ("Harbour Authority spokesperson", (), Name(literal="Harbour Authority spokesperson")),
]


@pytest.mark.parametrize(("name", "forms", "expected"), SPLITS)
def test_split_name(name: str, forms: tuple[str, ...], expected: Name) -> None:
    assert split_name(name, forms) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dana Okafor", "Okafor"),
        ("Pieter van der Berg", "Berg"),
        ("Marcus Delgado Jr.", "Delgado"),  # never "Jr."
        ("Okafor", None),
        ("the harbour master", None),
    ],
)
def test_surname_is_the_family_name(name: str, expected: str | None) -> None:
    assert surname(name) == expected


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Dana Okafor", "dana okafor"),
        ("Inès  Duval", "ines duval"),
        ("Senator Dana Okafor", "dana okafor"),  # a title is not part of the name
        ("O’Brien", "o'brien"),
    ],
)
def test_fold_name(name: str, folded: str) -> None:
    assert fold_name(name) == folded


def test_a_stored_speaker_is_cited_under_the_family_name_texts_use() -> None:
    """The article names her in full, then calls her by her two-word family name."""
    from quotebank import QuoteBank

    text = (
        "“The harbour will reopen in May,” said Leila Hashemi Tavana, the port director.\n\n"
        "“We are not finished,” Hashemi Tavana added."
    )
    item = {
        "id": "h1",
        "type": "article-newspaper",
        "title": "Harbour news",
        "container-title": "The Coast Herald",
        "author": [{"family": "Brandt", "given": "Ola"}],
        "issued": {"date-parts": [[2024, 5, 2]]},
    }
    with QuoteBank("sqlite://") as bank:
        bank.ingest_text(text, source=item)
        (record,) = [r for r in bank.quotes_by("Leila Hashemi Tavana") if r.text.startswith("The harbour")]
        apa = bank.cite_quotation(record.id, "apa")
        notes = bank.cite_quotation(record.id, "chicago-notes-bibliography")
    assert apa.citation == "(Hashemi Tavana, as cited in Brandt, 2024, para. 1)"
    assert notes.citation is not None
    assert notes.citation.startswith("Leila Hashemi Tavana, quoted in Ola Brandt")
