"""One error boundary: bad input to any public callable raises a QuotebankError, nothing else.

Every callable in ``quotebank.__all__`` (and every public method of ``QuoteBank``) is
called with a valid set of arguments in which one argument at a time is replaced by
something wrong: another type, an empty or huge value, bytes, NUL characters. Whatever
it does, only a :class:`~quotebank.QuotebankError` may escape. Model classes are not
called here: constructing a Pydantic model with bad data raises Pydantic's own
``ValidationError``, as every Pydantic model does.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import quotebank
from quotebank import QuoteBank, QuotebankError

ITEM: dict[str, Any] = {
    "id": "k1",
    "type": "article-newspaper",
    "title": "Harbour plans",
    "author": [{"family": "Okafor", "given": "Dana"}],
    "issued": {"date-parts": [[2024, 5, 2]]},
}

BAD: list[Any] = [
    None,
    0,
    -1,
    2.5,
    True,
    "",
    " ",
    "\x00",
    "x" * 100_000,
    b"bytes",
    {},
    [],
    [None],
    {"a": object()},
    object(),
    Path("/no/such/place"),
]


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QuoteBank]:
    with QuoteBank(str(tmp_path_factory.mktemp("boundary") / "b.db")) as b:
        b.ingest_text("“The harbour reopens in May,” said Dana Okafor.", source=ITEM)
        yield b


def _calls(bank: QuoteBank, tmp: Path) -> dict[str, tuple[Callable[..., Any], list[Any], dict[str, Any]]]:
    text_file = tmp / "doc.txt"
    text_file.write_text("“Hello there,” said Dana Okafor.", encoding="utf-8")
    meta_file = tmp / "doc.json"
    meta_file.write_text('{"id": "m", "type": "report"}', encoding="utf-8")
    jsonl = tmp / "q.jsonl"
    jsonl.write_text('{"quotation": "Calm seas ahead", "speaker": "Dana Okafor"}\n', encoding="utf-8")
    return {
        "extract": (quotebank.extract, ["“Hello there,” said Dana Okafor."], {}),
        "extract_file": (quotebank.extract_file, [str(text_file)], {"encoding": "utf-8"}),
        "read_text": (quotebank.read_text, [str(text_file)], {"encoding": "utf-8", "max_bytes": 1000}),
        "read_document": (
            quotebank.read_document,
            [str(text_file)],
            {"encoding": "utf-8", "max_bytes": 1000},
        ),
        "decode_text": (
            quotebank.decode_text,
            [b"plain"],
            {"encoding": "utf-8", "name": "n", "max_bytes": 100},
        ),
        "normalize_quote": (quotebank.normalize_quote, ["Hello, there"], {}),
        "load_metadata": (quotebank.load_metadata, [str(meta_file)], {}),
        "cite": (
            quotebank.cite,
            [ITEM, "apa", "bibliography"],
            {"locator": "4", "quoted_speaker": "Ann Lee"},
        ),
        "quotation_citation": (
            quotebank.quotation_citation,
            ["Calm seas", ITEM],
            {"speaker": "Ann Lee", "style": "apa", "locator": "2"},
        ),
        "secondary_prefix": (quotebank.secondary_prefix, ["Ann Lee", "apa"], {}),
        "get_style": (quotebank.get_style, ["apa"], {}),
        "register_style": (quotebank.register_style, [quotebank.get_style("apa"), "Boundary-APA"], {}),
        "to_bibtex": (quotebank.to_bibtex, [[ITEM]], {}),
        "QuoteBank": (QuoteBank, [str(tmp / "new.db")], {"migrate": True}),
        "ingest": (bank.ingest, [str(text_file)], {"encoding": "utf-8", "max_bytes": 10_000}),
        "ingest_text": (bank.ingest_text, ["“Calm,” said Ann Lee."], {"source": ITEM}),
        "import_file": (bank.import_file, [str(jsonl)], {}),
        "who_said": (bank.who_said, ["the harbour reopens"], {"limit": 3}),
        "verify": (bank.verify, ["the harbour reopens in May"], {"speaker": "Dana Okafor"}),
        "quotes_by": (bank.quotes_by, ["Okafor"], {"limit": 3}),
        "quotation": (bank.quotation, [1], {}),
        "source": (bank.source, [1], {}),
        "cite_source": (bank.cite_source, [1, "apa", "bibliography"], {}),
        "cite_quotation": (bank.cite_quotation, [1, "apa"], {"occurrence": 0, "locator": "3"}),
        "bibliography": (bank.bibliography, ["apa"], {}),
        "export": (bank.export, ["csl-json"], {}),
    }


def test_every_public_callable_is_covered(bank: QuoteBank, tmp_path: Path) -> None:
    """A new public function or method must join the table below."""
    covered = set(_calls(bank, tmp_path))
    functions = {
        n
        for n in quotebank.__all__
        if inspect.isfunction(getattr(quotebank, n)) and inspect.signature(getattr(quotebank, n)).parameters
    }
    methods = {
        n
        for n, m in inspect.getmembers(QuoteBank, inspect.isfunction)
        if not n.startswith("_")
        and len(inspect.signature(m).parameters) > 1
        and n not in ("upgrade", "downgrade")
    }
    assert functions - covered == set()
    assert methods - covered == set()


def _mutations(bank: QuoteBank, tmp: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    for name, (func, args, kwargs) in _calls(bank, tmp).items():
        for i in range(len(args)):
            for bad in BAD:
                new = [*args[:i], bad, *args[i + 1 :]]
                yield f"{name}[arg {i}={bad!r:.20}]", functools.partial(func, *new, **kwargs)
        for key in kwargs:
            for bad in BAD:
                yield f"{name}[{key}={bad!r:.20}]", functools.partial(func, *args, **{**kwargs, key: bad})


def test_bad_input_raises_only_quotebank_errors(
    bank: QuoteBank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each call either works or raises a QuotebankError with a one-line message."""
    # whatever a bad argument makes, it makes here: not in the checkout, not in the
    # user's default store
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUOTEBANK_DATABASE_URL", str(tmp_path / "default.db"))
    # and whatever it registers, it registers in a copy of the style registry
    from quotebank.citation import registry

    monkeypatch.setattr(registry, "_STYLES", dict(registry._STYLES))
    monkeypatch.setattr(registry, "_ALIASES", dict(registry._ALIASES))
    escaped: list[str] = []
    for label, call in _mutations(bank, tmp_path):
        try:
            result = call()
        except QuotebankError as exc:
            if "\n" in str(exc):
                escaped.append(f"{label}: a message of several lines: {str(exc)[:200]}")
        except Exception as exc:
            escaped.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
        else:
            if isinstance(result, QuoteBank):
                result.close()
    assert escaped == []


def test_a_registered_alias_is_found_as_get_style_finds_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from quotebank.citation import registry

    monkeypatch.setattr(registry, "_ALIASES", dict(registry._ALIASES))
    quotebank.register_style(quotebank.get_style("apa"), "House APA")
    assert quotebank.get_style(" house apa.csl").name == "apa"
    with pytest.raises(quotebank.InputError, match="blank"):
        quotebank.register_style(quotebank.get_style("apa"), " ")


def test_the_documented_case_is_an_input_error() -> None:
    """cite(item, quoted_speaker={}) used to raise Pydantic's ValidationError."""
    with pytest.raises(quotebank.InputError, match="cite"):
        quotebank.cite(ITEM, quoted_speaker={})
    with pytest.raises(TypeError):  # InputTypeError is a TypeError too
        quotebank.extract(b"bytes are not text")  # type: ignore[arg-type]
