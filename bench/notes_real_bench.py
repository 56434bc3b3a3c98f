"""The note detector on real publishers' notes: precision, recall, kind and time-stamp
accuracy per half and per language, over ``bench/notes_real/*.toml``.

    python bench/notes_real_bench.py              # both halves, problems of the tuning half
    python bench/notes_real_bench.py --problems held   # the other half's problems (at the end)
    python bench/notes_real_bench.py --file unseen --problems none   # one corpus file alone

Each case of those corpora is a note (or a hard negative: text that looks like one) copied
from a publisher's page, with its ``publisher``, ``url`` and ``language``, and its ``half``:
``tune`` (the detector may be tuned on it) or ``held`` (scored only, to say how revtrack does on
notes no one tuned it for). Targets on the held half: precision 0.98, recall 0.95, time stamps
0.95. Exit status 1 if one is missed.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notes_bench import Score, score_cases

ROOT = Path(__file__).resolve().parent.parent
CORPORA = sorted((ROOT / "bench" / "notes_real").glob("*.toml"))
TARGETS = {"precision": 0.98, "recall": 0.95, "time stamps": 0.95}


def cases(files: list[str] | None = None) -> list[dict[str, Any]]:
    """The cases of the corpus files (of those named ``files``, by name without ``.toml``),
    each with the name of its file."""
    found = []
    for path in CORPORA:
        if files is None or path.stem in files:
            found += [
                case | {"file": path.stem}
                for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]
            ]
    return found


def figures(score: Score) -> dict[str, float]:
    return {
        "precision": score.ratio(score.matched, score.found),
        "recall": score.ratio(score.matched, score.expected),
        "kind": score.ratio(score.kind_right, score.matched),
        "time stamps": score.ratio(score.stamp_right, score.matched),
    }


def row(name: str, chosen: list[dict[str, Any]]) -> tuple[str, Score]:
    score = score_cases(chosen)
    shown = figures(score)
    publishers = len({c["publisher"] for c in chosen})
    line = (
        f"| {name} | {len(chosen)} | {score.negatives} | {publishers} | {score.expected} |"
        f" {score.found} | {shown['precision']:.3f} | {shown['recall']:.3f} | {shown['kind']:.3f}"
        f" | {shown['time stamps']:.3f} ({score.stamped}) |"
    )
    return line, score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--problems", choices=["tune", "held", "none"], default="tune")
    parser.add_argument(
        "--file", action="append", help="only this corpus file (name without .toml; repeatable)"
    )
    args = parser.parse_args()
    every = cases(args.file)
    if not every:
        sys.exit(f"no cases in {', '.join(args.file or [])}: see bench/notes_real/")
    failed = False
    print(
        f"{len(every)} cases, {len({c['publisher'] for c in every})} publishers,"
        f" {len({c['language'] for c in every})} languages"
    )
    for half in ("tune", "held"):
        chosen = [c for c in every if c["half"] == half]
        print(f"\n### {half} half\n")
        print(
            "| language | cases | negatives | publishers | notes | found | precision | recall"
            " | kind | time stamps (dated) |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for language in sorted({c["language"] for c in chosen}):
            print(row(language, [c for c in chosen if c["language"] == language])[0])
        line, score = row("all", chosen)
        print(line)
        if half == "held":
            for name, target in TARGETS.items():
                value = figures(score)[name]
                verdict = "PASS" if value >= target else "FAIL"
                failed |= value < target
                print(f"{name}: {value:.3f} (target {target}) {verdict}")
        if args.problems == half:
            for problem in score.problems:
                print("   ", problem)
    print("\n### each file, both halves\n")
    print(
        "| file | half | cases | negatives | publishers | notes | found | precision | recall"
        " | kind | time stamps (dated) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in sorted({c["file"] for c in every}):
        for half in ("tune", "held"):
            chosen = [c for c in every if c["file"] == name and c["half"] == half]
            if chosen:
                print(row(f"{name} | {half}", chosen)[0])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
