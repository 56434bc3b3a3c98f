"""Start-up of the everyday commands on a small store, optionally against another checkout.

Each command is run as a new process (``python -m revtrack``) on a store holding the four
versions of the ``talks`` fixture; the runs of the checkouts compared are interleaved, so that
the machine's load falls on all of them alike, and with them ``python -c pass`` and
``python -c "import click"`` (the same interpreter). Prints the median and best wall time of
each, and its median processor time (user and system, which a loaded machine inflates much
less than the wall time) as a ratio to that of ``python -c pass``; then the targets:
``--version`` and ``--help`` in at most 4 times ``python -c pass``, ``log talks`` and
``show talks`` in at most 6 times (medians of wall time), each PASS or FAIL; the exit status
is 1 if a target of this checkout fails.

    python bench/startup_bench.py                       # this checkout
    python bench/startup_bench.py --against ../old/src  # this one and another, side by side
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TALKS = ROOT / "fixtures" / "articles" / "talks"

#: The commands timed, each after the store is filled.
COMMANDS: dict[str, list[str]] = {
    "--version": ["--version"],
    "--help": ["--help"],
    "diff talks (plain)": ["diff", "talks", "--color", "never"],
    "diff talks (colour)": ["diff", "talks", "--color", "always"],
    "diff talks --json": ["diff", "talks", "--json"],
    "log talks": ["log", "talks"],
    "notes talks": ["notes", "talks"],
    "show talks": ["show", "talks"],
    "list": ["list"],
}

#: What the start-up is measured against: Python alone, and Python importing click.
REFERENCES: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import click'": ["-c", "import click"],
}

#: The targets: a command's median at most this many times ``python -c pass``'s.
TARGETS: dict[str, float] = {"--version": 4, "--help": 4, "log talks": 6, "show talks": 6}


def environment(source: Path, home: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(source), REVTRACK_HOME=home, TZ="UTC")
    env.pop("NO_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the compiled modules are kept, as installed
    return env


def fill(source: Path, home: str) -> None:
    """The four versions of the talks fixture, a day apart."""
    for number in range(1, 5):
        at = f"2025-01-0{number}T09:00+00:00"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "revtrack",
                "add",
                "talks",
                str(TALKS / f"v{number}.txt"),
                *("--at", at),
            ],
            env=environment(source, home),
            check=True,
            capture_output=True,
        )


#: The processor time (user and system) of each run, by command and checkout: on a loaded
#: machine the wall time is mostly waiting, the processor time much less so.
CPU: dict[tuple[str, str], list[float]] = {}


def timed(
    args: list[str], env: dict[str, str], *, python: bool = False, cpu: tuple[str, str] = ("", "")
) -> float:
    """The wall time of ``python -m revtrack ARGS`` (or, ``python``, of ``python ARGS``); its
    processor time is kept in :data:`CPU` under ``cpu``."""
    command = [sys.executable, *args] if python else [sys.executable, "-m", "revtrack", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU.setdefault(cpu, []).append(used)
    return wall


def verdicts(times: dict[tuple[str, str], list[float]], label: str) -> list[tuple[str, bool]]:
    """A line for each target of the checkout ``label``, and whether it is met."""
    base = statistics.median(times[("python -c pass", "this")])
    click = statistics.median(times[("python -c 'import click'", "this")])
    found = []
    for name, bound in TARGETS.items():
        ratio = statistics.median(times[(name, label)]) / base
        met = ratio <= bound
        line = f"{name:<24}{ratio:>6.2f} x python -c pass (target {bound:g} x): "
        found.append((line + ("PASS" if met else "FAIL"), met))
    found.append((f"{'(import click alone)':<24}{click / base:>6.2f} x python -c pass", True))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="the src directory of another checkout")
    parser.add_argument("--repeat", type=int, default=15, help="runs per command (15)")
    args = parser.parse_args()
    sources = {"this": ROOT / "src"}
    if args.against is not None:
        sources["other"] = args.against.resolve()
    with tempfile.TemporaryDirectory(prefix="revtrack-startup-") as tmp:
        homes = {label: str(Path(tmp) / label) for label in sources}
        for label, source in sources.items():
            fill(source, homes[label])
        times: dict[tuple[str, str], list[float]] = {}
        for label, source in sources.items():  # a first run compiles what it imports
            for command in COMMANDS.values():
                timed(command, environment(source, homes[label]))
        for _ in range(args.repeat):
            for name, command in REFERENCES.items():
                env = environment(sources["this"], homes["this"])
                run = timed(command, env, python=True, cpu=(name, "this"))
                times.setdefault((name, "this"), []).append(run)
            for name, command in COMMANDS.items():
                for label, source in sources.items():
                    env = environment(source, homes[label])
                    run = timed(command, env, cpu=(name, label))
                    times.setdefault((name, label), []).append(run)
    header = f"{'command':<24}" + "".join(
        f"{label + ' median':>14}{'best':>8}" for label in sources
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"start-up, {args.repeat} runs each, {os.cpu_count()} CPUs, load {load:.2f}, "
        f"Python {sys.version.split()[0]}"
    )
    print(header)
    for name in [*REFERENCES, *COMMANDS]:
        row = f"{name:<24}"
        for label in sources:
            runs = times.get((name, label), times[(name, "this")])
            row += f"{statistics.median(runs) * 1000:>11.1f} ms{min(runs) * 1000:>6.1f}ms"
        print(row)
    base = statistics.median(CPU[("python -c pass", "this")])
    print("processor time (user + system), median, and ÷ that of python -c pass:")
    for name in [*REFERENCES, *COMMANDS]:
        row = f"{name:<24}"
        for label in sources:
            runs = CPU.get((name, label), CPU[(name, "this")])
            median = statistics.median(runs)
            row += f"{median * 1000:>11.1f} ms{median / base:>6.2f}x"
        print(row)
    failed = False
    for label in sources:
        print(f"targets ({label}):")
        for line, met in verdicts(times, label):
            print(f"  {line}")
            failed |= not met and label == "this"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
