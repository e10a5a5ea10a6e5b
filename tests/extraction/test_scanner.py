"""Pairing quote marks: marks, apostrophes, nesting, paragraphs."""

from __future__ import annotations

import pytest

from quotebank import QuoteKind, extract


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “one” and ‘two’.", ["one", "two"]),
        ('She said "straight" here.', ["straight"]),
        ("Er sagte „low nine“ dann.", ["low nine"]),
        ("Il a dit « guillemets » hier.", ["guillemets"]),
        ("Il a dit ‹ single guillemets › hier.", ["single guillemets"]),
        ("He said, 'Khamenei's hand was injured' yesterday.", ["Khamenei's hand was injured"]),
        ("The Kuwaitis' ships and the Imam's letter.", []),
        ("Rock 'n' roll isn't dead, is it?", []),
        ("“”", []),
        ("“...”", []),
        ('Q:"Who are the five men?"', ["Who are the five men?"]),
    ],
)
def test_marks(text: str, expected: list[str]) -> None:
    """Each kind of mark opens and closes a quotation; apostrophes do not."""
    assert [q.text for q in extract(text)] == expected


def test_nested_quotes_have_parents() -> None:
    """A quote inside a quote points at it."""
    text = "Rafsanjani said: “The Imam said: ‘You have two deputies.’ That was all.”"
    outer, inner = extract(text)
    assert inner.parent == 0 and outer.parent is None
    assert inner.text == "You have two deputies."
    # the text names no Imam, so the title stays as given, marked unnamed
    assert (inner.speaker, inner.speaker_named, inner.cue) == ("The Imam", False, "said")
    assert inner.speaker_mention is not None and inner.speaker_mention.text == "The Imam"


def test_quote_continues_when_next_paragraph_reopens() -> None:
    """Paragraphs that reopen the mark continue one quotation."""
    text = "Rafsanjani said: “First part.\n\n“Second part.\n\n“Last part.”\nAfter."
    (quote,) = extract(text)
    assert quote.text == "First part.\n\n“Second part.\n\n“Last part."
    assert quote.paragraph == 1 and quote.closed


def test_unclosed_quote_ends_at_paragraph() -> None:
    """Without a reopening mark, an unclosed quotation ends with its paragraph."""
    text = "Rafsanjani said: “It never ends\nNext paragraph is plain “term” text."
    first, second = extract(text)
    assert first.text == "It never ends" and not first.closed
    assert second.text == "term" and second.kind is QuoteKind.TERM


def test_stray_single_quote_is_an_apostrophe() -> None:
    """'Ali in a name is not an unclosed quotation."""
    assert extract("Hassan the son of 'Ali, with the Umayyad leader") == []


def test_typo_double_mark_closes_inner_single() -> None:
    """A double mark closing a single one, before the real end, closes the single."""
    text = "Q: \"of 'the cup of poison' and of 'identifying the interest\" as set out. Could you?\""
    quotes = extract(text)
    assert quotes[0].text.endswith("Could you?")
    assert [q.text for q in quotes[1:]] == ["the cup of poison", "identifying the interest"]


def test_empty_text_has_no_quotes() -> None:
    """Empty input gives an empty list."""
    assert extract("") == [] and extract("\n\n   \n") == []


def test_bytes_are_refused() -> None:
    """extract() wants str; bytes must be decoded on purpose."""
    with pytest.raises(TypeError, match="decode"):
        extract(b"text")  # type: ignore[arg-type]
