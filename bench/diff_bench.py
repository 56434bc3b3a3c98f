"""Benchmark revtrack's prose diff against git, wdiff and difflib on news articles of 1k-1M words.

For each size, an article from ``articles.py`` is revised over many rounds of newsroom edits
(scaled with its length) and its first and last texts form the pair. The script times, as the
median of several runs: ``revtrack.diff.diff`` in-process, the whole ``revtrack diff`` command on
a store holding the pair, ``git diff --no-index --word-diff=porcelain``, ``wdiff`` and
:mod:`difflib` over whitespace-separated words. It reports how many changed words each one finds
(fewer is a more minimal diff) and the engine's peak traced memory against the input size. The
exit status is 1 if a target fails. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from random import Random
from typing import Any

from articles import Article, Editor, Writer  # the script's directory is on sys.path

import revtrack
from revtrack.diff import diff
from revtrack.models import DiffStats
from revtrack.text import _line_cuts, count_words

HERE = Path(__file__).resolve().parent
SIZES = (1_000, 3_000, 10_000, 100_000, 1_000_000)
ENGINE_TARGET_MS = {3_000: 5.0, 10_000: 15.0, 100_000: 200.0, 1_000_000: 5_000.0}
PROCESS_TARGET = (10_000, 150.0)  # whole `revtrack diff` of the 10k pair, ms
MEMORY_TARGET = 10.0  # engine peak traced memory / UTF-8 bytes of both texts
ENGINE, PROCESS, DIFFLIB = "revtrack engine", "revtrack diff (process)", "difflib (words)"
GIT, WDIFF = "git diff --word-diff", "wdiff"
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
QUIET: dict[str, Any] = {"capture_output": True, "text": True, "check": False}


def label(words: int) -> str:
    return f"{words // 1_000_000}M" if words >= 1_000_000 else f"{words // 1000}k"


def rounds_for(words: int) -> int:
    """Revision rounds between the two texts: one per 2,500 words, at least 10."""
    return max(10, words // 2500)


@dataclass
class Pair:
    words: int
    old_path: Path
    new_path: Path
    edits: dict[str, int]
    old: str = field(init=False)
    new: str = field(init=False)

    def __post_init__(self) -> None:
        self.old = self.old_path.read_text("utf-8")
        self.new = self.new_path.read_text("utf-8")


def make_pair(words: int, seed: int, cache: Path) -> Pair:
    """The first and last text of an article revised ``rounds_for(words)`` times, cached.

    This is :func:`articles.make_versions` keeping only the two ends: holding every version of
    a 1M-word article would take gigabytes.
    """
    version = hashlib.sha256((HERE / "articles.py").read_bytes()).hexdigest()[:10]
    stem = cache / f"pair-{words}-r{rounds_for(words)}-s{seed}-{version}"
    old_path, new_path, meta = (stem.with_suffix(s) for s in (".old.txt", ".new.txt", ".json"))
    if not meta.exists():
        writer = Writer(Random(seed))
        editor = Editor(writer)
        article = Article.write(writer, words)
        old_path.write_text(article.text(), "utf-8")
        when = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
        for _ in range(rounds_for(words)):
            when += timedelta(minutes=writer.rng.randint(5, 240))
            editor.revise(article, when)
        new_path.write_text(article.text(), "utf-8")
        meta.write_text(json.dumps(dict(editor.counts)), "utf-8")
    return Pair(words, old_path, new_path, json.loads(meta.read_text("utf-8")))


@dataclass
class Result:
    method: str
    times: list[float]  # seconds
    changed: int | None = None  # words marked added or deleted, by revtrack's count_words
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        _line_cuts.cache_clear()  # each run splits its lines afresh, as a new process does
        gc.collect()  # the collector stays on while timing, as in the CLI
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def bench_engine(pair: Pair, repeat: int) -> tuple[Result, DiffStats, int]:
    """Time ``diff`` in-process; its stats and peak traced memory (one untimed run)."""
    diff(pair.old[:3000], pair.new[:3000])  # first-call costs stay out of the peak
    _line_cuts.cache_clear()
    gc.collect()
    tracemalloc.start()
    stats = diff(pair.old, pair.new).stats
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    times = timed(lambda: diff(pair.old, pair.new), repeat)
    note = f"+{stats.words_added} -{stats.words_deleted}, {stats.sentences_moved} sent. moved"
    return Result(ENGINE, times, stats.words_added + stats.words_deleted, note), stats, peak


def run_command(args: Sequence[str], env: dict[str, str] | None = None) -> str:
    """Run a command; its stdout. Exit status 1 means "differ" for git and wdiff."""
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def time_command(
    args: Sequence[str], repeat: int, env: dict[str, str] | None = None
) -> list[float]:
    def run() -> None:
        # No timeout: with one, Popen.wait polls with sleeps of up to 50 ms.
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, check=False)

    return timed(run, repeat)


def process_env(home: str) -> dict[str, str]:
    """A store in ``home``; compiled bytecode kept (under ``home``), as an installation has."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"REVTRACK_HOME": home, "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache")}


def bench_process(pair: Pair, env: dict[str, str], revtrack: str, repeat: int) -> Result:
    """Store the pair with ``revtrack add`` (untimed), then time ``revtrack diff``."""
    name = f"pair-{pair.words}"
    for path in (pair.old_path, pair.new_path):
        add = [revtrack, "add", name, str(path), "--max-size", "1GB", "-q"]
        subprocess.run(add, env=env, check=True, capture_output=True)
    args = [revtrack, "diff", name, "@1", "@2", "--color", "never"]
    run_command(args, env)  # warm up and check that it works
    return Result(PROCESS, time_command(args, repeat, env), note="same engine")


def bench_git(pair: Pair, repeat: int) -> Result:
    args = ["git", "diff", "--no-index", "--word-diff=porcelain", str(pair.old_path)]
    args.append(str(pair.new_path))
    env = os.environ | GIT_ENV
    body = run_command(args, env).split("\n@@", 1)[-1]  # skip the header
    marked = [line[1:] for line in body.splitlines() if line[:1] in "+-"]
    return Result(GIT, time_command(args, repeat, env), *_counts(marked))


def _counts(marked: Sequence[str]) -> tuple[int, str]:
    """Words in the marked text (revtrack's count), and whitespace-separated tokens in a note."""
    tokens = sum(len(text.split()) for text in marked)
    return sum(map(count_words, marked)), f"{tokens:,} whitespace tokens"


def bench_wdiff(pair: Pair, repeat: int) -> Result:
    args = ["wdiff", str(pair.old_path), str(pair.new_path)]
    marks = ["-w", "\x01", "-x", "\x02", "-y", "\x03", "-z", "\x04", "-3"]  # unambiguous
    out = run_command([*args[:1], *marks, *args[1:]])
    marked = re.findall(r"\x01(.*?)\x02|\x03(.*?)\x04", out, re.DOTALL)
    return Result(WDIFF, time_command(args, repeat), *_counts([a + b for a, b in marked]))


def _difflib_changed(old: str, new: str) -> tuple[int, str]:
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    marked = [
        " ".join(a[i1:i2] + b[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return _counts(marked)


def _difflib_child(old: str, new: str, repeat: int, send: Connection) -> None:
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        changed = _difflib_changed(old, new)
        send.send((time.perf_counter() - start, changed))


def bench_difflib(pair: Pair, repeat: int, limit: float) -> Result:
    """Time difflib in a forked process, abandoned when one run takes over ``limit`` s."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_difflib_child, args=(pair.old, pair.new, repeat, send))
    child.start()
    send.close()
    result = Result(DIFFLIB, [])
    try:
        for _ in range(repeat):
            if not receive.poll(limit):
                return Result(DIFFLIB, [], None, f"skipped: a run took over {limit:g} s")
            seconds, (result.changed, result.note) = receive.recv()
            result.times.append(seconds)
    finally:
        child.terminate()
        child.join()
    return result


def source_state() -> str:
    """The git commit and a hash of revtrack's sources: the code that subprocesses run."""
    root = Path(revtrack.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.read_bytes())
    commit = "?"
    if shutil.which("git"):
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], **QUIET)
        commit = head.stdout.strip() or "?"
    return f"commit {commit}, sources {digest.hexdigest()[:12]}"


def fmt_ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="words per article, comma-separated"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated text (1)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per method up to 10k (7)")
    parser.add_argument("--repeat-big", type=int, default=3, help="runs above 10k words (3)")
    parser.add_argument(
        "--difflib-limit", type=float, default=60.0, help="give up on a difflib run after (60) s"
    )
    parser.add_argument("--cache", type=Path, default=HERE / ".cache", help="generated pairs")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    if min(sizes) < 1 or args.repeat < 1 or args.repeat_big < 1:
        parser.error("sizes and repeats must be at least 1")
    args.cache.mkdir(parents=True, exist_ok=True)
    revtrack = shutil.which("revtrack", path=str(Path(sys.executable).parent)) or "revtrack"
    have_git, have_wdiff = shutil.which("git") is not None, shutil.which("wdiff") is not None

    state = source_state()
    intro = (
        f"revtrack diff benchmark ({state}): seed {args.seed}, {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}; runs: {args.repeat} up to 10k words, {args.repeat_big} above"
    )
    home = tempfile.TemporaryDirectory(prefix="revtrack-diff-bench-")
    env = process_env(home.name)
    startup = statistics.median(time_command([revtrack, "--version"], 6, env)[1:])
    intro += (
        f". Process start-up: `revtrack --version` {fmt_ms(startup)} (median of 5). Changed: "
        "words in the text each method marks added or deleted, all counted with revtrack's "
        "count_words (hyphenated words count 2, punctuation 0); revtrack shows moved text as "
        "moved, not as added and deleted."
    )
    print(textwrap.fill(intro, 100))
    if not have_wdiff:
        print("wdiff is not installed (apt-get install wdiff): skipped")
    checks: list[tuple[str, bool | None, str]] = []
    with home:
        for words in sizes:
            repeat = args.repeat if words <= 10_000 else args.repeat_big
            pair = make_pair(words, args.seed, args.cache)
            size = len(pair.old.encode()) + len(pair.new.encode())
            print()
            head = (
                f"{label(words)}: {len(pair.old.split()):,} -> {len(pair.new.split()):,} words, "
                f"{size / 1e6:.2f} MB both; {rounds_for(words)} revision rounds: "
                + ", ".join(f"{n} {kind}" for kind, n in Counter(pair.edits).most_common())
            )
            print(textwrap.fill(head, 100, subsequent_indent="    "))
            engine, stats, peak = bench_engine(pair, repeat)
            results = [engine, bench_process(pair, env, revtrack, repeat)]
            results.append(bench_git(pair, repeat) if have_git else Result(GIT, [], note="no git"))
            results.append(
                bench_wdiff(pair, repeat) if have_wdiff else Result(WDIFF, [], note="no wdiff")
            )
            results.append(bench_difflib(pair, repeat, args.difflib_limit))
            base = engine.median or 1.0
            print(f"  {'method':<25}{'runs':>5}{'median':>15}{'x engine':>10}{'changed':>10}  note")
            for r in results:
                ratio = "-" if r.median is None else f"{r.median / base:.2f}"
                changed = "-" if r.changed is None else f"{r.changed:,}"
                print(
                    f"  {r.method:<25}{len(r.times):>5}{fmt_ms(r.median):>15}{ratio:>10}"
                    f"{changed:>10}  {r.note}".rstrip()
                )
            print(f"  engine peak traced memory: {peak / 1e6:.1f} MB = {peak / size:.1f}x input")

            name = label(words)
            if words in ENGINE_TARGET_MS:
                limit = ENGINE_TARGET_MS[words]
                ms = base * 1000
                checks.append((f"engine {name}: {ms:,.1f} ms (< {limit:g} ms)", ms < limit, ""))
            if words == PROCESS_TARGET[0]:
                ms = (results[1].median or 0) * 1000
                text = f"revtrack diff process {name}: {ms:,.1f} ms (< {PROCESS_TARGET[1]:g} ms)"
                checks.append((text, ms < PROCESS_TARGET[1], ""))
            wdiff_changed = results[3].changed
            ours = stats.words_added + stats.words_deleted
            text = f"changed words {name}: revtrack {ours:,} <= wdiff {wdiff_changed or 0:,}"
            checks.append(
                (text, None if wdiff_changed is None else ours <= wdiff_changed, "no wdiff")
            )
            memory = peak / size
            memory_text = f"engine peak memory {name}: {memory:.1f}x input (< {MEMORY_TARGET:g}x)"
            checks.append((memory_text, memory < MEMORY_TARGET, ""))
    ended = source_state()
    checks.append((f"revtrack unchanged during the run (now {ended})", ended == state, ""))
    print()
    for text, ok, why in checks:
        verdict = "SKIP" if ok is None else "PASS" if ok else "FAIL"
        print(f"  {verdict}  {text}" + (f" ({why})" if ok is None else ""))
    missing = [label(w) for w in ENGINE_TARGET_MS if w not in sizes]
    if missing:
        print(f"  (no engine target checked for {', '.join(missing)}: not in --sizes)")
    return 1 if any(ok is False for _, ok, _ in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
