"""The person directory, from the user's side: who a short or partial name stands for.

These cover the lookups the directory computes once per name (given names, the nearest
of several full names, pronoun gender) and check that a long text built of the same
article over and over credits every copy as the article alone.
"""

from __future__ import annotations

import pytest

from quotebank import extract

ARTICLE = (
    "Lena Okafor chairs the river board. Daniel Okafor runs the farm upstream.\n"
    "Okafor said, “The harvest was late this year.”\n"
    "Marta Ilves met the press on Friday. She thanked her staff.\n"
    "“We will finish the bridge by June,” she said.\n"
    "Hashemi Rafsanjani arrived on Monday.\n"
    "Mr. Hashemi said, “The talks will go on.”\n"
    "“Nobody told us about the flood,” said Tomas Brandt, a ferry pilot.\n"
    "He added, “We lost two boats.”\n"
)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "Hashemi Rafsanjani arrived in the capital on Monday.\nMr. Hashemi said, “The talks will go on.”",
            "Hashemi Rafsanjani",
            id="a given name stands for the fuller name",
        ),
        pytest.param(
            "Lena Okafor chairs the board. Daniel Okafor runs the farm.\n"
            "Okafor said, “The harvest was late this year.”",
            "Daniel Okafor",
            id="a surname shared by two: the one named last",
        ),
        pytest.param(
            "Daniel Okafor runs the farm. Lena Okafor chairs the board.\n"
            "Okafor said, “The harvest was late this year.”",
            "Lena Okafor",
            id="the same two in the other order",
        ),
        pytest.param(
            "Marta Ilves met the press on Friday. She thanked her staff.\n"
            "“We will finish the bridge by June,” she said.",
            "Marta Ilves",
            id="she: the woman named before",
        ),
    ],
)
def test_short_names_resolve(text: str, speaker: str) -> None:
    """A surname, a given name or a pronoun is credited to the person it stands for."""
    quotes = extract(text)
    assert [q.speaker for q in quotes] == [speaker]


def test_a_long_text_of_repeated_articles_credits_each_copy_alike() -> None:
    """Repeating an article (one long text) changes no copy's quotations or speakers."""
    alone = [(q.text, q.speaker) for q in extract(ARTICLE)]
    assert len(alone) == 5
    copies = 40
    repeated = extract(ARTICLE * copies)
    assert len(repeated) == copies * len(alone)
    for i in range(copies):
        chunk = repeated[i * len(alone) : (i + 1) * len(alone)]
        assert [(q.text, q.speaker) for q in chunk] == alone
