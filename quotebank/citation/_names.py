"""Personal and corporate names: particles, initials and the forms the styles use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from quotebank.models import Name

__all__ = ["Person", "initials", "parse_name"]

_PARTICLE_FAMILY = regex.compile(r"^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$")


@dataclass(frozen=True)
class Person:
    """A name split the way CSL processors split it.

    ``family`` and ``given`` without particles; ``particle`` is the non-dropping particle
    ("van der", "al-"), kept with the family name in short forms; ``dropping`` is the
    dropping particle ("de" in "Ludovic de Beauvoir"), shown only with the given name.
    ``literal`` holds an institution or a name that is not to be split.
    """

    family: str = ""
    given: str = ""
    particle: str = ""
    dropping: str = ""
    suffix: str = ""
    literal: str = ""
    comma_suffix: bool = False

    @property
    def is_literal(self) -> bool:
        """True for an institution, a single name given as ``literal``."""
        return bool(self.literal)

    def family_with_particle(self) -> str:
        """``van der Berg``, ``al-Sayyid``: the family name as short forms show it."""
        if self.literal:
            return self.literal
        return _glue(self.particle, self.family) if self.family else self.given

    def short(self) -> str:
        """The short form: the family name with its particle (or the only name given)."""
        return self.family_with_particle()

    def display(self, given: str | None = None) -> str:
        """The name in reading order: ``Mark J. Gasiorowski Jr.``."""
        if self.literal:
            return self.literal
        first = self.given if given is None else given
        head = " ".join(p for p in (first, self.dropping) if p)
        text = " ".join(p for p in (head, _glue(self.particle, self.family)) if p) if self.family else head
        if self.suffix:
            text += (", " if self.comma_suffix else " ") + self.suffix
        return text

    def inverted(self, given: str | None = None, *, demote: bool) -> str:
        """The name in sort order: ``Berg, Gabrielle van der`` or ``van der Berg, G.``."""
        if self.literal:
            return self.literal
        if not self.family:
            return self.given if given is None else given
        first = self.given if given is None else given
        if demote:
            head = self.family
            tail = " ".join(p for p in (first, self.dropping, self.particle) if p)
        else:
            head = _glue(self.particle, self.family)
            tail = " ".join(p for p in (first, self.dropping) if p)
        parts = [head]
        if tail:
            parts.append(tail)
        if self.suffix:
            parts.append(self.suffix)
        return ", ".join(parts)


def _glue(particle: str, family: str) -> str:
    if not particle:
        return family
    if particle.endswith(("-", "\u2019", "'", "\u02bb")):
        return particle + family
    return f"{particle} {family}"


def _split_family(family: str) -> tuple[str, str]:
    particles: list[str] = []
    rest = family
    match = _PARTICLE_FAMILY.match(rest)
    while match:
        head = match.group(1)
        first = regex.sub(r"^[-'\u02bb\u2019\s]*(.).*$", r"\1", head, flags=regex.S)
        if first.upper() == first:
            break
        particles.append(head)
        rest = match.group(2)
        match = _PARTICLE_FAMILY.match(rest)
    joined = "".join(particles)
    particle = joined.strip()
    if joined.endswith(" ") and particle.endswith(("'", "\u2019")):
        particle += " "
    return particle, rest


def _split_given(given: str) -> tuple[str, str]:
    words = given.split(" ")
    dropping: list[str] = []
    while len(words) > 1 and words[-1][:1] and words[-1][:1].upper() != words[-1][:1]:
        dropping.insert(0, words.pop())
    return " ".join(words), " ".join(dropping)


def parse_name(name: Name) -> Person:
    """Split a CSL-JSON name into family, given, particles and suffix."""
    if name.literal:
        return Person(literal=name.literal)
    family = (name.family or "").strip()
    given = (name.given or "").strip()
    particle = name.non_dropping_particle or ""
    dropping = name.dropping_particle or ""
    suffix = name.suffix or ""
    comma_suffix = False
    if family and not particle:
        particle, family = _split_family(family)
    if given and not suffix and "," in given:
        given, _, suffix = (p.strip() for p in given.partition(","))
        comma_suffix = False
    if given and not dropping:
        given, dropping = _split_given(given)
    return Person(family, given, particle, dropping, suffix, "", comma_suffix)


def initials(given: str, with_: str = ". ", hyphen: bool = True) -> str:
    """``Ali M.`` → ``A. M.``; ``Hossein-Ali`` → ``H.-A.`` (citeproc-js's initialising)."""
    out: list[str] = []
    for word in given.split():
        parts = word.split("-")
        pieces = []
        for part in parts:
            if not part:
                continue
            letter = part[0]
            if (letter.isalpha() and letter.upper() == letter) or not letter.isalpha():
                pieces.append(letter.upper() + with_.strip())
            else:
                pieces.append(letter.upper() + with_.strip())
        out.append(("-" if hyphen else "").join(pieces))
    return " ".join(out).strip()


def people(names: Sequence[Name]) -> list[Person]:
    """Every name parsed."""
    return [parse_name(n) for n in names]
