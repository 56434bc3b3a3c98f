"""Precision, recall and timestamp accuracy of the editorial-note detector over corpora, and
the time the notes of a long history take.

    python bench/notes_bench.py                       # every corpus, and a 50 x 10k history
    python bench/notes_bench.py fixtures/notes/corpus.toml -v --history 0

A corpus is TOML: ``[[case]]`` tables with ``id``, ``style``, ``observed`` (ISO 8601, when the
version was seen), ``text``, and ``[[case.notes]]`` with ``kind``, ``starts`` (the note's first
characters), ``timestamp`` and ``tz`` (omitted when the note has none) and ``inferred``. A case
without notes is a negative. A found note matches an expected one when the expected start lies
inside it, or when it starts inside the expected first characters (after a bracket or a mark
that opens the label). Exit status 1 if a target is missed (precision 0.98, recall 0.95).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from revtrack.notes import find_notes

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [
    ROOT / "fixtures" / "notes" / "corpus.toml",
    ROOT / "bench" / "notes_blind.toml",
    ROOT / "bench" / "notes_final.toml",
]
PRECISION_TARGET, RECALL_TARGET = 0.98, 0.95


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    matched: int = 0
    exact_start: int = 0
    kind_right: int = 0
    stamped: int = 0  # matched notes expected to have a timestamp
    stamp_right: int = 0  # of all matched: timestamp, tz and inferred all as expected
    styles: set[str] = field(default_factory=set)
    negatives: int = 0
    cases: int = 0
    problems: list[str] = field(default_factory=list)

    def ratio(self, part: int, whole: int) -> float:
        return part / whole if whole else 1.0


def evaluate(path: Path) -> Score:
    return score_cases(tomllib.loads(path.read_text(encoding="utf-8"))["case"])


def score_cases(cases: list[dict[str, Any]]) -> Score:
    """The detector's score over corpus cases."""
    score = Score()
    for case in cases:
        text, expected = case["text"], case.get("notes", [])
        observed = datetime.fromisoformat(case["observed"])
        found = list(find_notes(text, observed))
        score.styles.add(case["style"])
        score.negatives += not expected
        score.cases += 1
        score.expected += len(expected)
        score.found += len(found)
        unmatched = list(found)
        for want in expected:
            position = text.index(want["starts"])
            label = position + len(want["starts"])
            match = next(
                (
                    n
                    for n in unmatched
                    if n.start <= position < n.end or position <= n.start < label
                ),
                None,
            )
            if match is None:
                score.problems.append(f"{case['id']}: missed {want['kind']} {want['starts']!r}")
                continue
            unmatched.remove(match)
            score.matched += 1
            score.exact_start += match.start == position
            score.kind_right += match.kind.value == want["kind"]
            if match.kind.value != want["kind"]:
                score.problems.append(
                    f"{case['id']}: {want['starts']!r} is {match.kind.value}, not {want['kind']}"
                )
            got = (
                match.time.isoformat() if match.time else None,
                match.time.tz if match.time else None,
                list(match.time.inferred) if match.time else [],
            )
            wanted = (want.get("timestamp"), want.get("tz"), want.get("inferred", []))
            score.stamped += wanted[0] is not None
            score.stamp_right += got == wanted
            if got != wanted:
                score.problems.append(f"{case['id']}: {want['starts']!r} stamp {got} != {wanted}")
        for extra in unmatched:
            score.problems.append(f"{case['id']}: false {extra.kind.value} {extra.text[:50]!r}")
    return score


def time_history(words: int, versions: int, seed: int = 1) -> None:
    """Time build_notes and build_log over an articles.py history, as `notes` and `log` do
    (with the built-in ignore rules, as a new store applies them)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from articles import make_versions

    from revtrack.models import Criteria, Version
    from revtrack.noise import BUILTIN
    from revtrack.notes import forget
    from revtrack.report import build_log, build_notes
    from revtrack.text import content_hash, count_words

    texts, times, editor = make_versions(words, versions, seed)
    history = [
        Version("bench", n, when, content_hash(text), "file", len(text), count_words(text), text)
        for n, (text, when) in enumerate(zip(texts, times, strict=True), start=1)
    ]
    for name, build in (("notes", build_notes), ("log", build_log)):
        runs = []
        for _ in range(3):
            forget()
            start = time.perf_counter()
            result = build("bench", history, Criteria(ignore=BUILTIN))
            runs.append(time.perf_counter() - start)
        print(
            f"  {name:5} over {len(history)} versions x {words:,} words:"
            f" {statistics.median(runs) * 1000:,.0f} ms"
            f" ({statistics.median(runs) / max(1, len(history) - 1) * 1000:.1f} ms per change)"
        )
        if name == "notes":
            notes = build_notes("bench", history, Criteria(ignore=BUILTIN))
            print(
                f"    {len(notes.notes)} notes, {len(notes.findings)} findings;"
                f" edits made: {dict(editor.counts)}"
            )
            del result


#: Paragraphs built to make a note detector backtrack: (name, text) of about 10 KB each.
HOSTILE = [
    ("unclosed brackets", "(" * 10_000),
    ("open brackets and words", "( x " * 2_500),
    ("emoticons", "so sad :( " * 1_000 + "Updated."),
    ("nested calls", "f(g(x), h(y) " * 770 + " version"),
    ("repeated stamps", "Update " + "8/18/21, " * 1_100 + "x"),
    ("repeated labels", "Correction: " * 800),
    ("repeated lead-ins", "An earlier " * 900),
    ("numbers", "Updated at 10 10 10 10 " * 430),
]


def time_hostile() -> None:
    """The slowest paragraphs: each must take well under a second."""
    from revtrack.notes import find_notes, forget

    for name, text in HOSTILE:
        forget()
        start = time.perf_counter()
        find_notes(text)
        elapsed = time.perf_counter() - start
        print(f"  {name:24} {len(text) / 1000:5.1f} KB  {elapsed * 1000:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=CORPORA)
    parser.add_argument("-v", "--verbose", action="store_true", help="List every miss.")
    parser.add_argument(
        "--history",
        default="10000x50",
        help="Time the notes of a WORDSxVERSIONS history (0 to skip; default 10000x50).",
    )
    args = parser.parse_args()
    failed = False
    for path in args.corpora:
        if not path.exists():
            print(f"{path.name}: missing, skipped")
            continue
        s = evaluate(path)
        precision, recall = s.ratio(s.matched, s.found), s.ratio(s.matched, s.expected)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:")
        print(
            f"  {s.expected} notes expected in {s.cases} cases"
            f" ({s.negatives} negatives, {len(s.styles)} styles); {s.found} found"
        )
        print(f"  precision {precision:.3f}  recall {recall:.3f}")
        print(
            f"  of the {s.matched} found: start exact {s.ratio(s.exact_start, s.matched):.3f},"
            f" kind right {s.ratio(s.kind_right, s.matched):.3f},"
            f" timestamp right {s.ratio(s.stamp_right, s.matched):.3f}"
            f" ({s.stamped} with a date)"
        )
        failed |= precision < PRECISION_TARGET or recall < RECALL_TARGET
        if args.verbose:
            for problem in s.problems:
                print("   ", problem)
    print("hostile paragraphs:")
    time_hostile()
    if args.history != "0":
        words, versions = (int(n) for n in args.history.split("x"))
        print("history:")
        time_history(words, versions)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
