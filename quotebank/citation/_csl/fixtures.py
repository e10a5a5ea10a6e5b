"""Running one fixture of the official CSL test suite (``processor-tests/humans/*.txt``).

Used by the test suite's runner and by ``benchmarks/csl_suite.py``. A fixture gives a
style, CSL-JSON items, citations and the output citeproc-js prints (HTML).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from quotebank.citation._csl.engine import Processor, Style
from quotebank.citation._csl.output import is_empty

__all__ = ["list_fixtures", "parse_fixture", "run_fixture"]

_SECTION = re.compile(r">>=+\s*([A-Z-]+)\s*=+>>\n?(.*?)\n?<<=+\s*\1\s*=+<<", re.S)


def parse_fixture(text: str) -> dict[str, str]:
    """The sections of a fixture, by name."""
    return {m.group(1): m.group(2) for m in _SECTION.finditer(text)}


def list_fixtures(directory: Path) -> list[Path]:
    """The counted fixtures: ``humans/*.txt`` without the ``off-spec`` and ``experiments`` folders."""
    return sorted(p for p in directory.glob("*.txt"))


def _html_bib(entries: list[str]) -> str:
    body = "".join(f'  <div class="csl-entry">{e}</div>\n' for e in entries)
    return f'<div class="csl-bib-body">\n{body}</div>'


def run_fixture(sections: dict[str, str]) -> str:
    """What quotebank prints for a fixture (to compare with its RESULT)."""
    mode = sections.get("MODE", "").strip()
    style = Style(sections["CSL"])
    items: list[dict[str, Any]] = json.loads(sections.get("INPUT", "[]"))
    for n, item in enumerate(items):
        item.setdefault("id", f"ITEM-{n + 1}")
    proc = Processor(style, items, fmt="html")
    if "CITATIONS" in sections:
        cited = _run_citations(proc, json.loads(sections["CITATIONS"]))
        if not mode.startswith("bibliography"):
            return cited
        return _html_bib([proc.out(p) for _, p in proc.bibliography()])
    clusters: list[dict[str, Any]]
    if "CITATION-ITEMS" in sections:
        raw = json.loads(sections["CITATION-ITEMS"])
        clusters = [{"items": cl, "note": n + 1} for n, cl in enumerate(raw)]
    else:
        # citeproc-js's runner cites every item in its registry's order: the bibliography's
        proc.register([str(i["id"]) for i in items])
        clusters = [{"items": [{"id": i} for i in proc.bib_order], "note": 1}]
    if mode.startswith("bibliography"):
        bibsection = json.loads(sections["BIBENTRIES"])[-1] if "BIBENTRIES" in sections else None
        order = [c["id"] for cl in clusters for c in cl["items"]] if "CITATION-ITEMS" in sections else []
        order += [str(i["id"]) for i in items]
        if bibsection is not None:
            order = [str(x) for x in bibsection]
        proc.register(order)
        if "CITATION-ITEMS" in sections:
            proc.process_citations(clusters, register_all=True)
            proc.register(order)
        entries = [proc.out(p) for _, p in proc.bibliography()]
        return _html_bib(entries)
    results = proc.process_citations(clusters)
    return "\n".join(proc.out(r) if not is_empty(r) else "" for r in results)


def _run_citations(proc: Processor, citations: list[Any]) -> str:
    """The ``CITATIONS`` section, as citeproc-js's test runner runs it.

    Each entry is ``[citation, citations_pre, citations_post]``: the citation is placed
    between the ones before and after it (by ``citationID``, with their note numbers),
    so an entry can insert, move or replace citations. After each entry the whole
    document is rendered again; a citation whose text changed (or the one placed) is
    updated. The last entry's document is printed, ``>>`` marking what it updated.
    """
    known: dict[str, dict[str, Any]] = {}
    notes: dict[str, int] = {}
    shown: dict[str, list[str]] = {}
    order: list[str] = []
    for n, entry in enumerate(citations):
        cit = entry[0]
        pre = entry[1] if len(entry) > 1 else []
        post = entry[2] if len(entry) > 2 else []
        cid = str(cit.get("citationID") or f"CITATION-{n + 1}")
        known[cid] = cit
        notes[cid] = int(cit.get("properties", {}).get("noteIndex", 0) or 0)
        for other, note in [*pre, *post]:
            notes[str(other)] = int(note or 0)
        order = [str(p[0]) for p in pre if str(p[0]) in known]
        order.append(cid)
        order += [str(p[0]) for p in post if str(p[0]) in known]
        clusters = [{"items": known[i].get("citationItems", []), "note": notes[i]} for i in order]
        texts = [proc.out(r) if not is_empty(r) else "" for r in proc.process_citations(clusters)]
        for gone in set(shown) - set(order):
            del shown[gone]
        if n == len(citations) - 1:
            for mark_text in shown.values():
                mark_text[0] = ".."
        for i, text in zip(order, texts, strict=True):
            if i == cid or shown.get(i, ["", None])[1] != text:
                shown[i] = [">>", text]
    return "\n".join(f"{shown[i][0]}[{n}] {shown[i][1]}" for n, i in enumerate(order))


def fixture_passes(path: Path) -> tuple[bool, str, str]:
    """Run one fixture file: (passed, expected, got)."""
    sections = parse_fixture(path.read_text(encoding="utf-8"))
    expected = sections.get("RESULT", "").strip()
    try:
        got = run_fixture(sections).strip()
    except Exception as exc:
        got = f"ERROR {type(exc).__name__}: {exc}"
    return got == expected, expected, got
