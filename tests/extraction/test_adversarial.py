"""Hostile inputs stay linear: generous wall-clock bounds catch a quadratic blow-up.

The bounds are loose on purpose (a quadratic scan of these inputs would take minutes);
throughput itself is measured in benchmarks/, not here.
"""

from __future__ import annotations

import time

import pytest

from quotebank import extract

MB = 1_000_000

pytestmark = pytest.mark.slow


def _timed(text: str) -> float:
    """Seconds to extract ``text``, checking the offsets of the first thousand quotes."""
    t0 = time.perf_counter()
    quotes = extract(text)
    for q in quotes[:1000]:
        assert text[q.start : q.end] == q.text
    return time.perf_counter() - t0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('"' * MB, id="a megabyte of straight double quotes"),
        pytest.param("“" * MB, id="a megabyte of opening curly quotes"),
        pytest.param("'" * MB, id="a megabyte of apostrophes"),
        pytest.param("“a” " * (MB // 8), id="a hundred thousand tiny quotations"),
        pytest.param(("word " * 40 + "“") * (MB // 201), id="thousands of unclosed quotes, no newline"),
        pytest.param(("Khamenei said, “" + "x " * 50 + "\n") * (MB // 118),
                     id="unclosed quotes, one per line"),
        pytest.param("a" * MB, id="a megabyte with no newline and no marks"),
        pytest.param("He said, “" + "[" * MB, id="a megabyte of open brackets"),
        pytest.param(("Mr. " * 10 + "U.S. ") * (MB // 45), id="abbreviations without end"),
        pytest.param(("The Imam The Imam " + "Ayatollah " * 20) * (MB // 220), id="title runs"),
    ],
)
def test_extract_is_linear_on_hostile_input(text: str) -> None:
    """A megabyte of pathological text is extracted in well under a minute."""
    elapsed = _timed(text)
    assert elapsed < 30, f"took {elapsed:.1f}s"


def test_unclosed_quotes_never_swallow_the_document() -> None:
    """Each unclosed quotation ends at its own paragraph."""
    for text in ("“never closed\n" * 5000, "He said: “never closed\n\n“ reopened\n\n" * 2500):
        quotes = extract(text)
        assert len(quotes) == 5000
        assert all("\n" not in q.text and not q.closed for q in quotes)
