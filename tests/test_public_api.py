"""The public API: a sorted, complete __all__, and a library that never loads the CLI."""

from __future__ import annotations

import subprocess
import sys

import quotebank


def test_all_is_sorted_and_complete() -> None:
    """Every name in __all__ exists and the list is sorted (dunder first)."""
    names = [n for n in quotebank.__all__ if not n.startswith("__")]
    assert names == sorted(names)
    for name in quotebank.__all__:
        assert hasattr(quotebank, name), name


def test_public_objects_show_the_package_path() -> None:
    """Classes re-exported at the top report quotebank as their module."""
    assert quotebank.QuoteBank.__module__ == "quotebank"
    assert quotebank.Quote.__module__ == "quotebank"
    assert quotebank.QuotebankError.__module__ == "quotebank"


def test_importing_the_library_does_not_import_click() -> None:
    """import quotebank (and using the extractor) never loads the CLI toolkit."""
    code = (
        "import sys, quotebank; quotebank.extract('“a b,” he said.'); "
        "print('click' in sys.modules, 'quotebank.cli' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False"]


def test_py_typed_marker_ships() -> None:
    """The package is marked as typed."""
    from pathlib import Path

    assert (Path(quotebank.__file__).parent / "py.typed").is_file()


def test_every_error_has_a_builtin_parent() -> None:
    """Each QuotebankError subclass also inherits a built-in exception."""
    from quotebank import errors

    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, quotebank.QuotebankError)
        if cls is not quotebank.QuotebankError:
            assert any(b.__module__ == "builtins" for b in cls.__mro__[1:-2]), name
