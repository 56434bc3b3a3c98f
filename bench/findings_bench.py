"""Stealth-edit findings over the fixture histories, against what each history expects.

```sh
. .venv/bin/activate
python bench/findings_bench.py                       # this revtrack
python bench/findings_bench.py --before /tmp/before/src   # and an older one, side by side
python bench/findings_bench.py --detail              # every finding, one per line
```

For each history under ``fixtures/histories`` (with its ``expected.toml``) and each article
under ``fixtures/articles`` (no expectations: its findings are only counted), the versions are
built from the files and the times in ``seen`` and the findings are computed at the default
criteria. A finding is judged by its transition and kind: one that ``expected.toml`` does not
list is a false alarm, one it lists that is missing is a miss. For this revtrack, a finding of
the right kind whose severity or changes (kinds and paragraphs) differ is counted apart, as
*differs*.

An older revtrack (``--before SRC``, the ``src`` directory of another checkout) is run in a
subprocess with that directory first on its path; its ``build_notes(article, versions,
tolerance)`` is used when it has no criteria.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
import tomllib
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HISTORIES = ROOT / "fixtures" / "histories"
ARTICLES = ROOT / "fixtures" / "articles"

#: A finding as compared: its transition, kind, severity and changes (kind and paragraph).
Found = dict[str, Any]


def directories() -> list[Path]:
    """The histories with expectations first, then the older fixture articles."""
    mine = sorted(p for p in HISTORIES.iterdir() if (p / "seen").is_file())
    older = sorted(p for p in ARTICLES.iterdir() if (p / "seen").is_file())
    return mine + older


def collect(paths: list[Path], min_severity: str = "minor") -> dict[str, list[Found]]:
    """The findings of each history, with whatever revtrack is importable (run in-process
    for this one, in a subprocess for an older one)."""
    from revtrack import report
    from revtrack.models import Version
    from revtrack.text import content_hash, count_words, normalize

    parameters = inspect.signature(report.build_notes).parameters
    results: dict[str, list[Found]] = {}
    for path in paths:
        versions = []
        for number, line in enumerate((path / "seen").read_text().splitlines(), start=1):
            name, at = line.split()
            text = normalize((path / name).read_text(encoding="utf-8"))
            versions.append(
                Version(
                    article=path.name,
                    number=number,
                    observed_at=datetime.fromisoformat(at),
                    hash=content_hash(text),
                    source="file",
                    byte_count=len(text.encode()),
                    word_count=count_words(text),
                    text=text,
                )
            )
        if "criteria" in parameters:
            from revtrack.models import Criteria, Severity

            notes = report.build_notes(
                path.name, versions, Criteria(min_severity=Severity(min_severity))
            )
        else:
            notes = report.build_notes(path.name, versions)
        results[str(path)] = [_found(f) for f in notes.findings]
    return results


def _found(finding: Any) -> Found:
    severity = getattr(finding, "severity", None)
    return {
        "transition": f"{finding.from_version}-{finding.to_version}",
        "kind": str(finding.kind.value),
        "severity": None if severity is None else str(severity.value),
        "changes": [
            [str(c.kind.value), c.new_paragraph if c.new_paragraph is not None else c.old_paragraph]
            for c in getattr(finding, "changes", ())
        ],
    }


def expected(path: Path, criteria: str = "minor") -> list[Found] | None:
    """What ``expected.toml`` lists at ``criteria`` (``minor`` or ``typo``), as findings."""
    file = path / "expected.toml"
    if not file.is_file():
        return None
    found = []
    for transition in tomllib.loads(file.read_text(encoding="utf-8"))["transition"]:
        for item in transition[criteria]:
            found.append(
                {
                    "transition": f"{transition['from']}-{transition['to']}",
                    "kind": item["kind"],
                    "severity": item.get("severity"),
                    "changes": [[c["kind"], c["paragraph"]] for c in item.get("changes", [])],
                }
            )
    return found


def judge(actual: list[Found], wanted: list[Found] | None) -> tuple[int, int, int] | None:
    """False alarms, misses (by transition and kind) and findings that differ in severity or
    changes; ``None`` without expectations."""
    if wanted is None:
        return None
    key = lambda f: (f["transition"], f["kind"])  # noqa: E731
    have, want = Counter(map(key, actual)), Counter(map(key, wanted))
    alarms, misses = sum((have - want).values()), sum((want - have).values())
    exact = Counter(json.dumps(f, sort_keys=True) for f in actual)
    right = Counter(json.dumps(f, sort_keys=True) for f in wanted)
    differs = sum((right - exact).values()) - misses
    return alarms, misses, differs


def run_before(source: Path, paths: list[Path]) -> dict[str, list[Found]]:
    env = dict(os.environ, PYTHONPATH=str(source))
    command = [sys.executable, __file__, "--collect", *map(str, paths)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    result: dict[str, list[Found]] = json.loads(done.stdout)
    return result


def transitions(path: Path) -> int:
    return len((path / "seen").read_text().splitlines()) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="the src directory of an older revtrack")
    parser.add_argument("--detail", action="store_true", help="print every finding")
    parser.add_argument("--collect", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.collect is not None:
        print(json.dumps(collect([Path(p) for p in args.collect])))
        return
    paths = directories()
    after = collect(paths)
    before = run_before(args.before, paths) if args.before else None
    header = "| history | transitions | expected | before | after | false alarms / misses before"
    header += " | false alarms / misses / differs after |"
    print(header)
    print("|---" * 7 + "|")
    totals = Counter[str]()
    for path in paths:
        wanted = expected(path)
        now = after[str(path)]
        then = before[str(path)] if before is not None else None
        judged_now = judge(now, wanted)
        judged_then = judge(then, wanted) if then is not None else None
        cells = [
            path.name + ("" if wanted is not None else " (older)"),
            str(transitions(path)),
            "—" if wanted is None else str(len(wanted)),
            "—" if then is None else str(len(then)),
            str(len(now)),
            "—" if judged_then is None else f"{judged_then[0]} / {judged_then[1]}",
            "—" if judged_now is None else " / ".join(map(str, judged_now)),
        ]
        print("| " + " | ".join(cells) + " |")
        totals["transitions"] += transitions(path)
        totals["expected"] += len(wanted or [])
        totals["before"] += len(then or [])
        totals["after"] += len(now)
        for name, judged in (("then", judged_then), ("now", judged_now)):
            if judged:
                for label, value in zip(("alarms", "misses", "differs"), judged, strict=True):
                    totals[f"{label} {name}"] += value
    print(
        f"| total | {totals['transitions']} | {totals['expected']} |"
        f" {totals['before'] if before is not None else '—'} | {totals['after']} |"
        f" {totals['alarms then']} / {totals['misses then']} |"
        f" {totals['alarms now']} / {totals['misses now']} / {totals['differs now']} |"
    )
    if args.detail:
        for path in paths:
            for label, found in (("before", before), ("after", after)):
                for f in (found or {}).get(str(path), []):
                    changes = " ".join(f"{k}¶{p}" for k, p in f["changes"])
                    print(
                        f"{path.name} {label} {f['transition']} {f['kind']}"
                        f" {f['severity']} {changes}"
                    )


if __name__ == "__main__":
    main()
