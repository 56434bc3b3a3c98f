"""Bounded work on hostile input: huge texts added and diffed, huge and odd pages extracted,
a catastrophic ignore pattern.

- **Texts**: 10 MB of prose written as one line, and as 100,000 paragraphs; each is added to a
  new store, then a second version is added (a few edits spread through it, or, for the
  ``rewritten`` pair, another text of the same shape that shares nothing with it), then
  ``revtrack diff`` compares the two. Every command runs as a new process
  (``python -m revtrack``); its wall time, CPU time and peak resident memory are measured
  (``wait4``, as ``/usr/bin/time -v`` does), and it runs again under ``tracemalloc`` (on a
  copy of the store as it was) for the peak of the memory that Python code held. Memory is
  shown as a multiple of the text's size (the resident peak less that of the same command on
  a small article). Targets: every command under 10 s, and the traced peak within 10 times
  the text's size.
- **Shapes**: texts of 1 MB made to find quadratic work (a run of spaces, periods followed by
  tabs, a paragraph of ``Update:`` labels, ...), normalised, split into sentences, searched
  for notes and scrubbed by the built-in ignore rules in-process. Target: each under 2 s.
- **Changes**: versions made to find quadratic work in the findings (a 20,000-word sentence
  rewritten, 10,000 dots in a change, 10,000 notes over three versions), each added and its
  notes listed as commands. Target: each case under 15 s in all.
- **Pages**: web pages of 2 MB (paragraphs, impossible dates such as ``Feb. 30``, many time
  stamps, one huge paragraph, a table, links, notes in boxes, scripts, meta tags) and a page
  of ordinary size with ``Feb. 30`` in its byline, extracted in-process. The date extraction
  (trafilatura's, then the page's last-modified date) is timed on its own. Targets: dates under
  1 s, and the whole extraction reported beside it.
- **Pattern**: ``revtrack diff --ignore '(a|aa)+$'`` on texts made for it ends with status 2
  in about a second (target: under 5 s).

    python bench/hostile_bench.py            # everything
    python bench/hostile_bench.py --quick    # 2 MB texts, for a first look

Prints the figures, PASS or FAIL for each target, and exits with 1 if any fails. On a busy
machine, wall time grows with the load while CPU time does not: both are shown, and a target
of time holds if either is met (the CPU time is what revtrack costs).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
TALKS = ROOT / "fixtures" / "articles" / "talks"

COMMAND_SECONDS = 10.0
MEMORY_TIMES = 10.0
SHAPE_SECONDS = 2.0
DATE_SECONDS = 1.0
PATTERN_SECONDS = 5.0
CHANGE_SECONDS = 15.0

WORDS = (
    "the port talks minister said would harbor ships union contracts agreement vote parliament "
    "board city council budget officials week plan deal workers governments terminal expansion "
    "negotiators dispute decade proposal statement diplomats capital border region quays"
).split()


@dataclass
class Outcome:
    what: str
    figures: str
    passed: bool


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 20))]
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99_999):,}")
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), rng.choice(["Dr. Rook", "U.S.", "Jan. 5"]))
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "?", "!"])


def one_line(size: int, seed: int) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size - 200:
        parts.append(sentence(rng))
        length += len(parts[-1]) + 1
    return " ".join(parts) + "\n"


def paragraphs(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    count = size // 100
    return [(sentence(rng) + " " + sentence(rng))[:96].rstrip() + "." for _ in range(count)]


def edited_line(text: str, edits: int, seed: int) -> str:
    rng = random.Random(seed)
    chars = list(text.rstrip("\n"))
    for _ in range(edits):
        at = rng.randrange(len(chars))
        while chars[at] == " ":
            at = rng.randrange(len(chars))
        chars[at] = "X"
    return "".join(chars) + "\n"


def edited_paragraphs(paras: list[str], edits: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = list(paras)
    for _ in range(edits):
        out[rng.randrange(len(out))] = sentence(rng)
    return out


def texts(size: int) -> dict[str, tuple[str, str]]:
    line = one_line(size, 1)
    paras = paragraphs(size, 2)
    return {
        "one line": (line, edited_line(line, 50, 3)),
        "paragraphs": (
            "\n\n".join(paras) + "\n",
            "\n\n".join(edited_paragraphs(paras, 200, 4)) + "\n",
        ),
        "rewritten": ("\n\n".join(paras) + "\n", "\n\n".join(paragraphs(size, 5)) + "\n"),
    }


# --- commands ----------------------------------------------------------------------------


#: Runs revtrack and reports on it, from a small process of its own: a process forked from
#: this one (which holds the texts) would start with this one's resident pages in its peak.
_RUNNER = """
import os, subprocess, sys, time
started = time.perf_counter()
with open(os.devnull, "wb") as sink:
    child = subprocess.Popen([sys.executable, "-m", "revtrack", *sys.argv[1:]], stdout=sink,
                             stderr=sink)
    _pid, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
      os.waitstatus_to_exitcode(status))
"""


def run(args: list[str], home: str) -> tuple[float, float, int, int]:
    """Run ``revtrack ARGS``: wall seconds, CPU seconds, peak resident KB, exit status."""
    env = dict(os.environ, REVTRACK_HOME=home, TZ="UTC", PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    wall, cpu, peak, status = done.stdout.split()
    return float(wall), float(cpu), int(peak), int(status)


_TRACED = (
    "import sys, tracemalloc; tracemalloc.start(); from revtrack.cli import cli\n"
    "try:\n    cli.main(sys.argv[1:], prog_name='revtrack')\n"
    "finally:\n    print(f'traced {tracemalloc.get_traced_memory()[1]}', file=sys.stderr)\n"
)


def traced(args: list[str], home: str) -> int:
    """The peak of the memory revtrack's Python code held in ``revtrack ARGS`` (tracemalloc:
    what the interpreter and the libraries' C code hold aside), in bytes."""
    env = dict(os.environ, REVTRACK_HOME=home, TZ="UTC", PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(
        [sys.executable, "-c", _TRACED, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        check=False,
    )
    return int(done.stderr.rsplit("traced ", 1)[1].split()[0])


def baseline(work: Path) -> dict[str, int]:
    """Peak resident KB of add and diff on the small talks fixture."""
    home = str(work / "baseline")
    run(["add", "talks", str(TALKS / "v1.txt")], home)
    add = run(["add", "talks", str(TALKS / "v2.txt")], home)[2]
    diff = run(["diff", "talks"], home)[2]
    return {"add": add, "diff": diff}


def commands(size: int, work: Path) -> list[Outcome]:
    base = baseline(work)
    outcomes = []
    for name, (old, new) in texts(size).items():
        home = str(work / name.replace(" ", "-"))
        first, second = work / f"{name}-1.txt", work / f"{name}-2.txt"
        first.write_text(old, encoding="utf-8")
        second.write_text(new, encoding="utf-8")
        limit = ["--max-size", str(2 * size)]
        steps = [
            ("add @1", ["add", "hostile", str(first), *limit], "add"),
            ("add @2", ["add", "hostile", str(second), *limit], "add"),
            ("diff", ["diff", "hostile"], "diff"),
        ]
        megabytes = max(len(old.encode()), len(new.encode())) / 1e6
        for number, (step, args, kind) in enumerate(steps):
            before = f"{home}-{number}"  # the store as it was, for the traced run
            if Path(home).exists():
                shutil.copytree(home, before)
            wall, cpu, peak, code = run(args, home)
            held = traced(args, before if kind == "add" else home) / 1e6
            resident = max(0, peak - base[kind]) / 1000
            fast = min(wall, cpu) < COMMAND_SECONDS
            small = held / megabytes <= MEMORY_TIMES
            outcomes.append(
                Outcome(
                    f"{name} ({megabytes:.1f} MB): {step}",
                    f"{wall:6.2f} s wall {cpu:6.2f} s CPU  traced {held:4.0f} MB "
                    f"({held / megabytes:4.1f}x)  resident +{resident:4.0f} MB "
                    f"({resident / megabytes:4.1f}x)  status {code}",
                    fast and small and code in (0, 1),
                )
            )
    return outcomes


# --- shapes ------------------------------------------------------------------------------


def shapes(size: int) -> list[Outcome]:
    from revtrack import noise
    from revtrack.notes import find_notes
    from revtrack.text import count_words, normalize, sentences

    scrub = noise.scrubber(tuple(noise.compiled(rule.pattern) for rule in noise.BUILTIN))
    made = {
        "a run of spaces": "a" + " " * size + "b\n",
        "a run of tabs": "a" + "\t" * size + "b\n",
        "a run of no-break spaces": "a" + "\u00a0" * size + "b\n",
        "one word": "a" * size + "\n",
        "periods and tabs": "x.\tY" * (size // 4) + "\n",
        "initials": "A. " * (size // 3) + "\n",
        "separators": "· " * (size // 2) + "5 min ago\n",
        "update labels": "Update: " * (size // 8) + "\n",
        "correction labels": "Correction (Aug. 5, 2021): " * (size // 27) + "\n",
        "editor's notes": "Editor's note: " * (size // 15) + "\n",
        "brackets": "(" * size + "\n",
        "bylines": "By Jane Doe | Updated 9:02 a.m. " * (size // 32) + "\n",
        "CJK": "本文已更新" * (size // 5) + "\n",
        "apologies": "Vi beklager feilen. " * (size // 20) + "\n",
        "column sentences": "I tisdagens tidning skrev vi fel. " * (size // 34) + "\n",
        "Korean notices": "본지 5월 3일자 보도. " * (size // 14) + "\n",
        "dots before a letter": "Word. " + "." * size + "(x\n",
        "short lines": "a\n" * (size // 2),
        "other outlets' corrections": "Sprostowanie do artykułu Gazety X\n" * (size // 34),
        "label headings and definitions": "Fe de erratas: usos\nUna fe de erratas es x.\n"
        * (size // 44),
        "empty byline fields": "Erstellt: Aktualisiert:\n" * (size // 24),
    }
    outcomes = []
    for name, text in made.items():
        timings = []
        for label, work in (
            ("normalise", lambda t=text: normalize(t)),
            ("sentences", lambda t=text: sentences(t)),
            ("words", lambda t=text: count_words(t)),
            ("notes", lambda t=text: find_notes(t)),
            ("ignore rules", lambda t=text: [scrub(s.strip()) for s in sentences(t)]),
        ):
            started = time.perf_counter()
            work()
            timings.append((label, time.perf_counter() - started))
        worst = max(seconds for _, seconds in timings)
        figures = "  ".join(f"{label} {seconds:.2f}" for label, seconds in timings)
        outcomes.append(Outcome(f"shape: {name}", f"{figures} s", worst < SHAPE_SECONDS))
    return outcomes


# --- changes ---------------------------------------------------------------------------


def changes(work: Path) -> list[Outcome]:
    """Changes made to find quadratic work in the findings, each a command of its own: a
    sentence of 20,000 words rewritten (each inserted word was checked for a name against the
    text before it), a run of 10,000 dots in a change (a pattern tried the run from each dot),
    and 10,000 notes in a line of labels over three versions (each note was looked for among
    the others, each version's notes weighed each change's words again)."""
    talks = (TALKS / "v1.txt").read_text("utf-8")
    long_old, long_new = (f"The talks {' '.join([w] * 20_000)} went on." for w in ("word", "thing"))
    dots = "budget port.\n\n" + ". " * 10_000
    labels = "Update: " * 12_000
    cases = {
        "a 20,000-word sentence rewritten": [f"{long_old}\n\n{talks}", f"{long_new}\n\n{talks}"],
        "10,000 dots in a change": [talks, f"{talks}\n\n{dots}", f"{talks}\n\n{dots}x Washington"],
        "10,000 notes in three versions": [
            f"{talks}\n\n{labels}",
            f"{talks}\n\nThe talks went on.\n\n{labels}",
            f"{talks}\n\nThe talks went on.",
        ],
    }
    outcomes = []
    for name, versions in cases.items():
        home = str(work / "changes" / name.replace(" ", "-"))
        seconds = cpu = 0.0
        for number, text in enumerate(versions, 1):
            path = Path(home) / f"v{number}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            wall, used, _, _ = run(["add", "case", str(path), "--force"], home)
            seconds, cpu = seconds + wall, cpu + used
        wall, used, _, _ = run(["notes", "case", "--json"], home)
        seconds, cpu = seconds + wall, cpu + used
        passed = min(seconds, cpu) < CHANGE_SECONDS
        outcomes.append(Outcome(f"changes: {name}", f"{seconds:.1f} s ({cpu:.1f} s CPU)", passed))
    return outcomes


# --- pages -------------------------------------------------------------------------------


def pages(size: int) -> dict[str, str]:
    rng = random.Random(6)

    def para() -> str:
        return " ".join(sentence(rng) for _ in range(4))

    def fill(make: Callable[[], str]) -> str:
        parts, length = [], 0
        while length < size:
            parts.append(make())
            length += len(parts[-1])
        return "".join(parts)

    def page(body: str, head: str = "", date: str = "Feb. 30, 2024") -> str:
        return (
            f"<!doctype html><html><head><title>Harbor talks</title>{head}</head><body>"
            f"<article><h1>Harbor talks resume</h1><p class='byline'>By Jane Doe | {date}</p>"
            f"{body}</article></body></html>"
        )

    small = "".join(f"<p>{para()}</p>" for _ in range(20))
    return {
        "Feb. 30 (small page)": page(small),
        "Feb. 28 (small page)": page(small, date="Feb. 28, 2024"),
        "paragraphs": page(fill(lambda: f"<p>{para()}</p>\n")),
        "impossible dates": page(
            fill(lambda: f"<p>On Feb. 30, 2024 and 31/31/2024 at 25:61 the {para()}</p>\n")
        ),
        "time stamps": page(
            fill(lambda: f"<p>Updated {rng.randint(1, 28)} Jan. 2024, 10:15 a.m. ET: {para()}</p>")
        ),
        "one paragraph": page("<p>" + fill(para) + "</p>"),
        "table": page(
            "<table>"
            + fill(lambda: f"<tr><td>{rng.randint(1, 9999)}</td><td>{sentence(rng)}</td></tr>")
            + "</table>"
        ),
        "links": page(fill(lambda: f"<p><a href='/a/{rng.random()}'>{sentence(rng)}</a></p>")),
        "notes in boxes": page(
            fill(lambda: f"<p>{para()}</p><aside>Correction (Feb. 30): {sentence(rng)}</aside>")
        ),
        "scripts": page(fill(lambda: f"<script>var x = '{para()}';</script><p>{para()}</p>")),
    }


def extraction(size: int) -> list[Outcome]:
    import trafilatura
    from trafilatura.settings import set_date_params

    from revtrack.errors import RevtrackError
    from revtrack.extract import _modified_date, extract_html
    from revtrack.sources import RawSource

    warm = "<html><body><p>" + "Update: words of a page read to load what it needs. " * 3
    extract_html(RawSource((warm + "</p></body></html>").encode(), "file", "warm.html"))
    outcomes = []
    for name, html in pages(size).items():
        data = html.encode()
        started = time.perf_counter()
        trafilatura.extract_metadata(html, date_config=set_date_params(extensive=False))
        _modified_date(html)
        dates = time.perf_counter() - started
        started = time.perf_counter()
        with contextlib.suppress(RevtrackError):
            extract_html(RawSource(data, "url", name))
        whole = time.perf_counter() - started
        outcomes.append(
            Outcome(
                f"page: {name} ({len(data) / 1e6:.2f} MB)",
                f"dates {dates:5.2f} s   whole extraction {whole:5.2f} s",
                dates < DATE_SECONDS,
            )
        )
    return outcomes


# --- a catastrophic pattern ---------------------------------------------------------------


def pattern(work: Path) -> list[Outcome]:
    home = str(work / "pattern")
    first, second = work / "pattern-1.txt", work / "pattern-2.txt"
    first.write_text("The council met on Tuesday to vote on the budget.\n\n" + "a" * 40 + "b\n")
    second.write_text(
        "The council met on Tuesday to vote on the new budget.\n\n" + "a" * 40 + "c\n"
    )
    run(["add", "pattern", str(first)], home)
    run(["add", "pattern", str(second)], home)
    wall, cpu, _peak, code = run(["diff", "pattern", "--ignore", "(a|aa)+$"], home)
    return [
        Outcome(
            "pattern: diff --ignore '(a|aa)+$'",
            f"{wall:6.2f} s wall {cpu:6.2f} s CPU  status {code}",
            code == 2 and min(wall, cpu) < PATTERN_SECONDS,
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 MB texts instead of 10 MB")
    parser.add_argument(
        "--only",
        choices=["commands", "shapes", "changes", "pages", "pattern"],
        help="one part alone",
    )
    args = parser.parse_args()
    size = 2_000_000 if args.quick else 10_000_000
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    results: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        parts: dict[str, Callable[[], list[Outcome]]] = {
            "pattern": lambda: pattern(work),
            "shapes": lambda: shapes(1_000_000),
            "changes": lambda: changes(work),
            "pages": lambda: extraction(2_000_000),
            "commands": lambda: commands(size, work),
        }
        for part, measure in parts.items():
            if args.only not in (None, part):
                continue
            for outcome in measure():
                results.append(outcome)
                verdict = "PASS" if outcome.passed else "FAIL"
                print(f"{verdict}  {outcome.what:44} {outcome.figures}", flush=True)
    failed = [r for r in results if not r.passed]
    print(f"\n{len(results) - len(failed)} of {len(results)} targets met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
