"""Benchmark the SQLite store on a long article with many successive versions.

For one synthetic article (see ``articles.py``) of about ``--words`` words revised ``--versions``
times, or the versions in a directory (``--corpus``), it reports the size of the store against
the raw text, zstd alone and a packed git repository, and the time of ``add``, of rebuilding
each version on a fresh connection and of ``history``. Every rebuilt text is checked against
the original. The exit status is 1 if a target fails: the store directory on disk (as ``du``
counts it, with no VACUUM) at most 2 % of the raw size, every version rebuilt in at most 5 ms.
See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from articles import Editor, make_versions  # the script's directory is on sys.path

from revtrack.models import AddStatus, Snapshot
from revtrack.store import codec
from revtrack.store.sqlite import PAGE_SIZE, SqliteStore
from revtrack.store.wholes import BODY
from revtrack.text import count_words

ARTICLE = "bench-article"
#: The store's directory on disk, as ``du`` counts it after the last ``add`` (no VACUUM).
TARGET_SIZE_PERCENT = 2.0
TARGET_REBUILD_MS = 5.0


def _ms(start_ns: int) -> float:
    return (time.perf_counter_ns() - start_ns) / 1e6


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Keep the cyclic garbage collector out of timings, as :mod:`timeit` does."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Results:
    raw: int
    bodies: int
    whole_bodies: int
    whole_count: int
    disk: int
    file_size: int
    standalone: int
    git_pack: int | None
    add_ms: list[float]
    rebuild_ms: list[float]  # median per version, index 0 is version 1
    history_ms: float


def fill_store(path: Path, texts: Sequence[str], times: Sequence[datetime]) -> list[float]:
    """Add every version to a new store; the time of each ``add`` in ms."""
    timings: list[float] = []
    with SqliteStore.open(path) as store, _no_gc():
        for text, when in zip(texts, times, strict=True):
            start = time.perf_counter_ns()
            result = store.add(ARTICLE, Snapshot(text=text, source="file"), when)
            timings.append(_ms(start))
            if result.status is not AddStatus.ADDED:
                raise SystemExit(f"version {len(timings)} was not added: {result.status}")
    return timings


def disk_usage(directory: Path) -> int:
    """Bytes on disk of a directory and the files in it, as ``du -s`` counts them."""
    paths = [directory, *directory.iterdir()]
    return sum(getattr(p.stat(), "st_blocks", 0) * 512 or p.stat().st_size for p in paths)


def measure_file(path: Path) -> tuple[int, int, int, int]:
    """Body bytes, whole-version body bytes and count, and the file size after VACUUM."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        # (a text stored whole is in whole_texts, its row's body empty; or, in a store made
        # before, in its row)
        body = f"length({BODY})"
        bodies = db.execute(f"SELECT sum({body}) FROM versions").fetchone()[0]
        whole, count = db.execute(
            f"SELECT coalesce(sum({body}), 0), count(*) FROM versions "
            f"WHERE codec IN ({', '.join('?' * len(codec.ALONE))})",
            codec.ALONE,
        ).fetchone()
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    # The database plus any -wal or -shm file left behind.
    size = sum(p.stat().st_size for p in path.parent.iterdir() if p.name.startswith(path.name))
    return int(bodies), int(whole), int(count), size


def measure_reads(path: Path, texts: Sequence[str], repeat: int) -> tuple[list[float], float]:
    """Median rebuild time of each version, and of the whole history, on a fresh connection.

    Each round rebuilds every version once, so a burst of noise spreads over many versions.
    """
    samples: list[list[float]] = [[] for _ in texts]
    history_samples: list[float] = []
    with SqliteStore.open(path, write=False) as store, _no_gc():
        store.version(ARTICLE, len(texts))  # warm the connection and the page cache
        for _ in range(repeat):
            for number, text in enumerate(texts, 1):
                start = time.perf_counter_ns()
                version = store.version(ARTICLE, number)
                samples[number - 1].append(_ms(start))
                if version.text != text:
                    raise SystemExit(f"version {number} was not rebuilt exactly")
            start = time.perf_counter_ns()
            history = store.history(ARTICLE)
            history_samples.append(_ms(start))
            if [v.text for v in history] != list(texts):
                raise SystemExit("history() did not rebuild every version exactly")
    return [statistics.median(s) for s in samples], statistics.median(history_samples)


def measure_git(root: Path, texts: Sequence[str], times: Sequence[datetime]) -> int | None:
    """Bytes in .git/objects/pack after committing every version and an aggressive gc."""
    git = shutil.which("git")
    if git is None:
        return None
    repo = root / "git"
    repo.mkdir()
    env = os.environ | {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }

    def run(*args: str, **extra: str) -> None:
        subprocess.run([git, *args], cwd=repo, env=env | extra, check=True, capture_output=True)

    try:
        run("init", "-q")
        for number, (text, when) in enumerate(zip(texts, times, strict=True), 1):
            (repo / "article.txt").write_bytes(text.encode("utf-8"))
            run("add", "article.txt")
            dates = {"GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}
            run("commit", "-q", "--no-verify", "-m", f"version {number}", **dates)
        run("gc", "--aggressive", "--prune=now", "-q")
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"git comparison skipped: {exc}", file=sys.stderr)
        return None
    return sum(p.stat().st_size for p in (repo / ".git" / "objects" / "pack").iterdir())


def read_corpus(directory: Path) -> tuple[list[str], list[datetime]]:
    """The versions in ``directory`` (``v01.txt``, ``v02.txt``... in number order, as
    ``gen_corpus.py`` writes them in its ``versions`` directory), an hour apart."""
    files = sorted(directory.glob("v*.txt"), key=lambda p: int(p.stem[1:]))
    if not files:
        raise SystemExit(f"no versions (v01.txt...) in {directory}")
    start = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
    texts = [f.read_text(encoding="utf-8") for f in files]
    return texts, [start + timedelta(hours=n) for n in range(len(texts))]


def run_benchmark(args: argparse.Namespace) -> tuple[Results, list[str], Editor | None]:
    editor: Editor | None = None
    if args.corpus is None:
        texts, times, editor = make_versions(args.words, args.versions, args.seed)
    else:
        texts, times = read_corpus(args.corpus)
    with tempfile.TemporaryDirectory(prefix="revtrack-bench-") as tmp:
        root = Path(tmp)
        path = root / "store" / "revtrack.db"
        add_ms = fill_store(path, texts, times)
        disk = disk_usage(path.parent)  # every connection closed: as the store is left
        bodies, whole, whole_count, file_size = measure_file(path)
        rebuild_ms, history_ms = measure_reads(path, texts, args.repeat)
        git_pack = None if args.no_git else measure_git(root, texts, times)
    results = Results(
        raw=sum(len(t.encode("utf-8")) for t in texts),
        bodies=bodies,
        whole_bodies=whole,
        whole_count=whole_count,
        disk=disk,
        file_size=file_size,
        standalone=sum(len(codec.compress(t.encode())) for t in texts),
        git_pack=git_pack,
        add_ms=add_ms,
        rebuild_ms=rebuild_ms,
        history_ms=history_ms,
    )
    return results, texts, editor


def _chain_length(number: int, count: int) -> int:
    """Rows ``store.version`` decodes for version ``number`` of ``count``."""
    interval = codec.KEYFRAME_INTERVAL
    keyframe = -(-number // interval) * interval  # the first keyframe at or after it
    return min(keyframe, count) - number + 1


def report(
    args: argparse.Namespace, r: Results, texts: Sequence[str], editor: Editor | None
) -> bool:
    """Print the results; whether every target is met."""
    count = len(texts)

    def pct(size: int) -> str:
        return f"{100 * size / r.raw:8.2f} %"

    def row(label: str, value: str, note: str = "") -> None:
        print(f"  {label:<38}{value:>14}  {note}".rstrip())

    first, last = texts[0], texts[-1]
    source = f"~{args.words:,} words, seed {args.seed}" if args.corpus is None else str(args.corpus)
    print(
        f"revtrack store benchmark: {count} versions, {source} (zstd level {codec.LEVEL}, "
        f"keyframe every {codec.KEYFRAME_INTERVAL}, {PAGE_SIZE}-byte pages)"
    )
    print(
        f"  article: v1 {count_words(first):,} words / {len(first.encode()):,} B, "
        f"v{count} {count_words(last):,} words / {len(last.encode()):,} B"
    )
    if editor is not None:
        edits = ", ".join(f"{n} {kind}" for kind, n in sorted(editor.counts.items()))
        line = f"edits over {count - 1} revisions: {edits}"
        print(textwrap.fill(line, 96, initial_indent="  ", subsequent_indent="    "))
    print()
    print(f"  {'size':<38}{'bytes':>14}  {'% of raw':>10}")
    row("raw text, all versions", f"{r.raw:,}", pct(r.raw))
    deltas = count - r.whole_count
    delta_bytes = r.bodies - r.whole_bodies
    mean = f"mean {delta_bytes / deltas:,.0f} B each" if deltas else ""
    row("store: sum(length(body))", f"{r.bodies:,}", pct(r.bodies))
    row(f"  {r.whole_count} stored whole", f"{r.whole_bodies:,}", pct(r.whole_bodies))
    row(f"  {deltas} against the next version", f"{delta_bytes:,}", f"{pct(delta_bytes)}  {mean}")
    row("store: directory on disk (du)", f"{r.disk:,}", pct(r.disk))
    row("store: database file after VACUUM", f"{r.file_size:,}", pct(r.file_size))
    row("zstd, each version alone", f"{r.standalone:,}", pct(r.standalone))
    git_label = "git: objects/pack, gc --aggressive"
    if r.git_pack is None:
        row(git_label, "skipped")
    else:
        row(git_label, f"{r.git_pack:,}", pct(r.git_pack))
    print()
    worst = max(range(count), key=r.rebuild_ms.__getitem__)
    chains = [_chain_length(n, count) for n in range(1, count + 1)]
    print(f"  {f'time (reads: median of {args.repeat} rounds)':<38}{'ms':>14}")
    add_median = statistics.median(r.add_ms)
    row("add, median over versions", f"{add_median:.2f}", f"max {max(r.add_ms):.2f}")
    row("rebuild a version, median", f"{statistics.median(r.rebuild_ms):.2f}")
    row(
        "rebuild a version, worst",
        f"{r.rebuild_ms[worst]:.2f}",
        f"v{worst + 1}, {chains[worst]} rows decoded",
    )
    row("rebuild the newest version", f"{r.rebuild_ms[-1]:.2f}")
    if len(set(chains)) > 1:
        slope, intercept = statistics.linear_regression(chains, r.rebuild_ms)
        row("rebuild cost per decoded row (fit)", f"{slope:.3f}", f"{intercept:+.2f} ms fixed")
    row(f"history(), all {count} versions", f"{r.history_ms:.2f}")
    print()
    checks = [
        ("store directory on disk", 100 * r.disk / r.raw, TARGET_SIZE_PERCENT, "%"),
        ("slowest rebuild", r.rebuild_ms[worst], TARGET_REBUILD_MS, "ms"),
    ]
    for label, value, limit, unit in checks:
        verdict = "PASS" if value <= limit else "FAIL"
        print(f"  {verdict}  {label}: {value:.2f} {unit} (target <= {limit:g} {unit})")
    return all(value <= limit for _, value, limit, _ in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--versions", type=int, default=50, help="versions to store (50)")
    parser.add_argument("--words", type=int, default=10_000, help="words in the article (10000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated text (1)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of timed reads (5)")
    parser.add_argument("--no-git", action="store_true", help="skip the git comparison")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="store the versions in this directory (v01.txt, v02.txt...) instead of an article "
        "of articles.py; --versions, --words and --seed are then ignored",
    )
    args = parser.parse_args()
    if args.versions < 1 or args.words < 1 or args.repeat < 1:
        parser.error("--versions, --words and --repeat must be at least 1")
    results, texts, editor = run_benchmark(args)
    return 0 if report(args, results, texts, editor) else 1


if __name__ == "__main__":
    sys.exit(main())
