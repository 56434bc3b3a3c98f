"""`revtrack site` of a whole store, then after one change, as whole processes.

The store is filled in-process through the store API: each article a headline and about 400
words in twelve paragraphs, with versions an hour apart, each revising it as newsrooms do (a
sentence reworded, a number changed, a paragraph added; an update note every third version,
so that there are findings as well as noted changes). Then, each as a new process
(``python -m revtrack``):

1. ``site DIR``: the first build, every page made (the derived cache empty, as after an
   upgrade: the notes and comparisons worked out and kept);
2. ``site DIR`` again with nothing changed: the manifest says every page is current;
3. one new version of one article, then ``site DIR``: only that article read, and only its
   pages that show the new version written.

Prints each wall time, the files written, and the archive's size.

    python bench/site_bench.py                          # 1,000 articles x 10 versions
    python bench/site_bench.py --articles 100 --versions 5
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from revtrack.models import Snapshot  # noqa: E402 - after the path above
from revtrack.store import open_store  # noqa: E402 - after the path above

WORDS = (
    "the port talks union strike wages dockers ministry agreement ships cargo night vote "
    "council officials said on Tuesday that a new plan would cut costs for residents and "
    "workers after months of negotiations between the two sides over the future of the harbour"
).split()


def paragraph(rng: random.Random, n: int) -> str:
    sentences = []
    for _ in range(3):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 14))]
        sentences.append(" ".join(words).capitalize() + f" {rng.randint(2, 900) * n}.")
    return " ".join(sentences)


def revise(rng: random.Random, paragraphs: list[str], revision: int) -> list[str]:
    """The next version: a sentence reworded, a number changed, sometimes a paragraph added
    and an update note."""
    changed = list(paragraphs)
    i = rng.randrange(1, len(changed) - 1)
    changed[i] = paragraph(rng, i + revision)
    j = rng.randrange(1, len(changed) - 1)
    changed[j] = changed[j].replace("1", "7", 1)
    if revision % 2 == 0:
        changed.insert(rng.randrange(1, len(changed)), paragraph(rng, revision))
    if revision % 3 == 0:
        changed.append(f"Update (Jan. 2, 2025, {revision}:00 p.m. ET): details were added.")
    return changed


def fill(home: Path, articles: int, versions: int) -> None:
    start = datetime(2025, 1, 2, 9, tzinfo=UTC)
    with open_store(home / "revtrack.db", write=True, create=True) as store:
        for n in range(articles):
            rng = random.Random(n)
            title = f"Story {n}: talks over the port"
            paragraphs = [title] + [paragraph(rng, k + 1) for k in range(11)]
            for revision in range(versions):
                if revision:
                    paragraphs = revise(rng, paragraphs, revision)
                when = start + timedelta(minutes=n, hours=revision)
                snapshot = Snapshot("\n\n".join(paragraphs) + "\n", "file", title=title)
                store.add(f"story-{n:05d}", snapshot, when)


def revtrack(home: Path, *args: str) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), REVTRACK_HOME=str(home), TZ="UTC")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"revtrack {' '.join(args)} failed:\n{done.stderr}")
    return elapsed, done.stderr.strip().splitlines()[-1]


def size(directory: Path) -> tuple[int, int]:
    files = [p for p in directory.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="(1000)")
    parser.add_argument("--versions", type=int, default=10, help="per article (10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="revtrack-site-") as tmp:
        home, archive = Path(tmp) / "home", Path(tmp) / "archive"
        begun = time.perf_counter()
        fill(home, args.articles, args.versions)
        filled = time.perf_counter() - begun
        print(
            f"revtrack site, {args.articles:,} articles x {args.versions} versions "
            f"(filled in {filled:.1f} s), {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
        )
        first, said = revtrack(home, "site", str(archive))
        files, total = size(archive)
        print(f"first build      {first:8.2f} s   {said}")
        print(f"                 {files:,} files, {total / 1e6:.1f} MB")
        again, said = revtrack(home, "site", str(archive))
        print(f"nothing changed  {again:8.2f} s   {said}")
        newest = archive / "articles" / "story-00000" / "index.html"
        with open_store(home / "revtrack.db", write=True) as store:
            latest = store.version("story-00000", -1)
            text = latest.text.replace("1", "9", 2) + "\n\nCorrection: a figure was wrong.\n"
            store.add("story-00000", Snapshot(text, "file", title=latest.title))
        one, said = revtrack(home, "site", str(archive))
        print(f"after one change {one:8.2f} s   {said}")
        assert newest.is_file()
    return 0


if __name__ == "__main__":
    sys.exit(main())
