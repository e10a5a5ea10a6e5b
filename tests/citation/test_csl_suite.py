"""The official CSL processor test suite: every fixture that passed still passes.

The fixtures are read from ``../shared/csl-test-suite/processor-tests/humans`` beside the
repository (or ``$QUOTEBANK_CSL_SUITE``); the tests skip when it is absent. The names of
the fixtures quotebank passes are kept in ``csl_suite_passing.txt`` (written by
``python benchmarks/csl_suite.py DIR --list-passing tests/citation/csl_suite_passing.txt``),
so a change that breaks one fails here. ``benchmarks/csl_suite.py`` prints the pass rate.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quotebank.citation._csl.fixtures import fixture_passes, list_fixtures

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SUITE = ROOT.parent / "shared" / "csl-test-suite" / "processor-tests" / "humans"
SUITE = Path(os.environ.get("QUOTEBANK_CSL_SUITE", DEFAULT_SUITE))
PASSING_FILE = Path(__file__).parent / "csl_suite_passing.txt"
PASSING = PASSING_FILE.read_text().split()
needs_suite = pytest.mark.skipif(not SUITE.is_dir(), reason=f"the CSL test suite is not at {SUITE}")


@needs_suite
@pytest.mark.parametrize("name", PASSING)
def test_fixture_still_passes(name: str) -> None:
    """Formatted exactly as the fixture's RESULT (citeproc-js's output)."""
    ok, want, got = fixture_passes(SUITE / f"{name}.txt")
    assert ok, f"\nwant: {want}\ngot:  {got}"


@needs_suite
def test_the_list_names_real_fixtures_and_most_of_them() -> None:
    """The list is of fixtures that exist, and holds at least three in four of the 845."""
    names = {p.stem for p in list_fixtures(SUITE)}
    assert len(names) == 845
    assert set(PASSING) <= names
    assert len(PASSING) >= 0.75 * len(names)


def test_a_failing_fixture_is_reported_as_failing(tmp_path: Path) -> None:
    """The runner compares: a fixture whose RESULT is wrong does not pass."""
    fixture = tmp_path / "made_up.txt"
    fixture.write_text(
        ">>===== MODE =====>>\ncitation\n<<===== MODE =====<<\n"
        ">>===== RESULT =====>>\nNot what it prints\n<<===== RESULT =====<<\n"
        '>>===== CSL =====>>\n<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        '<info><id/><title/></info><citation><layout><text variable="title"/></layout></citation></style>\n'
        "<<===== CSL =====<<\n"
        '>>===== INPUT =====>>\n[{"id": "a", "type": "book", "title": "A made-up title"}]\n'
        "<<===== INPUT =====<<\n"
    )
    ok, want, got = fixture_passes(fixture)
    assert not ok
    assert (want, got) == ("Not what it prints", "A made-up title")
