"""Every style, mode and output format agrees with citeproc-js on the fixture set.

``data/items.json`` holds 103 CSL-JSON items made for these tests (every source type,
name form, missing field and title quirk the citation layer must handle, plus the five
seed documents as they are); ``data/cases.json`` holds 166 ways of citing them (locators,
labels, secondary citations). ``data/expected.json`` is what citeproc-js printed for each
with the official CSL files (``tests/citation/regenerate.py``); nothing in it is typed by hand.
``short-note`` is a subsequent note (the source cited again after another source), not the
*ibid* note an immediate repeat gives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quotebank.citation import Formatter, secondary_prefix
from quotebank.citation._formatting import Cite, format_item

DATA = Path(__file__).parent / "data"
ITEMS: dict[str, dict[str, Any]] = {i["id"]: i for i in json.loads((DATA / "items.json").read_text())}
CASES: list[dict[str, Any]] = json.loads((DATA / "cases.json").read_text())
EXPECTED: dict[str, Any] = json.loads((DATA / "expected.json").read_text())
STYLES = sorted(EXPECTED)
#: citeproc-js prints an error message as the note; quotebank prints the title instead.
CITEPROC_ERROR = "[CSL STYLE ERROR"


def case_key(case: dict[str, Any]) -> str:
    key = case["id"]
    if case.get("locator"):
        key += f"@{case.get('label', 'page')}:{case['locator']}"
    if case.get("speaker"):
        key += f"~{case['speaker'].get('family') or case['speaker']['literal']}"
    return key


def _norm(value: str | None) -> str | None:
    return " ".join(value.split()) if value is not None else None


def test_fixture_set_is_large_enough() -> None:
    """The issue asks for at least 80 items of our own making; the oracle covered them all."""
    assert len(ITEMS) >= 80
    for style in STYLES:
        assert set(EXPECTED[style]["text"]["bibliography"]) == set(ITEMS)


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize("style", STYLES)
def test_bibliography_entries_match_citeproc(style: str, fmt: str) -> None:
    """Each item formatted on its own as a bibliography entry (or left out, as the style does)."""
    expected = EXPECTED[style][fmt]["bibliography"]
    wrong = []
    for key, want in expected.items():
        got = format_item(ITEMS[key], style, "bibliography", fmt=fmt)  # type: ignore[arg-type]
        if _norm(got) != _norm(want):
            wrong.append(f"{key}\n  citeproc: {want}\n  quotebank: {got}")
    assert not wrong, f"{len(wrong)} of {len(expected)} differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("mode", ["citation", "note", "short-note"])
@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize("style", STYLES)
def test_citations_and_notes_match_citeproc(style: str, fmt: str, mode: str) -> None:
    """Every cite case: locators, labels and secondary citations, first and subsequent."""
    expected = EXPECTED[style][fmt][mode]
    wrong = []
    compared = 0
    for case in CASES:
        key = case_key(case)
        want = expected[key]
        if CITEPROC_ERROR in want:
            continue  # see test_where_citeproc_errs_quotebank_prints_the_title
        prefix = secondary_prefix(case["speaker"], style) if case.get("speaker") else ""
        cite = Cite(case.get("locator", ""), case.get("label", "page"), prefix)
        got = format_item(ITEMS[case["id"]], style, mode, cite=cite, fmt=fmt)  # type: ignore[arg-type]
        compared += 1
        if _norm(got) != _norm(want):
            wrong.append(f"{key}\n  citeproc: {want}\n  quotebank: {got}")
    assert compared >= len(CASES) - 2
    assert not wrong, f"{len(wrong)} of {compared} differ:\n" + "\n".join(wrong)


def test_the_oracle_printed_no_errors() -> None:
    """Every expectation is a citation: citeproc-js printed no error message for any case."""
    for style in STYLES:
        for fmt in ("text", "html"):
            for mode in ("citation", "note", "short-note"):
                assert not [k for k, v in EXPECTED[style][fmt][mode].items() if CITEPROC_ERROR in v]


@pytest.mark.parametrize("style", STYLES)
def test_bibliography_is_sorted_as_the_style_sorts(style: str) -> None:
    """A whole bibliography comes out as citeproc-js prints it: its order, its year-suffixes
    (``2019a``, ``2019b``) and its repeated-author dashes (``———.``)."""
    formatter = Formatter(style)
    ours = formatter.bibliography(ITEMS.values())
    assert [_norm(e) for e in ours] == [_norm(e) for e in EXPECTED[style]["whole"]]
