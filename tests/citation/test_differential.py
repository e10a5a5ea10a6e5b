"""Differential test: hypothesis-generated CSL-JSON items, formatted by quotebank and by
citeproc-js (the oracle in ``../shared/citeproc-oracle``) with the same style files.

Runs when Node and the oracle's ``node_modules`` are there (CI installs citeproc-js from
npm into a temporary folder and points ``QUOTEBANK_CITEPROC_ORACLE`` at it); skips
otherwise. Any difference fails, unless it is listed in ``KNOWN`` with its reason.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotebank.citation._csl.oracle import oracle_ready, run_oracle
from quotebank.citation._formatting import Cite, format_item

STYLES = [
    "apa",
    "chicago-notes-bibliography",
    "chicago-author-date",
    "chicago-notes-bibliography-17th-edition",
    "chicago-author-date-17th-edition",
]
#: Differences accepted, each with its reason: (style, mode, item id) -> reason.
KNOWN: dict[tuple[str, str, str], str] = {}

needs_oracle = pytest.mark.skipif(
    not oracle_ready(), reason="citeproc-js oracle not installed (npm ci in the oracle folder)"
)

WORDS = st.sampled_from(
    "the war of letters an essay on power and faith in Tehran after revolution what it meant".split()
)
FAMILY = st.sampled_from(["Amini", "Bakhtiar", "van der Berg", "al-Sayyid", "Nasr", "O'Brien", "Zand"])
GIVEN = st.sampled_from(["Leila", "Reza", "Jean-Paul", "Mary Ann", "K.", "Ji-woo", ""])
NAME = st.builds(lambda f, g: {"family": f, "given": g} if g else {"family": f}, FAMILY, GIVEN)
INSTITUTION = st.sampled_from([{"literal": "Library of Congress"}, {"literal": "Iran Watch"}])
DATE = st.one_of(
    st.builds(lambda y: {"date-parts": [[y]]}, st.integers(1950, 2024)),
    st.builds(lambda y, m: {"date-parts": [[y, m]]}, st.integers(1950, 2024), st.integers(1, 12)),
    st.builds(
        lambda y, m, d: {"date-parts": [[y, m, d]]},
        st.integers(1950, 2024),
        st.integers(1, 12),
        st.integers(1, 28),
    ),
    st.builds(lambda y, s: {"date-parts": [[y]], "season": s}, st.integers(1950, 2024), st.integers(1, 4)),
    st.just({"literal": "Muharram 1401"}),
)
TYPES = st.sampled_from(
    [
        "book",
        "article-journal",
        "article-newspaper",
        "article-magazine",
        "chapter",
        "webpage",
        "report",
        "thesis",
    ]
)


@st.composite
def items(draw: st.DrawFn) -> dict[str, Any]:
    """One CSL-JSON item with a random subset of the fields the five styles test."""
    item: dict[str, Any] = {"id": "x", "type": draw(TYPES)}
    item["title"] = " ".join(draw(st.lists(WORDS, min_size=1, max_size=7))).capitalize()
    authors = draw(st.lists(st.one_of(NAME, INSTITUTION), min_size=0, max_size=5))
    if authors:
        item["author"] = authors
    if draw(st.booleans()):
        item["issued"] = draw(DATE)
    for field, values in (
        ("container-title", ["Iranian Studies", "The New York Times", "Middle East Report"]),
        ("publisher", ["Oxford University Press", "MEMRI"]),
        ("publisher-place", ["London", "Tehran"]),
        ("volume", ["12", "3"]),
        ("issue", ["4", "2-3"]),
        ("page", ["33-50", "101", "1-9"]),
        ("URL", ["https://example.org/a"]),
        ("edition", ["2", "Revised"]),
        ("number", ["RL32048", "7"]),
        ("genre", ["Working paper", "PhD diss."]),
    ):
        if draw(st.booleans()):
            item[field] = draw(st.sampled_from(values))
    if draw(st.integers(0, 4)) == 0:
        item["editor"] = draw(st.lists(NAME, min_size=1, max_size=2))
    return item


def _norm(value: str | None) -> str | None:
    return " ".join(value.split()) if value is not None else None


@needs_oracle
@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(items(), min_size=40, max_size=40))
def test_generated_items_agree_with_citeproc_js(batch: list[dict[str, Any]]) -> None:
    """Forty generated items in five styles: bibliography entry and in-text citation/note."""
    for n, item in enumerate(batch):
        item["id"] = f"gen-{n}"
    requests = []
    where = []
    for style in STYLES:
        for item in batch:
            requests.append({"style": style, "mode": "bibliography", "items": [item]})
            where.append((style, "bibliography", item))
            requests.append(
                {"style": style, "mode": "citation", "items": [item], "cites": [{"id": item["id"]}]}
            )
            where.append((style, "citation", item))
    wrong = []
    for (style, mode, item), response in zip(where, run_oracle(requests, timeout=300), strict=True):
        if "error" in response:
            continue
        if mode == "bibliography":
            entries = response["bibliography"]
            want = entries[0]["output"] if entries else None
        else:
            want = response["citations"][0]
        got = format_item(item, style, mode, cite=Cite())
        if _norm(got) != _norm(want) and (style, mode, item["id"]) not in KNOWN:
            wrong.append(f"{style} {mode} {json.dumps(item)}\n  citeproc: {want}\n  quotebank: {got}")
    assert not wrong, f"{len(wrong)} of {len(where)} differ:\n" + "\n".join(wrong[:15])
