"""Property-based tests: extract never raises and its offsets always hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotebank import Quote, extract

MARKY = st.text(alphabet=st.sampled_from(list("\"'“”‘’«»„‹› \n.,:;!?-—[]()abcHeSaidKhomeini1")), max_size=400)
WORDS = st.lists(
    st.sampled_from(
        [
            "Khomeini",
            "said",
            ",",
            "“",
            "”",
            '"',
            "'",
            "He",
            "the Imam",
            "Q:",
            "A:",
            "\n",
            "according to",
            "—",
            "(@x)",
            "July 1, 2020",
            "[",
            "]",
            "...",
            "U.S.",
            "told",
        ]
    ),
    max_size=80,
).map(" ".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.text(max_size=300), MARKY, WORDS))
def test_extract_never_raises_and_offsets_hold(text: str) -> None:
    """On any text: no exception, text[start:end] == quote.text, models validate."""
    quotes = extract(text)
    for i, q in enumerate(quotes):
        assert text[q.start : q.end] == q.text
        assert q.text.strip()
        assert text[q.context_start : q.context_start + len(q.context)] == q.context
        if q.parent is not None:
            assert 0 <= q.parent < len(quotes) and q.parent != i
        Quote.model_validate(q.model_dump(), context={"document": text})
        assert Quote.model_validate_json(q.model_dump_json()) == q
