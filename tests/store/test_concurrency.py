"""Two processes ingesting into one SQLite file at once lose nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from quotebank import QuoteBank
bank = QuoteBank(sys.argv[1])
for i in range(int(sys.argv[3])):
    report = bank.ingest_text(f"“Statement {sys.argv[2]} number {i} is on the record,” said Ali Khamenei.")
    assert report.documents == 1, report
"""


def test_two_writers_on_one_sqlite_file(tmp_path: Path) -> None:
    """Both processes' documents are all there, none half-written."""
    db = tmp_path / "shared.db"
    root = Path(__file__).resolve().parents[2]
    from quotebank import QuoteBank

    QuoteBank(str(db)).close()  # migrate once, before the race
    procs = [
        subprocess.Popen([sys.executable, "-c", SCRIPT, str(db), name, "40"], cwd=root)
        for name in ("alpha", "beta")
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    with QuoteBank(str(db)) as bank:
        texts = [r.text for r in bank.quotes_by("Ali Khamenei")]
        assert len(texts) == 80
        assert len(bank.sources()) == 80
