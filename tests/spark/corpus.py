"""A generated news corpus: articles of our own sentences, with CSL-JSON beside each.

Deterministic for a seed. Speakers are made-up names, quoted in full, by surname and
with titles; some articles repeat a remark in other words (variants), and each has
its metadata in ``name.json`` as ``quotebank ingest`` expects.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

_SYLLABLES = "ka ra mi sho ne de li ha zo ru be ta fe ni so ma ve gu lo di".split()
_TITLES = ["Minister", "Senator", "Professor", "Mayor", "Dr."]
_SUBJECTS = [
    "the harbour",
    "the new bridge",
    "the rail line",
    "our schools",
    "the water supply",
    "the budget",
    "the night buses",
    "the river dam",
    "the city library",
    "the market hall",
]
_CLAIMS = [
    "will be finished before the spring floods",
    "cannot wait another decade",
    "was never meant to cost this much",
    "belongs to everyone who lives here",
    "needs honest money and honest plans",
    "will open on time whatever the critics say",
    "is the best investment this council ever made",
    "has been neglected for far too long",
]
_VERBS = ["said", "told reporters", "added", "insisted", "warned"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def people(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """``(first name, surname)`` pairs."""
    return [(_word(rng, 2), _word(rng, 3)) for _ in range(n)]


def article(rng: random.Random, cast: list[tuple[str, str]], number: int) -> str:
    """One article of three to six paragraphs, every quotation attributed."""
    paragraphs = []
    for p in range(rng.randint(3, 6)):
        first, last = rng.choice(cast)
        claim = f"{rng.choice(_SUBJECTS).capitalize()} {rng.choice(_CLAIMS)}"
        form = rng.randrange(4)
        if form == 0:
            paragraphs.append(
                f"“{claim},” {rng.choice(_VERBS)} {rng.choice(_TITLES)} {first} {last} "
                f"at the meeting on day {number}."
            )
        elif form == 1:
            paragraphs.append(f"{first} {last} said: “{claim}. We owe that to the town.”")
        elif form == 2:
            paragraphs.append(
                f"Asked about report {number}-{p}, {last} said the plan was sound. “{claim},” {last} said."
            )
        else:
            paragraphs.append(
                f"The council met again on Thursday. A spokesman for the council said "
                f"“{claim}” and left without further comment on item {number}."
            )
    return "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, n_generated: int, *, seed_copies: int = 2, rng_seed: int = 12) -> Path:
    """Write ``n_generated`` articles plus ``seed_copies`` copies of the seeds into ``folder``.

    Each copy is a subfolder; the first keeps the seeds' metadata, the others are the
    texts alone (a copy with no metadata of its own adds nothing, in ingest as in the
    job; a copy claiming the same ids would be a duplicate-id error instead).
    """
    rng = random.Random(rng_seed)
    cast = people(rng, 40)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_generated):
        name = f"gen_{i:05d}"
        (folder / f"{name}.txt").write_text(article(rng, cast, i), encoding="utf-8")
        meta = {
            "id": f"generated-{i}",
            "type": "article-newspaper",
            "title": f"Council report {i}",
            "container-title": "The Harbour Gazette",
            "URL": f"https://gazette.example/{i}",
            "issued": {"date-parts": [[2024, 1 + i % 12, 1 + i % 28]]},
        }
        (folder / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
    for copy in range(seed_copies):
        target = folder / f"seeds_{copy}"
        target.mkdir(exist_ok=True)
        for path in SEEDS.iterdir():
            if path.suffix == ".txt" or copy == 0:
                shutil.copy(path, target / path.name)
    return folder
