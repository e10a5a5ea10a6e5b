"""The normal form two wordings are compared in: a unit table, one construction a row.

Each row is a wording of our own and what matching sees of it.
"""

from __future__ import annotations

import pytest

from quotebank import normalize_quote

ROWS = [
    # case and quote marks of any kind
    ("“The Tide Turns,” she said", "the tide turns she said"),
    ("'The tide turns'", "the tide turns"),
    ("«La marée monte»", "la marée monte"),
    # apostrophes inside words, straight or curly, vanish on both sides
    ("We don’t sail", "we dont sail"),
    ("We don't sail", "we dont sail"),
    # an editor's brackets and an ellipsis leave no words behind
    ("The harbour [in Lagos] reopens…", "the harbor reopens"),
    ("The harbour . . . reopens", "the harbor reopens"),
    # dashes and other punctuation are spaces
    ("Now—or never!", "now or never"),
    ("well-being", "well being"),
    # British spellings fold to American, inflected forms too
    ("Our neighbours apologised for the colour", "our neighbors apologized for the color"),
    ("the defence centre's programme", "the defense centers program"),
    # compatibility forms (full-width letters, ligatures) fold to plain letters
    ("ＴＩＤＥ ﬁsh", "tide fish"),
    # numbers stay; their punctuation does not
    ("3.5% of 1,200 boats", "3 5 of 1 200 boats"),
    # nothing but punctuation is nothing
    ("“…”", ""),
]


@pytest.mark.parametrize(("wording", "normal"), ROWS)
def test_normal_form(wording: str, normal: str) -> None:
    assert normalize_quote(wording) == normal


def test_a_normal_form_is_its_own_normal_form() -> None:
    for wording, normal in ROWS:
        assert normalize_quote(normal) == normal, wording
