"""Who-said on real quotations, queried the way people misremember them.

Usage:
    python benchmarks/who_said_real.py [--split test|calibrate] [--filler 500000]
                                       [--queries 3000] [--negatives 1200] [--workdir DIR]

Sources (installed from the package registries, never fetched by the library):
  * the ``MightyMaxims`` package on PyPI (MIT; 6,022 quotations by 1,570 people, SQLite),
    ``pip install MightyMaxims`` into the benchmark's environment;
  * Debian's ``fortunes`` package (BSD; /usr/share/games/fortunes, entries signed
    ``-- Author``), ``apt-get install fortunes``.
A source that is not installed is skipped with a note; with neither, the script exits.

Every signed quotation of 4+ words is a candidate. A seeded split (``--split``: the
``calibrate`` and ``test`` splits hold out different quotations and draw different
queries) keeps 12 % of the quotations OUT of the store; phrases from those are the
negatives: they read like quotations, and nobody in the store said them. A held-out
quotation sharing a six-word run with a stored one, or half its content words with one
stored quotation (another wording of it), is not used.

With ``--filler N`` the store is padded to N more quotations written by a word-bigram
model of the stored quotations (same vocabulary, same word frequencies, plausible local
word order) under 20,000 invented speakers, so candidate generation works at scale.

Queries (4–12-word fragments of stored quotations, then one slip each):
  exact, case, punctuation, ellipsis (``…`` standing for 1–3 removed words), joined (two
  fragments of the quotation put together), synonym (a word replaced by a synonym from a
  general thesaurus table below), typo (one edit in any word of 3+ letters), dropped (one
  word left out), spelling (American words written British).
Negatives: 4–6 and 7–14 consecutive words of held-out quotations.

Printed per kind: top-1 speaker accuracy, p50/p95 latency; for negatives the share that
got an answer (false answers); the same queries through a plain FTS5 query (the
normalised words as one phrase, ranked by bm25) in the same run; and the precision
observed among answers scoring ≥ 80 and ≥ 95.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text

from quotebank import QuoteBank, normalize_quote
from quotebank.store import _lookup as lookup
from quotebank.store import _matching as matching
from quotebank.store._matching import signature

FORTUNES = Path("/usr/share/games/fortunes")
SPLIT_SEEDS = {"calibrate": 7101, "test": 9203}
HOLD_OUT = 0.12

# A general thesaurus table (common English words and a synonym each); the benchmark
# only uses it to write misremembered queries.
SYNONYMS = dict(
    pair.split(":")
    for pair in """big:large large:big small:little little:small begin:start start:begin
    end:finish finish:end quick:fast fast:quick happy:glad glad:happy sad:unhappy
    world:earth earth:world man:person person:man men:people people:men woman:lady
    child:kid children:kids begin:commence help:aid buy:purchase get:obtain want:wish
    think:believe believe:think know:understand understand:know make:create create:make
    say:tell tell:say speak:talk talk:speak see:notice look:gaze find:discover
    great:grand good:fine bad:evil evil:bad true:real real:true wrong:false false:wrong
    love:adore hate:despise fear:dread hope:wish life:existence death:dying old:ancient
    new:fresh rich:wealthy poor:needy wise:clever clever:wise fool:idiot foolish:stupid
    stupid:foolish strong:powerful weak:feeble hard:difficult difficult:hard easy:simple
    simple:easy always:forever often:frequently sometimes:occasionally
    truth:fact work:labor job:work money:cash time:hour thing:matter things:matters
    way:path road:path idea:notion mind:brain heart:soul soul:spirit friend:companion
    friends:companions enemy:foe war:battle peace:calm power:strength beautiful:lovely
    ugly:hideous happiness:joy joy:happiness anger:rage afraid:scared honest:truthful
    important:vital nothing:naught everything:all anything:aught something:somewhat
    learn:study teach:educate answer:reply question:query ask:inquire begin:initiate
    keep:retain give:grant take:seize stop:halt try:attempt choose:select reach:attain
    win:triumph lose:forfeit""".split()
)


def maxims() -> Iterator[tuple[str, str, str]]:
    """(quotation, speaker, source) from the MightyMaxims package, when installed."""
    try:
        import MightyMaxims  # type: ignore[import-not-found]
    except ImportError:
        print("note: MightyMaxims is not installed (pip install MightyMaxims); skipped")
        return
    db = Path(MightyMaxims.__file__).parent / "MightyMaxims2026.sqlt3"
    with sqlite3.connect(db) as conn:
        for quote, author in conn.execute("SELECT QUOTE, AUTHOR FROM MightyMaxims ORDER BY ID"):
            if quote and author and author.strip().lower() not in ("anonymous", "unknown"):
                yield quote.strip(), author.strip(), "mightymaxims"


RE_SIGNATURE = re.compile(r"\n\s*--\s*([^\n]+)\s*$")


def fortunes() -> Iterator[tuple[str, str, str]]:
    """(quotation, speaker, source) from the signed entries of Debian's fortunes."""
    if not FORTUNES.is_dir():
        print(f"note: {FORTUNES} is absent (apt-get install fortunes); skipped")
        return
    for path in sorted(FORTUNES.iterdir()):
        if path.suffix or not path.is_file():
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        for entry in raw.split("\n%\n"):
            found = RE_SIGNATURE.search(entry.rstrip())
            if not found:
                continue
            author = re.split(r",|\(|\"|;| in | on ", found.group(1))[0].strip(" .-\t")
            body = " ".join(entry[: found.start()].split())
            if not author or len(author) > 40 or not body or "\t" in body:
                continue
            yield body, author, f"fortunes/{path.name}"


def load(rng: random.Random) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Stored and held-out quotations (distinct normalised wordings of 4+ words)."""
    seen: set[str] = set()
    rows = []
    for row in [*maxims(), *fortunes()]:
        norm = normalize_quote(row[0])
        if len(norm.split()) >= 4 and norm not in seen and len(norm) < 600:
            seen.add(norm)
            rows.append(row)
    if not rows:
        sys.exit("no quotation collection installed: nothing to measure")
    rng.shuffle(rows)
    cut = int(len(rows) * HOLD_OUT)
    held, stored = rows[:cut], rows[cut:]
    runs = {run for q, _, _ in stored for run in _runs(normalize_quote(q), 6)}
    held = [r for r in held if not _runs(normalize_quote(r[0]), 6) & runs]
    # nor a held-out quotation that is another wording of a stored one (the collections
    # overlap): half its content words or more in one stored quotation
    by_word: dict[str, set[int]] = defaultdict(set)
    signatures = [signature(normalize_quote(q)) for q, _, _ in stored]
    for i, sig in enumerate(signatures):
        for w in sig:
            by_word[w].add(i)
    kept = []
    for row in held:
        sig = signature(normalize_quote(row[0]))
        shared = Counter(i for w in sig for i in by_word.get(w, ()))
        if not any(n / len(sig | signatures[i]) >= 0.5 for i, n in shared.items()):
            kept.append(row)
    return stored, kept


def _runs(norm: str, n: int) -> set[str]:
    words = norm.split()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)} or {norm}


def bigram_filler(stored: list[tuple[str, str, str]], n: int, rng: random.Random) -> Iterator[str]:
    """``n`` quotations from a word-bigram model of the stored ones."""
    follow: dict[str, list[str]] = defaultdict(list)
    for q, _, _ in stored:
        words = ["<s>", *q.split(), "</s>"]
        for a, b in itertools.pairwise(words):
            follow[a].append(b)
    for _ in range(n):
        out: list[str] = []
        word = "<s>"
        while len(out) < 40:
            word = rng.choice(follow[word])
            if word == "</s>":
                if len(out) >= 6:
                    break
                word = "<s>"
                continue
            out.append(word)
        yield " ".join(out)


def fragment(words: list[str], rng: random.Random, low: int = 4, high: int = 12) -> list[str]:
    """4–12 consecutive words (the whole quotation when it is shorter)."""
    size = min(len(words), rng.randint(low, high))
    start = rng.randrange(0, len(words) - size + 1)
    return words[start : start + size]


BRITISH = {
    american: british
    for british, american in {
        "colour": "color",
        "honour": "honor",
        "favour": "favor",
        "labour": "labor",
        "behaviour": "behavior",
        "neighbour": "neighbor",
        "humour": "humor",
        "centre": "center",
        "theatre": "theater",
        "defence": "defense",
        "realise": "realize",
        "recognise": "recognize",
        "organise": "organize",
        "criticise": "criticize",
        "grey": "gray",
        "travelled": "traveled",
        "programme": "program",
        "judgement": "judgment",
        "towards": "toward",
        "whilst": "while",
    }.items()
}


def _typo(word: str, rng: random.Random) -> str:
    core = word.strip(".,;:!?\"'()")
    if len(core) < 3:
        return word
    i = rng.randrange(len(core))
    letters = "abcdefghijklmnopqrstuvwxyz"
    op = rng.choice(["swap", "delete", "insert", "replace"])
    if op == "swap" and i < len(core) - 1:
        bad = core[:i] + core[i + 1] + core[i] + core[i + 2 :]
    elif op == "delete":
        bad = core[:i] + core[i + 1 :]
    elif op == "insert":
        bad = core[:i] + rng.choice(letters) + core[i:]
    else:
        bad = core[:i] + rng.choice(letters.replace(core[i].lower(), "")) + core[i + 1 :]
    return word.replace(core, bad, 1)


# a slip never drops or changes a negation or a number: that is another claim, which
# who-said must not pass as the remark (quotebank check calls it "altered")
MEANING = frozenset(
    """not no never nor none nothing nobody neither nowhere cannot dont
    doesnt didnt isnt arent wasnt werent wont wouldnt cant couldnt shouldnt havent hasnt
    hadnt aint mustnt neednt one two three four five six seven eight nine ten hundred
    thousand million billion""".split()
)


def _slip_ok(word: str) -> bool:
    core = normalize_quote(word)
    return bool(core) and core not in MEANING and not any(ch.isdigit() for ch in core)


KINDS = ["exact", "case", "punctuation", "ellipsis", "joined", "synonym", "typo", "dropped", "spelling"]


def misremember(quote: str, kind: str, rng: random.Random) -> tuple[str, str] | None:
    """A misremembered query of ``kind`` from ``quote`` and the words it was taken from,
    or None when the kind does not apply to this quotation."""
    words = quote.split()
    if kind == "spelling":
        hits = [i for i, w in enumerate(words) if w.lower().strip(".,;:!?") in BRITISH]
        if not hits:
            return None
        i = rng.choice(hits)
        lo = max(0, i - rng.randint(2, 6))
        part = words[lo : lo + rng.randint(4, 12)]
        return " ".join(
            w.lower().replace(w.lower().strip(".,;:!?"), BRITISH[w.lower().strip(".,;:!?")])
            if w.lower().strip(".,;:!?") in BRITISH
            else w
            for w in part
        ), " ".join(part)
    if kind == "joined":
        if len(words) < 12:
            return None
        a = rng.randint(3, min(6, (len(words) - 2) // 2))
        b = rng.randint(3, min(6, (len(words) - 2) // 2))
        first = rng.randrange(0, len(words) - a - b - 1)
        second = rng.randrange(first + a + 2, len(words) - b + 1)
        return (
            " ".join(words[first : first + a] + words[second : second + b]),
            " ".join(words[first : second + b]),
        )
    if kind == "ellipsis":
        if len(words) < 8:
            return None
        part = fragment(words, rng, 7, 12)
        gap = rng.randint(1, min(3, len(part) - 4))
        at = rng.randrange(2, len(part) - gap - 1)
        if not all(_slip_ok(w) for w in part[at : at + gap]):
            return None
        return " ".join(part[:at]) + " … " + " ".join(part[at + gap :]), " ".join(part)
    part = fragment(words, rng)
    span = " ".join(part)
    if kind == "exact":
        return span, span
    if kind == "case":
        return (span.upper() if rng.random() < 0.5 else span.lower()), span
    if kind == "punctuation":
        plain = [w.strip(".,;:!?\"'()“”") for w in part]
        return ("“" + ", ".join(plain) + "!”" if rng.random() < 0.5 else " ".join(plain)), span
    if kind == "dropped":
        slots = [i for i in range(1, len(part) - 1) if _slip_ok(part[i])]
        if len(part) < 5 or not slots:
            return None
        del part[rng.choice(slots)]
        return " ".join(part), span
    if kind == "typo":
        i = rng.choice([i for i, w in enumerate(part) if len(w.strip(".,;:!?")) >= 3 and _slip_ok(w)] or [0])
        part[i] = _typo(part[i], rng)
        return " ".join(part), span
    if kind == "synonym":
        hits = [i for i, w in enumerate(part) if w.lower().strip(".,;:!?") in SYNONYMS and _slip_ok(w)]
        if not hits:
            return None
        i = rng.choice(hits)
        part[i] = SYNONYMS[part[i].lower().strip(".,;:!?")]
        return " ".join(part), span
    raise ValueError(kind)


def said_by(conn: sqlite3.Connection, names: dict[int, str], words: str) -> set[str]:
    """Every speaker with a stored quotation holding these words verbatim (normalised)."""
    norm = normalize_quote(words)
    if not norm:
        return set()
    rows = conn.execute(
        "SELECT q.speaker_id, q.normalized FROM quotations_fts f JOIN quotations q "
        "ON q.id = f.rowid WHERE quotations_fts MATCH ?",
        ('"' + norm + '"',),
    ).fetchall()
    return {names[sid] for sid, text_ in rows if f" {norm} " in f" {text_} " and sid in names}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def fts_top(conn: object, phrase: str) -> tuple[int | None, float]:
    """The plain FTS5 answer: the normalised words as one phrase, best bm25 first."""
    words = normalize_quote(phrase).split()
    t0 = time.perf_counter()
    row = conn.execute(  # type: ignore[attr-defined]
        "SELECT q.speaker_id FROM quotations_fts f JOIN quotations q ON q.id = f.rowid "
        "WHERE quotations_fts MATCH ? ORDER BY f.rank LIMIT 1",
        ('"' + " ".join(words) + '"',),
    ).fetchone()
    return (row[0] if row else None), time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(SPLIT_SEEDS), default="test")
    parser.add_argument("--filler", type=int, default=0)
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--negatives", type=int, default=1200)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--scores", type=Path, default=None, help="write every query's top score and outcome as CSV"
    )
    parser.add_argument(
        "--set",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="calibration: override a constant of quotebank.store._matching "
        "(e.g. EVIDENCE_MARGIN=4); use with --split calibrate",
    )
    args = parser.parse_args()
    for item in args.set:
        name, value = item.split("=", 1)
        for module in (matching, lookup):
            if hasattr(module, name):
                setattr(module, name, float(value))
        print(f"calibration: {name} = {value}")
    rng = random.Random(SPLIT_SEEDS[args.split])
    stored, held = load(rng)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="quotebank-real-"))
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / f"real-{args.split}-{args.filler}.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["quotation", "speaker", "source"])
        for q, who, src in stored:
            out.writerow([q, who, src])
        for i, q in enumerate(bigram_filler(stored, args.filler, random.Random(1))):
            out.writerow([q, f"Filler Speaker {i % 20_000}", f"filler/{i // 3}"])
    db = workdir / f"real-{args.split}-{args.filler}.db"
    for p in workdir.glob(db.name + "*"):
        p.unlink()
    by_norm: dict[str, set[str]] = defaultdict(set)
    for q, who, _ in stored:
        by_norm[normalize_quote(q)].add(who)
    print(
        f"split {args.split}: {len(stored):,} real quotations stored "
        f"({Counter(s.split('/')[0] for _, _, s in stored)}), {len(held):,} held out, "
        f"{args.filler:,} filler"
    )
    with QuoteBank(f"sqlite:///{db}") as bank:
        t0 = time.perf_counter()
        report = bank.import_file(data)
        took = time.perf_counter() - t0
        print(f"import: {report.quotations:,} quotations in {took:.1f} s = {report.quotations / took:,.0f}/s")
        engine = bank._db.engine
        with engine.connect() as conn:
            names: dict[int, str] = dict(conn.execute(text("SELECT id, name FROM speakers")).tuples().all())
        queries: list[tuple[str, str, frozenset[str]]] = []
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            while len(queries) < args.queries:
                q, who, _ = rng.choice(stored)
                kind = KINDS[len(queries) % len(KINDS)]
                made = misremember(q, kind, rng)
                if made and normalize_quote(made[0]):
                    # anyone who said the very words the query came from is a right answer
                    queries.append(
                        (
                            kind,
                            made[0],
                            frozenset(said_by(conn, names, made[1]) | by_norm[normalize_quote(q)]),
                        )
                    )
            negatives = 0
            while negatives < args.negatives:
                q, _, _ = rng.choice(held)
                words = q.split()
                low, high = (4, 6) if negatives % 3 else (7, 14)
                phrase = " ".join(fragment(words, rng, low, high))
                if len(words) < low or said_by(conn, names, phrase):
                    continue  # too short, or somebody in the store did say these words
                queries.append((f"negative {low}-{high}", phrase, frozenset()))
                negatives += 1
        results: dict[str, list[bool]] = defaultdict(list)
        fts: dict[str, list[bool]] = defaultdict(list)
        lat: dict[str, list[float]] = defaultdict(list)
        fts_lat: list[float] = []
        scored: list[tuple[float, bool]] = []
        rows = []
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            for kind, phrase, speakers in queries:
                t0 = time.perf_counter()
                try:
                    matches = bank.who_said(phrase, limit=3)
                except Exception as exc:
                    print(f"error on {phrase!r}: {exc}")
                    matches = []
                lat[kind].append((time.perf_counter() - t0) * 1000)
                top = matches[0] if matches else None
                ok = top is not None and top.speaker in speakers if speakers else top is None
                if top is not None:
                    scored.append((top.score, bool(speakers) and top.speaker in speakers))
                results[kind].append(ok)
                sid, seconds = fts_top(conn, phrase)
                fts_lat.append(seconds * 1000)
                fts_name = names.get(sid) if sid is not None else None
                fts[kind].append(fts_name in speakers if speakers else sid is None)
                rows.append((kind, phrase, top.score if top else "", ok))
    if args.scores:
        with args.scores.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    print(f"\n{'kind':<16}{'n':>6}{'who_said':>10}{'p50 ms':>9}{'p95 ms':>9}{'plain FTS5':>12}")
    positives = [k for k in results if not k.startswith("negative")]
    for kind in [*KINDS, "negative 4-6", "negative 7-14"]:
        if kind not in results:
            continue
        got, base = results[kind], fts[kind]
        label = "no answer" if kind.startswith("negative") else "top-1"
        print(
            f"{kind:<16}{len(got):>6}{sum(got) / len(got):>9.1%} {pct(lat[kind], 0.5):>8.1f}"
            f"{pct(lat[kind], 0.95):>9.1f}{sum(base) / len(base):>11.1%}  ({label})"
        )
    pos = [x for k in positives for x in results[k]]
    neg = [x for k in results if k.startswith("negative") for x in results[k]]
    every = [x for k in lat for x in lat[k]]
    print(
        f"\nTOP-1 over {len(pos):,} misremembered queries: {sum(pos) / len(pos):.1%} "
        f"(plain FTS5 {sum(x for k in positives for x in fts[k]) / len(pos):.1%})"
    )
    print(
        f"FALSE ANSWERS on {len(neg):,} phrases nobody in the store said: "
        f"{1 - sum(neg) / max(1, len(neg)):.1%}"
    )
    print(
        f"latency over all queries: p50 {pct(every, 0.5):.1f} ms, p95 {pct(every, 0.95):.1f} ms, "
        f"p99 {pct(every, 0.99):.1f} ms; plain FTS5 p50 {pct(fts_lat, 0.5):.1f} ms, "
        f"p95 {pct(fts_lat, 0.95):.1f} ms"
    )
    for cut in (80, 90, 95):
        band = [ok for s, ok in scored if s >= cut]
        if band:
            print(
                f"precision of answers scoring >= {cut}: {sum(band) / len(band):.1%} ({len(band):,} answers)"
            )
    if os.environ.get("KEEP") is None and args.workdir is None:
        for p in workdir.glob("*"):
            p.unlink()
        workdir.rmdir()


if __name__ == "__main__":
    main()
