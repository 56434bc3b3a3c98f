"""Precision, recall and timestamp accuracy of the editorial-note detector over corpora.

    python bench/notes_bench.py                       # the test corpus and the held-out one
    python bench/notes_bench.py fixtures/notes/corpus.toml -v

A corpus is TOML: ``[[case]]`` tables with ``id``, ``style``, ``observed`` (ISO 8601, when the
version was seen), ``text``, and ``[[case.notes]]`` with ``kind``, ``starts`` (the note's first
characters), ``timestamp`` and ``tz`` (omitted when the note has none) and ``inferred``. A case
without notes is a negative. A found note matches an expected one when the expected start lies
inside it. Exit status 1 if a target is missed (precision 0.98, recall 0.95).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from revtrack.notes import find_notes

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "fixtures" / "notes" / "corpus.toml", ROOT / "bench" / "notes_blind.toml"]
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
    score = Score()
    for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
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
            match = next((n for n in unmatched if n.start <= position < n.end), None)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=CORPORA)
    parser.add_argument("-v", "--verbose", action="store_true", help="List every miss.")
    args = parser.parse_args()
    failed = False
    for path in args.corpora:
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
