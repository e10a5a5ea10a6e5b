"""The command line: every command, JSON output, and errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from quotebank.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def _ok(runner: CliRunner, *args: str, input: str | None = None) -> str:
    result = runner.invoke(cli, list(args), input=input)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


def test_extract_table_and_jsonl(runner: CliRunner, seed_files: list[Path]) -> None:
    """extract prints a table, or JSON Lines with the quote fields and the file."""
    table = _ok(runner, "extract", str(seed_files[4]))
    assert "Khomeini" in table and "described" in table
    lines = _ok(runner, "extract", "--json", str(seed_files[4])).splitlines()
    rows = [json.loads(line) for line in lines]
    assert {
        "text",
        "start",
        "end",
        "speaker",
        "speaker_mention",
        "cue",
        "kind",
        "context",
        "paragraph",
        "parent",
        "confidence",
        "file",
    } <= set(rows[0])
    assert any(r["speaker"] == "Khomeini" and r["text"].startswith("drinking") for r in rows)


def test_extract_reads_stdin(runner: CliRunner) -> None:
    """- reads standard input."""
    out = _ok(runner, "extract", "--json", "-", input="“We will win,” said Ali Khamenei.")
    assert json.loads(out)["speaker"] == "Ali Khamenei"


def test_extract_empty_file_gives_no_quotes(runner: CliRunner, tmp_path: Path) -> None:
    """An empty file is not an error."""
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert _ok(runner, "extract", "--json", str(empty)) == ""


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "no such file"),
        ("dir", [], "is a directory"),
        (b"\x00\x01binary", [], "binary"),
        ("café “x”".encode("cp1252"), [], "--encoding"),
        ("x" * 100, ["--max-bytes", "10"], "over the limit"),
    ],
)
def test_extract_bad_input_is_one_line_without_traceback(
    runner: CliRunner, tmp_path: Path, content: bytes | str | None, args: list[str], message: str
) -> None:
    """Bad files: a one-line error naming the file, exit 2, nothing else."""
    path = tmp_path / "input.txt"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    result = runner.invoke(cli, ["extract", *args, str(path)])
    assert result.exit_code == 2
    assert message in result.stderr and str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped error


def test_error_in_json_mode_is_json(runner: CliRunner, tmp_path: Path) -> None:
    """With --json a failure is also one JSON object on stdout."""
    result = runner.invoke(cli, ["extract", "--json", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": "SourceNotFoundError",
        "message": "no such file",
        "source": str(tmp_path / "nope.txt"),
    }


def test_ingest_who_quotes_show_speakers_sources(runner: CliRunner, db: str, seed_files: list[Path]) -> None:
    """The store commands, end to end, in JSON."""
    report = json.loads(_ok(runner, "ingest", "--db", db, "--json", *map(str, seed_files)))
    assert report["documents"] == 5 and report["failed"] == []
    matches = json.loads(_ok(runner, "who", "--db", db, "--json", "drink the poisoned chalice"))
    assert isinstance(matches, list) and matches
    assert {"speaker", "text", "score", "match", "occurrences"} <= set(matches[0])
    assert matches[0]["speaker"] == "Ruhollah Khomeini"
    assert matches[0]["occurrences"][0]["paragraph"] >= 1
    readable = _ok(runner, "who", "--db", db, "drink the poisoned chalice")
    assert "Ruhollah Khomeini" in readable
    assert json.loads(_ok(runner, "who", "--db", db, "--json", "lovely weather in Paris")) == []
    quotes = json.loads(_ok(runner, "quotes", "--db", db, "--json", "--speaker", "Khamenei"))
    assert quotes and all(q["speaker"] == "Ali Khamenei" for q in quotes)
    shown = json.loads(_ok(runner, "show", "--db", db, "--json", str(matches[0]["quotation_id"])))
    assert shown["occurrences"] and "variants" in shown
    speakers = json.loads(_ok(runner, "speakers", "--db", db, "--json"))
    assert any(s["name"] == "Hashemi Rafsanjani" for s in speakers)
    sources = json.loads(_ok(runner, "sources", "--db", db, "--json"))
    assert len(sources) == 5


def test_ingest_reports_failures_and_exits_1(runner: CliRunner, db: str, tmp_path: Path) -> None:
    """A failed input is listed and the exit code says so."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 10)
    result = runner.invoke(cli, ["ingest", "--db", db, "--json", str(bad)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["failed"][0]["error"] == "BinaryFileError"


def test_show_unknown_id(runner: CliRunner, db: str) -> None:
    """An unknown id is a clear error with its own exit code."""
    _ok(runner, "db", "upgrade", "--db", db)
    result = runner.invoke(cli, ["show", "--db", db, "12345"])
    assert result.exit_code == 3 and "no quotation with id 12345" in result.stderr


def test_db_commands(runner: CliRunner, db: str) -> None:
    """db upgrade / current / downgrade wrap the migrations."""
    assert json.loads(_ok(runner, "db", "upgrade", "--db", db, "--json")) == {"revision": "0004w"}
    assert json.loads(_ok(runner, "db", "current", "--db", db, "--json"))["revision"] == "0004w"
    assert json.loads(_ok(runner, "db", "downgrade", "--yes", "--db", db, "--json")) == {"revision": "0003"}
    assert json.loads(_ok(runner, "db", "downgrade", "base", "--yes", "--db", db, "--json")) == {
        "revision": None
    }


def test_import_command(runner: CliRunner, db: str, tmp_path: Path) -> None:
    """import reads a Quotebank JSON Lines file."""
    path = tmp_path / "q.jsonl"
    path.write_text(
        json.dumps(
            {
                "quotation": "Sanctions will never break this nation",
                "speaker": "Ali Khamenei",
                "urls": ["http://e.com/x"],
            }
        )
        + "\n"
    )
    report = json.loads(_ok(runner, "import", "--db", db, "--json", str(path)))
    assert report["quotations"] == 1


def test_demo_is_the_main_job(runner: CliRunner, db: str) -> None:
    """demo ingests the bundled seeds and answers the who-said question."""
    out = json.loads(_ok(runner, "demo", "--db", db, "--json"))
    assert out["ingest"]["documents"] == 5
    assert out["matches"][0]["speaker"] == "Ruhollah Khomeini"
    again = json.loads(_ok(runner, "demo", "--db", db, "--json"))
    assert again["ingest"]["unchanged"] == 5


def _command_paths(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand, read from the CLI itself (so none is forgotten)."""
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_command_paths()), ids=" ".join)
def test_every_command_has_help(runner: CliRunner, path: tuple[str, ...]) -> None:
    """Each command and subcommand explains itself."""
    out = _ok(runner, *path, "--help")
    assert out.startswith(f"Usage: cli {' '.join(path)}") and len(out.splitlines()) > 4


@pytest.mark.parametrize(
    "path",
    [p for p in _command_paths() if not isinstance(cli.commands[p[0]], click.Group) or len(p) > 1],
    ids=" ".join,
)
def test_every_command_prints_json(path: tuple[str, ...]) -> None:
    """JSON output on every command that prints something."""
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert "--json" in {opt for p in command.params for opt in getattr(p, "opts", [])}


def test_installed_package_runs_from_any_directory(tmp_path: Path) -> None:
    """python -m quotebank demo works from another directory (seeds and migrations ship)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = subprocess.run(
        [sys.executable, "-c", "import quotebank, sys; print(quotebank.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("quotebank is not installed in this environment")
        pytest.skip("quotebank is not installed (run the README's test command)")
    result = subprocess.run(
        [sys.executable, "-m", "quotebank", "demo", "--json", "--db", str(tmp_path / "d.db")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["matches"][0]["speaker"] == "Ruhollah Khomeini"


def test_cite_bib_export_styles(runner: CliRunner, db: str, seed_files: list[Path], tmp_path: Path) -> None:
    """Citations of stored quotations and sources, the bibliography and exports, all with JSON."""
    _ok(runner, "ingest", *map(str, seed_files), "--db", db)
    matches = json.loads(_ok(runner, "who", "I drink the cup of poison", "--db", db, "--json"))
    qid = str(matches[0]["quotation_id"])
    pasted = json.loads(_ok(runner, "cite", qid, "--db", db, "--json"))
    assert pasted["speaker"] == "Ruhollah Khomeini" and pasted["style"] == "apa"
    assert pasted["citation"].startswith("(Khomeini, as cited in ")
    note = json.loads(_ok(runner, "cite", qid, "--style", "chicago-notes", "--db", db, "--json"))
    assert note["mode"] == "note" and note["citation"].startswith("Ruhollah Khomeini, quoted in ")
    text = _ok(runner, "cite", qid, "--style", "chicago-ad", "--format", "markdown", "--db", db)
    assert text.startswith("Ruhollah Khomeini said, “")
    sources = json.loads(_ok(runner, "sources", "--db", db, "--json"))
    memri = next(s["id"] for s in sources if s["key"] == "001_f05ead0fe6c7f98d")
    entry = _ok(runner, "cite", "--source", str(memri), "--db", db, "--format", "html")
    assert entry.startswith('<div class="csl-entry">Savyon, A., Mansharof, Y., &#38; Kharrazi, E. (2013).')
    bib = json.loads(_ok(runner, "bib", "--style", "chicago-notes", "--db", db, "--json"))
    assert len(bib) == 4 and bib[-1].startswith("Savyon, A., Yossi Mansharof, and E. Kharrazi.")
    bibtex = tmp_path / "out.bib"
    summary = json.loads(_ok(runner, "export", "--format", "bibtex", "-o", str(bibtex), "--db", db, "--json"))
    assert summary == {"format": "bibtex", "sources": 5, "output": str(bibtex)}
    assert bibtex.read_text().count("\n@") == 4
    exported = json.loads(_ok(runner, "export", "--db", db))
    assert len(exported) == 5
    assert "chicago-author-date-17th-edition" in json.loads(_ok(runner, "styles", "--json"))


def test_cite_csl_json_maps_ids_to_strings(runner: CliRunner, seed_files: list[Path]) -> None:
    """`cite --csl-json` formats each item on its own; a left-out item maps to null."""
    items = [json.loads(p.with_suffix(".json").read_text()) for p in seed_files]
    out = json.loads(
        _ok(runner, "cite", "--csl-json", "-", "--style", "chicago-notes", "--json", input=json.dumps(items))
    )
    assert list(out) == [i["id"] for i in items]
    assert out["000_dc1eb3620fb74681"] is None  # CMOS 18 lists no unpublished document
    notes = json.loads(
        _ok(
            runner,
            "cite",
            "--csl-json",
            "-",
            "--style",
            "chicago-notes",
            "--mode",
            "short-note",
            "--locator",
            "3",
            "--json",
            input=json.dumps(items),
        )
    )
    assert notes["003_b34f390cda13e2ad"] == "Opinion, 3."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cite", "--csl-json", "-", "--style", "no-such-style"], "unknown citation style 'no-such-style'"),
        (["cite", "--csl-json", "-"], "field 'type': 'memo' is not a CSL item type"),
        (["cite"], "give a quotation id, --source ID, or --csl-json FILE"),
    ],
)
def test_cite_errors_are_one_line(runner: CliRunner, args: list[str], message: str) -> None:
    """Bad styles, bad metadata and missing arguments: a message and exit code 2, no traceback."""
    result = runner.invoke(cli, args, input='{"id": "x", "type": "memo"}')
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_writing_to_an_in_memory_store_is_refused(
    runner: CliRunner, url: str, seed_files: list[Path]
) -> None:
    """A store that cannot outlive the command would report success and keep nothing."""
    result = runner.invoke(cli, ["ingest", "--db", url, str(seed_files[0])])
    assert result.exit_code == 2 and "in-memory store" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["who", "a phrase"],
        ["quotes", "--speaker", "Nobody"],
        ["speakers"],
        ["sources"],
        ["show", "1"],
        ["bib"],
        ["db", "current"],
    ],
)
def test_reading_a_mistyped_store_is_an_error(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    """Reading never creates: no file, no folder, a non-zero exit naming the path."""
    where = tmp_path / "typo" / "store.db"
    result = runner.invoke(cli, [*command, "--db", str(where)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"quotebank: error: no quotebank store at {where}"
    assert not where.parent.exists()


def test_export_into_a_missing_folder_is_one_line(runner: CliRunner, db: str, tmp_path: Path) -> None:
    _ok(runner, "db", "upgrade", "--db", db)
    target = tmp_path / "no" / "such" / "folder" / "out.json"
    result = runner.invoke(cli, ["export", "--db", db, "-o", str(target)])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert str(target) in result.stderr and "Traceback" not in result.output


def test_ingest_max_bytes_is_an_option(runner: CliRunner, db: str, seed_files: list[Path]) -> None:
    """The size error tells the user to pass --max-bytes: the option exists and works."""
    result = runner.invoke(cli, ["ingest", "--db", db, "--max-bytes", "100", str(seed_files[0])])
    assert result.exit_code == 1 and "--max-bytes" in result.stderr
    _ok(runner, "ingest", "--db", db, "--max-bytes", "10000000", str(seed_files[0]))


def test_import_with_failed_records_exits_1(runner: CliRunner, db: str, tmp_path: Path) -> None:
    """The same rule as ingest; an unterminated CSV quote is a failure, not a quotation."""
    path = tmp_path / "q.csv"
    path.write_text(
        'quotation,speaker\n"Rain is due by noon",Ines Calloway\n'
        '"We never said that,Aldo Brenner\nSun tomorrow,Dana Okafor\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["import", "--db", db, "--json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["quotations"] == 1 and report["failed"][0]["input"].endswith("q.csv:3")
    assert "never closed" in report["failed"][0]["message"]
    stray = tmp_path / "stray.csv"
    stray.write_text('quotation,speaker\n"Rain" is due,Ines Calloway\nSun tomorrow,Dana Okafor\n')
    result = runner.invoke(cli, ["import", "--db", db, "--json", str(stray)])
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["quotations"] == 1
    assert report["failed"][0]["input"].endswith("stray.csv:2")


def test_ingest_of_a_folder_without_documents_fails(runner: CliRunner, db: str, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "scan.pdf").write_bytes(b"%PDF-1.4")
    result = runner.invoke(cli, ["ingest", "--db", db, str(tmp_path / "in")])
    assert result.exit_code == 2 and "scan.pdf" in result.stderr


def test_downgrade_needs_yes(runner: CliRunner, db: str, seed_files: list[Path]) -> None:
    """'db downgrade base' drops every table: never without --yes."""
    _ok(runner, "ingest", "--db", db, str(seed_files[0]))
    result = runner.invoke(cli, ["db", "downgrade", "base", "--db", db])
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert json.loads(_ok(runner, "sources", "--db", db, "--json"))


def test_show_prints_the_whole_quotation(runner: CliRunner, db: str, tmp_path: Path) -> None:
    """A list may shorten a long quotation; show never does."""
    words = " ".join(f"clause {i} of the long statement" for i in range(40))
    doc = tmp_path / "long.txt"
    doc.write_text(f"“{words},” said Ines Calloway.", encoding="utf-8")
    _ok(runner, "ingest", "--db", db, str(doc))
    assert f"{words}," in _ok(runner, "show", "--db", db, "1")
    assert f"{words}," not in _ok(runner, "quotes", "--db", db, "--speaker", "Ines Calloway")
