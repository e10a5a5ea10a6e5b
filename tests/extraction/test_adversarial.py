"""Hostile inputs stay linear: the time grows with the input, not with its square.

Each hostile text is extracted at a quarter of a megabyte and at a megabyte, in the
same run: a linear scan takes about four times as long for the larger, a quadratic one
sixteen. Comparing the two runs, rather than holding either to a wall-clock bound,
keeps the check true on a slow or busy machine and under coverage; throughput itself
is measured in benchmarks/, not here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from quotebank import extract

MB = 1_000_000
#: Growth from a quarter megabyte to a megabyte above which the scan is not linear
#: (linear: about 4; quadratic: about 16).
MAX_GROWTH = 8.0
#: Below this many seconds for a megabyte, no scan can be quadratic (that takes minutes).
NOT_QUADRATIC_SECONDS = 2.0

# no coverage tracing here: it slows the scan tenfold and measures nothing new
pytestmark = [pytest.mark.slow, pytest.mark.no_cover]


def _timed(text: str) -> float:
    """CPU seconds to extract ``text``, checking the offsets of the first thousand quotes.

    CPU time of this process, not wall-clock time: other jobs on a busy machine then
    barely move the ratio (a wall-clock ratio once reached 8.4 on a linear scan).
    """
    t0 = time.process_time()
    quotes = extract(text)
    for q in quotes[:1000]:
        assert text[q.start : q.end] == q.text
    return time.process_time() - t0


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_repeat('"'), id="a megabyte of straight double quotes"),
        pytest.param(_repeat("“"), id="a megabyte of opening curly quotes"),
        pytest.param(_repeat("'"), id="a megabyte of apostrophes"),
        pytest.param(_repeat("“a” "), id="a hundred thousand tiny quotations"),
        pytest.param(_repeat("word " * 40 + "“"), id="thousands of unclosed quotes, no newline"),
        pytest.param(_repeat("Khamenei said, “" + "x " * 50 + "\n"), id="unclosed quotes, one per line"),
        pytest.param(_repeat("a"), id="a megabyte with no newline and no marks"),
        pytest.param(lambda size: "He said, “" + "[" * size, id="a megabyte of open brackets"),
        pytest.param(_repeat("Mr. " * 10 + "U.S. "), id="abbreviations without end"),
        pytest.param(_repeat("The Imam The Imam " + "Ayatollah " * 20), id="title runs"),
    ],
)
def test_extract_is_linear_on_hostile_input(make: Callable[[int], str]) -> None:
    """Four times the text takes about four times as long, never sixteen."""
    small = _timed(make(MB // 4))
    large = _timed(make(MB))
    assert large < NOT_QUADRATIC_SECONDS or large / max(small, 1e-3) < MAX_GROWTH, (
        f"{small:.2f}s for 250 kB, {large:.2f}s for 1 MB"
    )


def test_unclosed_quotes_never_swallow_the_document() -> None:
    """Each unclosed quotation ends at its own paragraph."""
    for text in ("“never closed\n" * 5000, "He said: “never closed\n\n“ reopened\n\n" * 2500):
        quotes = extract(text)
        assert len(quotes) == 5000
        assert all("\n" not in q.text and not q.closed for q in quotes)
