"""The whole `revtrack add` of a long article's second version, on the generated pairs of
``gen_corpus.py``: the store holds the first version, and `add` stores the second, works out
the same comparison as `diff` for its summary line and reads the new version for notes.

    python bench/add_bench.py                        # 1M words, 3 runs (~1 min)
    python bench/add_bench.py --sizes 100k,1m --repeat 5
    python bench/add_bench.py --corpus /tmp/corpus   # pairs gen_corpus.py already wrote
    python bench/add_bench.py --against /tmp/old/.venv/bin/revtrack  # and another build

Each run is a new process on a fresh copy of a store that holds the first version only
(stored once, untimed); one run of each build goes untimed first (caches warm, bytecode
written), then the builds' runs alternate so that the machine's load falls on all alike. The
figures are medians of wall time and of processor time (user + system) and the highest
resident peak. Target (PASS or FAIL; exit status 1 if it fails): 1M words in at most 3 s of
wall time. With ``--against``, another build's ``revtrack`` runs the same on its own stores and
is printed on a row of its own (not held to the target).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from diff_bench import process_env  # the script's directory is on sys.path
from wdiff_bench import TIME, corpus

HERE = Path(__file__).resolve().parent
TARGET_SECONDS = {"1m": 3.0}  # wall time of `revtrack add` of the second version


@dataclass
class Build:
    name: str
    program: str
    home: Path  # its bytecode, and its stores
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peak_kb: int = 0

    def store(self, size: str) -> Path:
        return self.home / f"store-{size}"

    def prepare(self, size: str, old: Path) -> None:
        """A store holding the first version of the pair, kept to be copied for each run."""
        env = self.env(self.store(size))
        add = [self.program, "add", size, str(old), "--max-size", "1GB", "-q"]
        subprocess.run(add, env=env, check=True, capture_output=True)

    def env(self, store: Path) -> dict[str, str]:
        return process_env(str(self.home)) | {"REVTRACK_HOME": str(store)}

    def run(self, size: str, new: Path) -> None:
        """One `add` of the second version on a fresh copy of the store."""
        store = self.home / "run"
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(self.store(size), store)
        add = [self.program, "add", size, str(new), "--max-size", "1GB", "-q"]
        with tempfile.NamedTemporaryFile("r") as used:
            start = time.perf_counter()
            done = subprocess.run(
                [TIME, "-f", "%U %S %M", "-o", used.name, *add],
                env=self.env(store),
                stdout=subprocess.DEVNULL,
                check=False,
            )
            wall = time.perf_counter() - start
            user, system, peak = used.read().split()[-3:]
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(add)}: exit status {done.returncode}")
        self.walls.append(wall)
        self.cpus.append(float(user) + float(system))
        self.peak_kb = max(self.peak_kb, int(peak))

    def clear(self) -> None:
        self.walls.clear()
        self.cpus.clear()
        self.peak_kb = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="1m", help="of 1k, 3k, 10k, 100k, 1m (1m)")
    parser.add_argument("--corpus", type=Path, help="gen_corpus.py's output (else generated)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each build (3)")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache", help="generated pairs")
    parser.add_argument("--against", type=Path, help="another build's revtrack executable")
    args = parser.parse_args()
    if shutil.which(TIME) is None:
        sys.exit(f"{TIME} is not installed (apt-get install time)")
    folder = corpus(args.corpus, args.cache)
    revtrack = shutil.which("revtrack", path=str(Path(sys.executable).parent)) or "revtrack"
    programs = {"revtrack": revtrack} | ({"other": str(args.against)} if args.against else {})
    checks: list[tuple[str, bool]] = []
    print(f"revtrack add of a second version: Python {sys.version.split()[0]}")
    print("| words | build | wall | processor (user + sys) | peak |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="revtrack-add-bench-") as home:
        builds = [Build(name, program, Path(home) / name) for name, program in programs.items()]
        for size in args.sizes.split(","):
            old, new = folder / f"edit{size}.old.txt", folder / f"edit{size}.new.txt"
            for build in builds:
                build.prepare(size, old)
                build.run(size, new)  # untimed
                build.clear()
            for _ in range(args.repeat):
                for build in builds:
                    build.run(size, new)
            words = len(old.read_text("utf-8").split())
            for build in builds:
                wall, cpu = statistics.median(build.walls), statistics.median(build.cpus)
                print(
                    f"| {words:,} | {build.name} | {wall:.2f} s | {cpu:.2f} s | "
                    f"{build.peak_kb / 1024:,.0f} MiB |"
                )
            target = TARGET_SECONDS.get(size)
            if target is not None:
                wall = statistics.median(builds[0].walls)
                checks.append(
                    (f"{size}: `revtrack add` {wall:.2f} s (<= {target:g} s)", wall <= target)
                )
    print()
    for text, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return 1 if not all(ok for _, ok in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
