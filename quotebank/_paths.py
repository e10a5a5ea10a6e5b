"""Paths from users: checked once, so the OS never answers with a foreign error."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from quotebank.errors import SourceNotFoundError

__all__ = ["user_path"]


def user_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as a :class:`Path`, or a :class:`SourceNotFoundError` if no file could have it.

    A NUL character, a name longer than the file system allows, or a path too long to
    look up can name no file: say so in one line instead of letting ``ValueError`` or
    ``OSError(ENAMETOOLONG)`` escape from the first ``stat()``.
    """
    text = os.fspath(path)
    if "\x00" in text:
        raise SourceNotFoundError("is not a usable path (it holds a NUL character)", source=repr(text[:80]))
    try:
        os.stat(text)
    except OSError as exc:
        # a missing file or a permission problem is the caller's to word; these are not
        if exc.errno in (errno.ENAMETOOLONG, errno.ELOOP):
            raise SourceNotFoundError(f"is not a usable path ({exc.strerror})", source=text[:200]) from None
    return Path(text)
