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
        return _run_citations(proc, json.loads(sections["CITATIONS"]), mode)
    clusters: list[dict[str, Any]]
    if "CITATION-ITEMS" in sections:
        raw = json.loads(sections["CITATION-ITEMS"])
        clusters = [{"items": cl, "note": n + 1} for n, cl in enumerate(raw)]
    else:
        clusters = [{"items": [{"id": i["id"]} for i in items], "note": 1}]
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


def _run_citations(proc: Processor, citations: list[Any], mode: str) -> str:
    clusters = []
    for entry in citations:
        cit = entry[0]
        clusters.append(
            {"items": cit.get("citationItems", []), "note": cit.get("properties", {}).get("noteIndex", 0)}
        )
    before = proc.process_citations(clusters[:-1]) if len(clusters) > 1 else []
    before_text = [proc.out(r) for r in before]
    after = proc.process_citations(clusters)
    lines = []
    for n, r in enumerate(after):
        text = proc.out(r)
        mark = ">>" if n == len(after) - 1 or n >= len(before_text) or before_text[n] != text else ".."
        lines.append(f"{mark}[{n}] {text}")
    return "\n".join(lines)


def fixture_passes(path: Path) -> tuple[bool, str, str]:
    """Run one fixture file: (passed, expected, got)."""
    sections = parse_fixture(path.read_text(encoding="utf-8"))
    expected = sections.get("RESULT", "").strip()
    try:
        got = run_fixture(sections).strip()
    except Exception as exc:
        got = f"ERROR {type(exc).__name__}: {exc}"
    return got == expected, expected, got
