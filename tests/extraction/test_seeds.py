"""What the extractor must find in the seed documents (the issue's sample and more)."""

from __future__ import annotations

import pytest

from quotebank import Quote, QuoteKind, extract
from tests.conftest import seed_text


def _find(quotes: list[Quote], starts_with: str) -> Quote:
    exact = [q for q in quotes if q.text.strip(".,…” ") == starts_with]
    hits = exact or [q for q in quotes if q.text.lstrip(".… ").startswith(starts_with)]
    assert hits, f"no quotation starting with {starts_with!r}"
    return hits[0]


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[Quote]]:
    return {p: extract(seed_text(p)) for p in ("000", "001", "002", "003", "004")}


# (document, start of the quotation, speaker, kind, cue)
CASES = [
    ("001", "We cannot be in conflict with the world", "Hashemi Rafsanjani", "quotation", "saying"),
    ("001", "With regard to the reason I was chosen", "Hashemi Rafsanjani", "quotation", "A:"),
    ("001", "Why did Imam [Khomeini] choose you", "interviewer", "quotation", "Q:"),
    ("001", "Ayatollah Khamenei's hand was injured", "Ruhollah Khomeini", "quotation", "said"),
    ("001", "You have two deputies", "Ruhollah Khomeini", "quotation", "said"),
    ("001", "On this issue, you [all] must stand behind", "Ruhollah Khomeini", "quotation", "said"),
    ("001", "We told the people that even if the war", "Ruhollah Khomeini", "quotation", "said"),
    ("001", "If it is hard for you to declare it", "Hashemi Rafsanjani", "quotation", "suggested"),
    ("001", "drinking the cup of poison", "Ruhollah Khomeini", "quotation", "said"),
    ("001", "I drink the cup of poison.", "Ruhollah Khomeini", "quotation", "used the term"),
    ("001", "We have always believed in interaction", "Ali Khamenei", "quotation", ":"),
    ("000", "Since responsibility for the government", "Ali Khamenei", "quotation", "told"),
    ("000", "Our message to all Third World peoples", "Ali Khamenei", "quotation", "exhorted"),
    ("000", "I call on the dear people of Iran", "Khomeini", "quotation", "said"),
    ("000", "As a citizen, I pronounce", "Khomeini", "quotation", "remarked"),
    ("000", "provided the moral cover of martyrdom", "Efraim Karsh", "quotation", "wrote"),
    ("000", "We have decided to declare officially", "Ali Khamenei", "quotation", "stating"),
    ("000", "You dear ones, more than anyone else", "Khomeini", "quotation", "concluded"),
    ("000", "only if the Imam orders it", "Ali Khamenei", "quotation", "issuing"),
    ("002", "forceful revenge", "Khamenei", "quotation", "promised"),
    ("002", "super-bad guy", "a former Trump advisor", "quotation", "according to"),
    ("002", "rattle the delicate internal balance", "the memo", "quotation", "stated"),
    ("002", "criminals who have his blood", "Khamenei", "quotation", "statements"),
    ("003", "It was the Iranian Resistance that forced Khomeini", "Maryam Rajavi", "post", "—"),
    ("003", "This 1999 letter by Hoshyar Zebari", "Ali Safavi", "post", "—"),
    ("003", "Today Mehran, Tomorrow Tehran", "the NLA forces", "quotation", "echoed"),
    ("003", "negotiated his honor with God", "Ruhollah Khomeini", "quotation", "proclaimed"),
    ("003", "drank the poison chalice", "Ruhollah Khomeini", "quotation", "proclaimed"),
    ("003", "treachery", "Ruhollah Khomeini", "quotation", "dismissed"),
    ("004", "drinking the poisoned chalice", "Khomeini", "quotation", "described"),
]


@pytest.mark.parametrize(("doc", "start", "speaker", "kind", "cue"), CASES)
def test_seed_quotation_is_attributed(
    seeds: dict[str, list[Quote]], doc: str, start: str, speaker: str, kind: str, cue: str
) -> None:
    """Each listed quotation is found, with its speaker, kind and cue."""
    quote = _find(seeds[doc], start)
    assert (quote.speaker, quote.kind.value, quote.cue) == (speaker, kind, cue)


TERMS = [
    ("000", "global arrogance"),
    ("000", "imposed"),
    ("000", "bitter decision"),
    ("002", "patriotism"),
    ("002", "super-bad"),
    ("002", "othering"),
    ("003", "Sacred Defense Week"),
    ("003", "Iraqi spies"),
    ("004", "War, war until victory"),
    ("004", "The road to Jerusalem passes through Karbala"),
    ("004", "War until the last house in Tehran"),
    ("004", "hard core"),
    ("001", "[Iran's Acceptance Of U.N.] Resolution [598] Came Because"),  # a title
]


@pytest.mark.parametrize(("doc", "start"), TERMS)
def test_scare_quotes_and_slogans_are_terms_with_no_speaker(
    seeds: dict[str, list[Quote]], doc: str, start: str
) -> None:
    """Scare quotes, names and slogans are nobody's words."""
    quote = _find(seeds[doc], start)
    assert quote.kind is QuoteKind.TERM
    assert quote.speaker is None


def test_every_offset_matches_the_text(seeds: dict[str, list[Quote]]) -> None:
    """input[start:end] == text, for the quotation, the context and the mention."""
    for doc, quotes in seeds.items():
        text = seed_text(doc)
        assert quotes, doc
        for q in quotes:
            assert text[q.start : q.end] == q.text
            assert text[q.context_start : q.context_start + len(q.context)] == q.context
            if q.speaker_mention:
                m = q.speaker_mention
                assert text[m.start : m.end] == m.text
            Quote.model_validate(q.model_dump(), context={"document": text})


def test_nested_quotation_points_at_its_parent(seeds: dict[str, list[Quote]]) -> None:
    """The Imam's words inside Rafsanjani's answer are their own quotation, nested."""
    quotes = seeds["001"]
    inner = _find(quotes, "You have two deputies")
    assert inner.parent is not None
    outer = quotes[inner.parent]
    assert outer.text.startswith("With regard to the reason I was chosen")
    assert outer.start < inner.start < inner.end < outer.end
    assert outer.speaker == "Hashemi Rafsanjani"


def test_multi_paragraph_quotation_runs_to_the_last_closing_mark(
    seeds: dict[str, list[Quote]],
) -> None:
    """An answer reopening the mark in each paragraph is one quotation over them all."""
    answer = _find(seeds["001"], "I don't remember. Imam [Khomeini] made a suggestion")
    assert answer.text.endswith("which he did not want...")
    assert answer.text.count("\n\n") == 7  # eight paragraphs
    assert answer.closed
    shorter = _find(seeds["001"], "At one particular meeting, we were five men")
    assert shorter.text.endswith("it was wrong [to accept it].")
    assert shorter.text.count("\n\n") == 3


def test_unclosed_nested_quote_ends_at_its_paragraph(seeds: dict[str, list[Quote]]) -> None:
    """'We told the people… never closes: it ends at its paragraph's end."""
    quote = _find(seeds["001"], "We told the people that even if the war")
    assert not quote.closed
    assert "\n" not in quote.text
    assert quote.text.endswith("It will break their hearts.")


def test_editorial_brackets_and_ellipses_stay_verbatim(seeds: dict[str, list[Quote]]) -> None:
    """Brackets and ellipses are kept in text and folded in the normal form."""
    quote = _find(seeds["000"], "As a citizen, I pronounce")
    assert "besides [Mousavi] is treason" in quote.text
    assert "mousavi" not in quote.normalized
    first = _find(seeds["001"], "We cannot be in conflict")
    assert "[at the same time]" in first.text and "..." in first.text


def test_post_keeps_handle_and_date(seeds: dict[str, list[Quote]]) -> None:
    """An embedded post is credited to its signer, with handle and date."""
    post = _find(seeds["003"], "It was the Iranian Resistance")
    assert post.handle == "@Maryam_Rajavi"
    assert post.posted is not None and post.posted.isoformat() == "2021-07-12"


def test_context_does_not_break_at_abbreviations(seeds: dict[str, list[Quote]]) -> None:
    """The sentence around a quotation runs through U.S. and U.N."""
    quote = _find(seeds["000"], "We have decided to declare officially")
    assert quote.context.startswith("President Khamenei sent Iran’s official acceptance")
    assert "U.N. Secretary-General" in quote.context


def test_speaker_mention_records_the_words_used(seeds: dict[str, list[Quote]]) -> None:
    """The mention is what the text says (a pronoun, a title), the speaker who it is."""
    told = _find(seeds["000"], "Since responsibility for the government")
    assert told.speaker_mention is not None and told.speaker_mention.text == "He"
    imam = _find(seeds["001"], "You have two deputies")
    assert imam.speaker_mention is not None and imam.speaker_mention.text == "The Imam"


def test_apostrophe_is_not_a_closing_quote(seeds: dict[str, list[Quote]]) -> None:
    """'Ayatollah Khamenei's hand…' does not end at the apostrophe."""
    quote = _find(seeds["001"], "Ayatollah Khamenei's hand was injured")
    assert quote.text.endswith("and he must run the country.")
