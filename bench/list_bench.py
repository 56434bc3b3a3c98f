"""`revtrack list` on a store of many articles, as a whole process.

The store is filled in-process through the store API (each article a short text of a few
sentences and a title, two versions a day apart for one article in three), checked once with
`revtrack check`, then `revtrack list` is run as a new process (``python -m revtrack``, output
piped, bytecode cached as in an installation) and timed; also with ``--color always`` (the
terminal's drawing, output piped all the same) and ``--json``. Prints the median and best wall
time of each, and PASS or FAIL for the target: the plain listing of 10,000 articles in 0.3 s.

    python bench/list_bench.py                     # 10,000 articles, 15 runs
    python bench/list_bench.py --articles 1000 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
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

#: The whole `revtrack list` process, plain (piped), at the bench's default size.
TARGET_SECONDS = 0.3
DEFAULT_ARTICLES = 10_000

#: The runs timed: a label and the arguments after ``revtrack``.
COMMANDS: dict[str, list[str]] = {
    "list": ["list"],
    "list --color always": ["list", "--color", "always"],
    "list --json": ["list", "--json"],
}

WORDS = "port talks union strike wages dockers ministry agreement ships cargo night vote".split()


def article_text(n: int, revision: int) -> str:
    """A short article: a headline and three sentences, distinct for each ``n``."""
    words = [WORDS[(n * 7 + i * 3 + revision) % len(WORDS)] for i in range(24)]
    body = " ".join(words)
    return f"Story {n}\n\n{body.capitalize()} {n}. The talks went on. Revision {revision}.\n"


def fill(home: Path, articles: int) -> None:
    """``articles`` articles named ``story-00001``... in one store under ``home``."""
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    with open_store(home / "revtrack.db", write=True, create=True) as store:
        for n in range(articles):
            versions = 2 if n % 3 == 0 else 1
            for revision in range(versions):
                text = article_text(n, revision)
                when = start + timedelta(minutes=n, days=revision)
                store.add(f"story-{n:05d}", Snapshot(text, "file", title=f"Story {n}"), when)


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), REVTRACK_HOME=str(home), TZ="UTC")
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "revtrack", *args], env=env, capture_output=True)


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    run(args, env)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="(10000)")
    parser.add_argument("--repeat", type=int, default=15, help="runs per command (15)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="revtrack-list-") as tmp:
        home = Path(tmp)
        begun = time.perf_counter()
        fill(home, args.articles)
        filled = time.perf_counter() - begun
        env = environment(home)
        checked = run(["check"], env)
        listed = run(["list"], env)
        rows = listed.stdout.decode("utf-8").count("\n")
        if checked.returncode != 0 or listed.returncode != 0 or rows != args.articles:
            print(checked.stdout.decode(), checked.stderr.decode(), listed.stderr.decode())
            print(f"FAIL: the store is not as built ({rows} rows listed)")
            return 1
        for command in COMMANDS.values():  # a first run compiles what it imports
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for _ in range(args.repeat):
            for name, command in COMMANDS.items():
                times[name].append(timed(command, env))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"revtrack list, {args.articles:,} articles (filled in {filled:.1f} s, check passed), "
        f"{args.repeat} runs each, {os.cpu_count()} CPUs, load {load:.2f}, "
        f"Python {sys.version.split()[0]}"
    )
    print(f"{'command':<24}{'median':>11}{'best':>11}")
    for name, runs in times.items():
        print(f"{name:<24}{statistics.median(runs) * 1000:>8.1f} ms{min(runs) * 1000:>8.1f} ms")
    median = statistics.median(times["list"])
    ok = median <= TARGET_SECONDS or args.articles != DEFAULT_ARTICLES
    verdict = "PASS" if median <= TARGET_SECONDS else "FAIL"
    print(
        f"target: `revtrack list` of {args.articles:,} articles in at most "
        f"{TARGET_SECONDS * 1000:.0f} ms: {median * 1000:.1f} ms {verdict}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
