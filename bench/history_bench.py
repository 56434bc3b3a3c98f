"""``revtrack log`` and ``revtrack notes`` over a long history, whole processes, with the cache of
derived data empty (cold) and filled (warm).

```sh
. .venv/bin/activate
python bench/history_bench.py                         # 200 versions of ~10k words
python bench/history_bench.py --versions 50 --repeat 3
python bench/history_bench.py --corpus /tmp/c200/versions   # texts v01.txt, v02.txt...
```

The versions are a ``../shared/bench/gen_corpus.py`` chain (its ``versions/`` texts, some 10,000
words each, revised a few words, sentences and paragraphs at a time, with update notes), stored
an hour apart in a SQLite store in a temporary directory. Each command runs as its own process
(stdout to a pipe): once with the store's ``derived`` table emptied (cold: everything is worked
out, and kept), then ``--repeat`` times more (warm: the median is reported). The cold and warm
outputs must be identical. Target: warm ``log`` and ``notes`` at most 0.5 s each; the exit status
is 1 if one misses it (or an output differs).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN_CORPUS = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
TARGET_SECONDS = 0.5
COMMANDS = ("log", "notes")


def corpus(versions: int, directory: Path) -> list[Path]:
    """The texts of a gen_corpus.py chain of ``versions`` versions, in order."""
    options = ["--versions", str(versions), "--sizes", "1000", "--out", str(directory)]
    subprocess.run([sys.executable, str(GEN_CORPUS), *options], check=True, capture_output=True)
    return texts_in(directory / "versions")


def texts_in(directory: Path) -> list[Path]:
    return sorted(directory.glob("v*.txt"), key=lambda p: int(p.stem[1:]))


def build(store: Path, texts: list[Path]) -> None:
    from revtrack.models import Snapshot
    from revtrack.store import open_store
    from revtrack.text import normalize

    start = datetime(2025, 1, 1, tzinfo=UTC)
    with open_store(store, write=True) as opened:
        for n, path in enumerate(texts):
            text = normalize(path.read_text(encoding="utf-8"))
            opened.add("story", Snapshot(text, "file"), start + timedelta(hours=n))


def run(store: Path, command: str) -> tuple[float, str]:
    """One whole process: its wall time and its output."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", "--store", str(store), command, "story"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TZ": "UTC"},
    )
    return time.perf_counter() - started, done.stdout


def has_cache(connection: sqlite3.Connection) -> bool:
    """Whether the store has its ``derived`` table yet (it is made when first written)."""
    found = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'derived'"
    return connection.execute(found).fetchone() is not None


def cache_rows(store: Path) -> tuple[int, int]:
    with sqlite3.connect(store) as connection:
        if not has_cache(connection):
            return 0, 0
        count, size = connection.execute(
            "SELECT count(*), coalesce(sum(length(key) + length(value)), 0) FROM derived"
        ).fetchone()
    return int(count), int(size)


def empty_cache(store: Path) -> None:
    connection = sqlite3.connect(store)
    if has_cache(connection):
        connection.execute("DELETE FROM derived")
        connection.commit()
    connection.execute("VACUUM")
    connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5, help="warm runs (the median counts)")
    parser.add_argument("--corpus", type=Path, help="a directory of texts v01.txt, v02.txt...")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        texts = texts_in(args.corpus) if args.corpus else corpus(args.versions, Path(scratch))
        store = Path(scratch) / "store" / "revtrack.db"
        build(store, texts)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in texts) // len(texts)
        print(f"{len(texts)} versions of ~{words:,} words, {store.stat().st_size:,} bytes stored")
        for command in COMMANDS:
            empty_cache(store)
            cold, first = run(store, command)
            rows, size = cache_rows(store)
            warm_runs = [run(store, command) for _ in range(args.repeat)]
            warm = statistics.median(seconds for seconds, _ in warm_runs)
            same = all(output == first for _, output in warm_runs)
            verdict = "PASS" if warm <= TARGET_SECONDS and same else "FAIL"
            failed |= verdict == "FAIL"
            print(
                f"  {command:5}  cold {cold:5.2f} s   warm {warm:5.2f} s (median of"
                f" {args.repeat}; target {TARGET_SECONDS} s)  {verdict}"
                f"   cache: {rows} rows, {size:,} bytes"
                + ("" if same else "   OUTPUT DIFFERS cold/warm")
            )
        print(f"  store with the cache: {store.stat().st_size:,} bytes")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
