"""Importing quotation datasets: Quotebank JSON Lines (plain, gz, bz2) and CSV."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import pytest

from quotebank import QuoteBank, SourceNotFoundError

RECORDS = [
    {
        "quoteID": "2020-01-16-000088",
        "quotation": "We will take harsh revenge for his blood",
        "speaker": "Ali Khamenei",
        "qids": ["Q57336"],
        "date": "2020-01-16 00:00:00",
        "numOccurrences": 2,
        "probas": [["Ali Khamenei", "0.9112"], ["None", "0.0888"]],
        "urls": ["http://example.com/a", "http://example.com/b"],
        "phase": "E",
    },
    {
        "quoteID": "2020-01-17-000001",
        "quotation": "Nobody knows who said this sentence at all",
        "speaker": "None",
        "qids": [],
        "date": "2020-01-17 00:00:00",
        "numOccurrences": 1,
        "probas": [["None", "0.7"]],
        "urls": ["http://example.com/c"],
        "phase": "E",
    },
]


def _write(path: Path, lines: list[str]) -> Path:
    data = ("\n".join(lines) + "\n").encode()
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    elif path.suffix == ".bz2":
        path.write_bytes(bz2.compress(data))
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["quotes.jsonl", "quotes.json.gz", "quotes.jsonl.bz2"])
def test_quotebank_jsonl_import(bank: QuoteBank, tmp_path: Path, name: str) -> None:
    """Imported quotations are findable by who-said, with their source URLs."""
    path = _write(tmp_path / name, [json.dumps(r) for r in RECORDS])
    report = bank.import_file(path)
    assert (report.quotations, report.occurrences, report.speakers) == (2, 3, 1)
    (match,) = bank.who_said("we will take harsh revenge for his blood")
    assert match.speaker == "Ali Khamenei"
    assert sorted(o.source_url or "" for o in match.occurrences) == [
        "http://example.com/a",
        "http://example.com/b",
    ]
    assert match.occurrences[0].source_date == "2020-01-16"
    unattributed = bank.who_said("nobody knows who said this sentence")
    assert unattributed and unattributed[0].speaker is None


def test_import_is_idempotent(bank: QuoteBank, tmp_path: Path) -> None:
    """Importing the same file twice adds nothing the second time."""
    path = _write(tmp_path / "q.jsonl", [json.dumps(r) for r in RECORDS])
    bank.import_file(path)
    again = bank.import_file(path)
    assert (again.quotations, again.occurrences) == (0, 0)


def test_malformed_records_are_skipped_with_line_numbers(bank: QuoteBank, tmp_path: Path) -> None:
    """Broken lines are reported by line and the good ones imported."""
    path = _write(
        tmp_path / "q.jsonl",
        [
            json.dumps(RECORDS[0]),
            "{not json",
            "[1, 2]",
            json.dumps({"quotation": ""}),
            json.dumps(RECORDS[1]),
        ],
    )
    report = bank.import_file(path)
    assert report.quotations == 2 and report.skipped == 3
    assert [f.input.rsplit(":", 1)[1] for f in report.failed] == ["2", "3", "4"]


def test_csv_import(bank: QuoteBank, tmp_path: Path) -> None:
    """CSV with quotation, speaker, source and date columns."""
    path = tmp_path / "q.csv"
    path.write_text(
        'quotation,speaker,source,date\n"Peace, at last, is near",Hassan Rouhani,'
        "http://example.com/r,2015-07-14\n",
        encoding="utf-8",
    )
    bank.import_file(path)
    assert bank.who_said("peace at last is near")[0].speaker == "Hassan Rouhani"


def test_missing_and_truncated_files(bank: QuoteBank, tmp_path: Path) -> None:
    """A missing file and a corrupt archive fail with clear errors."""
    with pytest.raises(SourceNotFoundError):
        bank.import_file(tmp_path / "none.jsonl")
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(b'{"quotation": "x"}\n' * 100)[:40])
    from quotebank import InputError

    with pytest.raises(InputError, match="cannot read record"):
        bank.import_file(broken)
