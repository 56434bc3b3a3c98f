"""The whole `revtrack diff` beside wdiff and `python -c pass`, on the generated pairs of
``gen_corpus.py`` (realistic revision density): time, peak memory and changed words.

    python bench/wdiff_bench.py                          # 1k, 10k, 100k and 1M words (~3 min)
    python bench/wdiff_bench.py --sizes 10k,100k --repeat 5
    python bench/wdiff_bench.py --corpus /tmp/corpus     # pairs gen_corpus.py already wrote
    python bench/wdiff_bench.py --against /tmp/old/.venv/bin/revtrack  # and another build

Every command is a new process, run once untimed and then ``--repeat`` times (``--repeat-big``
above 10k words), the commands of a size interleaved so that the machine's load falls on all
alike; the figures are medians of wall time and the highest resident peak of the runs. Targets
(PASS or FAIL each; exit status 1 if one fails): 10k words at most 8 times `python -c pass`;
100k and 1M at most 1.5 times wdiff; at 1M a peak at most twice wdiff's; never more changed
words than wdiff. With ``--against``, another build's ``revtrack`` (of another checkout) runs
interleaved with the others on its own store of the same pairs, and is printed on a row of its
own under this one's (its figures are not held to the targets). The least possible number of
changed words is bounded below by the words of either text that the other lacks (a bag of
words: no order, so every move is free); how far revtrack is from that bound is printed beside
it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from diff_bench import WDIFF, _counts, process_env, run_command  # the script's directory

from revtrack.diff import diff
from revtrack.text import words

HERE = Path(__file__).resolve().parent
GENERATOR = HERE.parent.parent / "shared" / "bench" / "gen_corpus.py"
SIZES = ("1k", "10k", "100k", "1m")
PASS_TIMES = 8.0  # 10k words, times `python -c pass`
WDIFF_TIMES = 1.5  # 100k and 1M words, times wdiff
WDIFF_MEMORY = 2.0  # 1M words, peak resident memory, times wdiff's
TIME = "/usr/bin/time"  # GNU time


@dataclass
class Runs:
    name: str
    args: list[str]
    env: dict[str, str] | None = None
    times: list[float] = field(default_factory=list)
    peak_kb: int = 0

    def run(self) -> None:
        """One run, its wall time and its resident peak (as GNU time reads it: a child of
        this process would count this process's pages as its own)."""
        with tempfile.NamedTemporaryFile("r") as peak:
            start = time.perf_counter()
            done = subprocess.run(
                [TIME, "-f", "%M", "-o", peak.name, *self.args],
                env=self.env,
                stdout=subprocess.DEVNULL,
                check=False,
            )
            self.times.append(time.perf_counter() - start)
            self.peak_kb = max(self.peak_kb, int(peak.read().split()[-1]))
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(self.args)}: exit status {done.returncode}")

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def corpus(directory: Path | None, cache: Path) -> Path:
    """The directory of the generated pairs: ``directory``, or one generated once."""
    if directory is not None:
        return directory
    target = cache / "gen-corpus"
    if not (target / "edit1m.new.txt").exists():
        if not GENERATOR.exists():
            sys.exit("no corpus: pass --corpus DIR (the output of gen_corpus.py)")
        command = [sys.executable, str(GENERATOR), "--out", str(target), "--versions", "2"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return target


def least_changed(old: str, new: str) -> int:
    """A lower bound of the words any diff must mark: those one text has more of."""
    before, after = Counter(words(old)), Counter(words(new))
    return sum(((before - after) + (after - before)).values())


def wdiff_changed(old: Path, new: Path) -> int:
    marks = ["-w", "\x01", "-x", "\x02", "-y", "\x03", "-z", "\x04", "-3"]  # unambiguous
    out = run_command(["wdiff", *marks, str(old), str(new)])
    marked = re.findall(r"\x01(.*?)\x02|\x03(.*?)\x04", out, re.DOTALL)
    return _counts([a + b for a, b in marked])[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="of 1k, 3k, 10k, 100k, 1m")
    parser.add_argument("--corpus", type=Path, help="gen_corpus.py's output (else generated)")
    parser.add_argument("--repeat", type=int, default=7, help="runs up to 10k words (7)")
    parser.add_argument("--repeat-big", type=int, default=3, help="runs above 10k words (3)")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache", help="generated pairs")
    parser.add_argument("--against", type=Path, help="another build's revtrack executable")
    args = parser.parse_args()
    for tool, package in (("wdiff", "wdiff"), (TIME, "time")):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (apt-get install {package})")
    folder = corpus(args.corpus, args.cache)
    revtrack = shutil.which("revtrack", path=str(Path(sys.executable).parent)) or "revtrack"
    checks: list[tuple[str, bool]] = []
    print(f"revtrack diff beside wdiff: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(
        "| words | `python -c pass` | `revtrack diff` (peak) | wdiff (peak) | ratio to pass | "
        "ratio to wdiff | changed: revtrack / wdiff / bound |"
    )
    print("|---|---|---|---|---|---|---|")
    builds = {"revtrack": revtrack} | ({"other": str(args.against)} if args.against else {})
    with tempfile.TemporaryDirectory(prefix="revtrack-wdiff-bench-") as home:
        envs = {name: process_env(str(Path(home) / name)) for name in builds}
        for size in args.sizes.split(","):
            old_path, new_path = folder / f"edit{size}.old.txt", folder / f"edit{size}.new.txt"
            for name, program in builds.items():
                for path in (old_path, new_path):
                    add = [program, "add", size, str(path), "--max-size", "1GB", "-q"]
                    subprocess.run(add, env=envs[name], check=True, capture_output=True)
            diffs = [
                Runs(name, [program, "diff", size, "@1", "@2", "--color", "never"], envs[name])
                for name, program in builds.items()
            ]
            commands = [
                Runs("pass", [sys.executable, "-c", "pass"]),
                diffs[0],
                Runs(WDIFF, ["wdiff", str(old_path), str(new_path)]),
                *diffs[1:],
            ]
            repeat = args.repeat if size in ("1k", "3k", "10k") else args.repeat_big
            for command in commands:
                command.run()  # untimed: caches warm, bytecode written
                command.times.clear()
            for _ in range(repeat):
                for command in commands:
                    command.run()
            old, new = old_path.read_text("utf-8"), new_path.read_text("utf-8")
            stats = diff(old, new).stats
            ours = stats.words_added + stats.words_deleted
            theirs, bound = wdiff_changed(old_path, new_path), least_changed(old, new)
            started, ran, other = commands[:3]
            for build in [ran, *commands[3:]]:
                print(
                    f"| {len(old.split()):,}{'' if build is ran else ' (other)'} | "
                    f"{started.median * 1000:,.1f} ms | "
                    f"{build.median * 1000:,.0f} ms ({build.peak_kb / 1024:,.0f} MiB) | "
                    f"{other.median * 1000:,.0f} ms ({other.peak_kb / 1024:,.0f} MiB) | "
                    f"{build.median / started.median:.1f} | {build.median / other.median:.2f} | "
                    + (
                        f"{ours:,} / {theirs:,} / {bound:,} (+{(ours - bound) / max(bound, 1):.1%})"
                        if build is ran
                        else "(this build's engine only)"
                    )
                    + " |"
                )
            checks += targets(size, ran, started, other, ours, theirs)
    print()
    for text, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return 1 if not all(ok for _, ok in checks) else 0


def targets(
    size: str, ran: Runs, started: Runs, other: Runs, ours: int, theirs: int
) -> Sequence[tuple[str, bool]]:
    found = [(f"{size}: changed words {ours:,} <= wdiff's {theirs:,}", ours <= theirs)]
    if size == "10k":
        times = ran.median / started.median
        text = f"10k: {times:.1f} x `python -c pass` (<= {PASS_TIMES:g})"
        found.append((text, times <= PASS_TIMES))
    if size in ("100k", "1m"):
        times = ran.median / other.median
        found.append((f"{size}: {times:.2f} x wdiff (<= {WDIFF_TIMES:g})", times <= WDIFF_TIMES))
    if size == "1m":
        memory = ran.peak_kb / other.peak_kb
        text = f"1m: peak {memory:.2f} x wdiff's (<= {WDIFF_MEMORY:g})"
        found.append((text, memory <= WDIFF_MEMORY))
    return found


if __name__ == "__main__":
    sys.exit(main())
