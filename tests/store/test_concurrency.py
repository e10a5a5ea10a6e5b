"""Several processes at once: readers answer while a writer works, writers lose nothing.

Real processes on a real store (SQLite file and, where the fixture runs it,
PostgreSQL): four writers on disjoint folders and on one folder finish with no failed
document and exact counts; four processes opening a fresh store migrate it once.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from quotebank import QuoteBank

ROOT = Path(__file__).resolve().parents[2]

INGEST = """
import json, sys
from quotebank import QuoteBank
with QuoteBank(sys.argv[1]) as bank:
    print(json.dumps(bank.ingest(sys.argv[2:]).model_dump()))
"""

OPEN = """
import sys
from quotebank import QuoteBank
with QuoteBank(sys.argv[1]) as bank:
    print(bank.current_revision())
"""


def _folder(root: Path, name: str, count: int) -> Path:
    """``count`` documents of our own, sharing speakers across folders (a race for their rows)."""
    folder = root / name
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"{name}-{i:02}.txt").write_text(
            f"“Plan {name} {i} goes ahead on schedule,” said Minister Dana Okafor. "
            f"“We have not seen plan {name} {i},” said Aldo Brenner of the opposition. "
            f"Later, Okafor said: “The {name} budget holds for year {i}.”",
            encoding="utf-8",
        )
        (folder / f"{name}-{i:02}.json").write_text(
            json.dumps(
                {
                    "id": f"{name}-{i}",
                    "type": "article-newspaper",
                    "title": f"Plan {name} {i}",
                    "container-title": "The Daily Ledger",
                    "issued": {"date-parts": [[2024, 1 + i % 12]]},
                }
            ),
            encoding="utf-8",
        )
    return folder


def _run_all(commands: list[list[str]]) -> list[str]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", *c], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for c in commands
    ]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        outs.append(out)
    return outs


def test_two_writers_on_one_sqlite_file(tmp_path: Path) -> None:
    """Both processes' documents are all there, none half-written."""
    db = tmp_path / "shared.db"
    script = """
import sys
from quotebank import QuoteBank
bank = QuoteBank(sys.argv[1])
for i in range(int(sys.argv[3])):
    report = bank.ingest_text(f"“Statement {sys.argv[2]} number {i} is on the record,” said Ali Khamenei.")
    assert report.documents == 1, report
"""
    QuoteBank(str(db)).close()  # migrate once, before the race
    _run_all([[script, str(db), name, "40"] for name in ("alpha", "beta")])
    with QuoteBank(str(db)) as bank:
        assert len(bank.quotes_by("Ali Khamenei")) == 80
        assert len(bank.sources()) == 80


def test_four_writers_on_disjoint_folders(store_url: str, tmp_path: Path) -> None:
    """Every document stored once, no failure, the speakers shared by all created once."""
    QuoteBank(store_url).close()
    folders = [_folder(tmp_path, name, 12) for name in ("north", "south", "east", "west")]
    reports = [json.loads(o) for o in _run_all([[INGEST, store_url, str(f)] for f in folders])]
    assert [r["failed"] for r in reports] == [[], [], [], []]
    assert sum(r["documents"] for r in reports) == 48
    assert sum(r["quotations"] for r in reports) == 48 * 3
    assert sum(r["speakers"] for r in reports) == 2
    with QuoteBank(store_url) as bank:
        assert len(bank.sources()) == 48
        assert sorted(s.name for s in bank.speakers()) == ["Aldo Brenner", "Dana Okafor"]
        assert len(bank.quotes_by("Okafor")) == 96


def test_four_writers_on_one_folder(store_url: str, tmp_path: Path) -> None:
    """Each document is new to exactly one writer and unchanged to the other three."""
    QuoteBank(store_url).close()
    folder = _folder(tmp_path, "shared", 16)
    reports = [json.loads(o) for o in _run_all([[INGEST, store_url, str(folder)]] * 4)]
    assert [r["failed"] for r in reports] == [[], [], [], []]
    assert sum(r["documents"] for r in reports) == 16
    assert sum(r["unchanged"] for r in reports) == 48
    assert sum(r["quotations"] for r in reports) == 48
    assert sum(r["speakers"] for r in reports) == 2
    with QuoteBank(store_url) as bank:
        assert len(bank.sources()) == 16
        assert len(bank.quotes_by("Aldo Brenner")) == 16


def test_four_processes_open_a_fresh_store(store_url: str) -> None:
    """The migrations run once, under a lock; every opener finds the schema at head."""
    outs = _run_all([[OPEN, store_url]] * 4)
    with QuoteBank(store_url) as bank:
        head = bank.current_revision()
    assert head is not None and [o.strip() for o in outs] == [head] * 4


def test_a_reader_does_not_wait_for_the_write_lock(tmp_path: Path) -> None:
    """While another connection holds SQLite's write lock, who-said still answers."""
    db = tmp_path / "busy.db"
    with QuoteBank(str(db)) as bank:
        bank.ingest_text("“The harbour reopens in May,” said Dana Okafor.")
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO sources (key, type, csl) VALUES ('held', 'article', '{}')")
    answers: list[str | None] = []
    try:
        with QuoteBank(str(db)) as bank:
            reader = threading.Thread(
                target=lambda: answers.append(bank.who_said("the harbour reopens in may")[0].speaker),
                daemon=True,
            )
            reader.start()
            reader.join(timeout=20)  # a reader that takes the lock waits 60 s here
            assert answers == ["Dana Okafor"]
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_readers_answer_throughout_an_ingest(tmp_path: Path) -> None:
    """Queries from another process run (and never fail) while a folder is ingested."""
    db = tmp_path / "live.db"
    with QuoteBank(str(db)) as bank:
        bank.ingest_text("“The harbour reopens in May,” said Dana Okafor.")
    folder = _folder(tmp_path, "live", 60)
    writer = subprocess.Popen(
        [sys.executable, "-c", INGEST, str(db), str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[int] = []
    with QuoteBank(str(db), create=False) as bank:
        while writer.poll() is None:
            assert bank.who_said("the harbour reopens in may")[0].speaker == "Dana Okafor"
            seen.append(len(bank.sources()))
            time.sleep(0.01)
        out, err = writer.communicate()
        assert writer.returncode == 0, err
        assert json.loads(out)["documents"] == 60
        assert len(bank.sources()) == 61
    # the reader saw the store grow, one committed document at a time, never backwards
    assert seen == sorted(seen) and len(set(seen)) > 1
