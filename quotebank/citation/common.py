"""How one source is cited: the locator, its label, and text before or after."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Cite"]


@dataclass(frozen=True)
class Cite:
    """How one source is cited: locator, its label, and text before or after."""

    locator: str = ""
    label: str = "page"
    prefix: str = ""
    suffix: str = ""
