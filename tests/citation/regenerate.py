"""Regenerate the expected citations from the citeproc-js oracle.

Run by hand when ``data/items.json`` or ``data/cases.json`` changes (it needs Node and
``../shared/citeproc-oracle`` with ``npm ci`` done)::

    python tests/citation/regenerate.py --oracle ../shared/citeproc-oracle --csl-dir ../shared/csl

It writes ``data/expected.json``: for every style and output format, the bibliography
entry of each item formatted on its own, and for every cite case the in-text citation
(``citation``), the first note (``note``) and the subsequent note (``short-note``): the
third of three notes citing the case, another source, then the case again, so that it is
a subsequent note and not an *ibid* (which citeproc-js gives when the same source is
cited twice in a row). ``order`` and ``whole`` are the bibliography of all items at once
(sorted, with year-suffixes and the repeated-author dash). Nothing in that file is typed by hand.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from quotebank.citation._csl.oracle import run_oracle
from quotebank.citation._formatting import OTHER_SOURCE

DATA = Path(__file__).parent / "data"
STYLES = [
    "apa",
    "chicago-notes-bibliography",
    "chicago-author-date",
    "chicago-notes-bibliography-17th-edition",
    "chicago-author-date-17th-edition",
]
FORMATS = ["text", "html"]


def case_key(case: dict[str, Any]) -> str:
    """The key a cite case is stored under: ``id``, ``id@label:locator``, ``id~speaker``."""
    key = case["id"]
    if case.get("locator"):
        key += f"@{case.get('label', 'page')}:{case['locator']}"
    if case.get("speaker"):
        speaker = case["speaker"]
        key += f"~{speaker.get('family') or speaker['literal']}"
    return key


def oracle_cite(case: dict[str, Any], style: str) -> dict[str, Any]:
    """The cite the oracle is given for a case (secondary citation as a prefix)."""
    from quotebank.citation.quoting import secondary_prefix  # the library's own wording of the prefix

    cite = {"id": case["id"]}
    for field in ("locator", "label"):
        if case.get(field):
            cite[field] = case[field]
    if case.get("speaker"):
        cite["prefix"] = secondary_prefix(case["speaker"], style)
    return cite


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", required=True, type=Path)
    parser.add_argument("--csl-dir", required=True, type=Path)
    args = parser.parse_args()
    items = json.loads((DATA / "items.json").read_text())
    cases = json.loads((DATA / "cases.json").read_text())
    by_id = {item["id"]: item for item in items}
    requests: list[dict[str, Any]] = []
    where: list[tuple[str, str, str, str]] = []
    for style in STYLES:
        for fmt in FORMATS:
            for item in items:
                requests.append({"style": style, "format": fmt, "mode": "bibliography", "items": [item]})
                where.append((style, fmt, "bibliography", item["id"]))
            for case in cases:
                cite = oracle_cite(case, style)
                item = by_id[case["id"]]
                requests.append(
                    {"style": style, "format": fmt, "mode": "citation", "items": [item], "cites": [cite]}
                )
                where.append((style, fmt, "citation", case_key(case)))
                requests.append(
                    {
                        "style": style,
                        "format": fmt,
                        "mode": "note",
                        "items": [item, OTHER_SOURCE],
                        "clusters": [[cite], [{"id": OTHER_SOURCE["id"]}], [cite]],
                    }
                )
                where.append((style, fmt, "note", case_key(case)))
    for style in STYLES:
        requests.append({"style": style, "format": "text", "mode": "bibliography", "items": items})
        where.append((style, "text", "order", ""))
    responses = run_oracle(requests, oracle=args.oracle, csl_dir=args.csl_dir)
    expected: dict[str, Any] = {}
    for (style, fmt, mode, key), response in zip(where, responses, strict=True):
        if "error" in response:
            raise SystemExit(f"oracle error for {style} {fmt} {mode} {key}: {response['error']}")
        table = expected.setdefault(style, {}).setdefault(fmt, {})
        if mode == "order":
            expected[style]["order"] = [entry["id"] for entry in response["bibliography"]]
            expected[style]["whole"] = [entry["output"] for entry in response["bibliography"]]
        elif mode == "bibliography":
            entries = response["bibliography"]
            table.setdefault("bibliography", {})[key] = entries[0]["output"] if entries else None
        elif mode == "citation":
            table.setdefault("citation", {})[key] = response["citations"][0]
        else:
            first, _other, subsequent = response["notes"]
            table.setdefault("note", {})[key] = first
            table.setdefault("short-note", {})[key] = subsequent
    (DATA / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )
    print(f"{len(requests)} requests; wrote {DATA / 'expected.json'}")


if __name__ == "__main__":
    main()
