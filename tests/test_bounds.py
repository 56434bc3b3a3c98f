"""Bounded work on hostile input, and every error in one line with its documented status.

Hostile texts here are sized so that the quadratic work they once caused would take minutes;
they are checked for what they give, never timed (``bench/hostile_bench.py`` times them)."""

from __future__ import annotations

import os
import random
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import regex
from conftest import ARTICLES, Run

from revtrack import noise
from revtrack.errors import ExitStatus
from revtrack.extract import extract_html
from revtrack.models import Op
from revtrack.notes import find_notes
from revtrack.sequences import MINIMAL_ITEMS, _encode, _runs, diff_sequences
from revtrack.sources import RawSource
from revtrack.text import LONGEST_PARAGRAPH, count_words, normalize, sentences, words

RunFn = Callable[..., Run]
TALKS = ARTICLES / "talks"


def one_line(result: Run, status: ExitStatus, *fragments: str) -> str:
    """The one line of an error, checked: its status, ``Error:``, no traceback."""
    assert result.code == status, result
    assert "Traceback" not in result.stderr, result
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: "), result
    for fragment in fragments:
        assert fragment in line, result
    return line


@pytest.fixture
def talks(run: RunFn) -> None:
    for number in (1, 2):
        at = f"2025-01-02T0{number}:00-05:00"
        assert run("add", "talks", str(TALKS / f"v{number}.txt"), "--at", at).code == 0


# --- usage errors: one line ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["diff", "talks", "--frobnicate"], "No such option '--frobnicate'"),
        (["diff"], "Missing argument 'ARTICLE'"),
        (["diff", "talks", "--by", "letter"], "'letter' is not one of"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (["--store"], "requires an argument"),
        (["log", "talks", "--min-severity", "huge"], "'huge' is not one of"),
        (["ignore", "frobnicate"], "No such command 'frobnicate'"),
        ([], "no command given"),
        (["ignore"], "no command given"),
    ],
)
def test_a_usage_error_is_one_line_that_points_to_the_help(
    run: RunFn, args: list[str], words: str
) -> None:
    line = one_line(run(*args), ExitStatus.USAGE, words, "--help)")
    assert "Usage:" not in line


# --- revisions, times and numbers of any length -------------------------------------------

HUGE = "7" * 5000


@pytest.mark.usefixtures("talks")
@pytest.mark.parametrize(
    "args",
    [
        ["show", f"talks@{HUGE}"],
        ["show", f"talks@-{HUGE}"],
        ["diff", "talks", "@1", f"@{HUGE}"],
        ["diff", f"talks@{HUGE}"],
        ["show", "talks@1234567890123456789"],
    ],
)
def test_a_revision_of_any_length_is_a_one_line_usage_error(run: RunFn, args: list[str]) -> None:
    line = one_line(run(*args), ExitStatus.USAGE, "is out of range")
    assert len(line) < 300


@pytest.mark.usefixtures("talks")
def test_a_revision_that_fits_but_does_not_exist_is_not_found(run: RunFn) -> None:
    one_line(run("show", "talks@123456789012345678"), ExitStatus.NOT_FOUND, "does not exist")
    assert run("show", "talks@-000000000000000000002").code == 0  # leading zeros are no digits


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("0001-01-01T00:00+14:00", "out of range"),
        ("0001-01-01T00:00", "out of range"),
        ("1899-12-31T23:59Z", "out of range"),
        ("9999-12-31T23:59-05:00", "in the future"),
        ("9999-12-31T23:59:59", "in the future"),
        (HUGE, "invalid time"),
    ],
)
def test_a_time_at_the_ends_of_the_calendar_is_a_one_line_usage_error(
    run: RunFn, at: str, words: str
) -> None:
    result = run("add", "talks", str(TALKS / "v1.txt"), "--at", at)
    assert len(one_line(result, ExitStatus.USAGE, words)) < 300


def test_the_earliest_time_is_kept_and_shown(run: RunFn) -> None:
    assert run("add", "talks", str(TALKS / "v1.txt"), "--at", "1900-01-01T00:00Z").code == 0
    assert run("add", "talks", str(TALKS / "v2.txt"), "--at", "1900-01-02T00:00Z").code == 0
    for command in ("log", "notes", "diff"):
        assert run(command, "talks").code == 0, command


@pytest.mark.parametrize(
    "args",
    [
        ["log", "talks", "--tolerance", HUGE],
        ["log", "talks", "--tolerance", "99999999999999999999"],
        ["log", "talks", "--tolerance", "nan"],
        ["add", "talks", "-", "--max-size", HUGE],
        ["add", "talks", "-", "--max-size", f"{HUGE}.5kB"],
        ["refresh", "--lease", HUGE],
        ["refresh", "--floor", "99999999999999999999"],
        ["refresh", "--delay", "nan"],
        ["refresh", "--delay", "1e400"],
        ["ignore", "rm", "99999999999999999999"],
    ],
)
def test_a_number_of_any_size_is_a_one_line_usage_error(run: RunFn, args: list[str]) -> None:
    assert len(one_line(run(*args, input=b"Text.\n"), ExitStatus.USAGE)) < 300


# --- output that cannot be written ---------------------------------------------------------

FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(
    not FULL.exists() or not stat.S_ISCHR(FULL.stat().st_mode), reason="no /dev/full here"
)


@needs_dev_full
@pytest.mark.usefixtures("talks")
def test_output_to_a_full_device_is_an_input_output_error(run: RunFn) -> None:
    one_line(run("diff", "talks", "-o", str(FULL)), ExitStatus.INPUT_ERROR, "No space left")
    assert stat.S_ISCHR(FULL.stat().st_mode)  # written to, never replaced


@pytest.mark.usefixtures("talks")
def test_output_to_a_pipe_is_written_to_it(run: RunFn, tmp_path: Path) -> None:
    fifo = tmp_path / "report"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("diff", "talks", "-o", str(fifo), "--format", "markdown")
    reader.join(10)
    assert result.code == 0, result
    assert b"talks" in received[0] and stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.usefixtures("talks")
def test_output_in_a_directory_that_does_not_exist_is_an_input_output_error(
    run: RunFn, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "talks.html"
    one_line(run("diff", "talks", "-o", str(target)), ExitStatus.INPUT_ERROR, "cannot write")
    assert not target.parent.exists()


@needs_dev_full
@pytest.mark.usefixtures("talks")
@pytest.mark.parametrize("args", [["show", "talks"], ["log", "talks", "--json"], ["--help"]])
def test_a_full_standard_output_is_an_input_output_error(args: list[str], isolated: Path) -> None:
    env = dict(os.environ, REVTRACK_HOME=str(isolated))
    with FULL.open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "revtrack", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
        )
    assert result.returncode == ExitStatus.INPUT_ERROR, result.stderr
    assert result.stderr == "Error: cannot write standard output: No space left on device\n"


# --- user patterns under a time limit ------------------------------------------------------

SLOW = "(a|aa)+$"


@pytest.fixture
def bait(run: RunFn) -> None:
    """Two versions with a line that makes the pattern ``SLOW`` backtrack without end."""
    for number, end in ((1, "b"), (2, "c")):
        text = f"The council met on day {number} to vote on the budget.\n\n{'a' * 40}{end}\n"
        assert run("add", "bait", "-", input=text.encode()).code == 0


@pytest.mark.usefixtures("bait")
def test_a_saved_rule_that_backtracks_stops_log_in_one_line(run: RunFn) -> None:
    assert run("ignore", "add", SLOW, "--article", "bait").code == 0
    one_line(run("log", "bait"), ExitStatus.USAGE, f"'{SLOW}' took over 1 s")


@pytest.mark.usefixtures("bait")
def test_a_saved_rule_that_backtracks_stops_add_which_says_what_it_stored(run: RunFn) -> None:
    assert run("ignore", "add", SLOW, "--article", "bait").code == 0
    text = b"The council met again to vote on the budget.\n\n" + b"a" * 40 + b"d\n"
    one_line(run("add", "bait", "-", input=text), ExitStatus.USAGE, "bait@3 was stored, but")
    assert run("ignore", "rm", "1").code == 0
    assert "@3" in run("log", "bait").stdout


def test_the_builtins_match_alike_in_either_engine() -> None:
    """The built-ins run in the standard ``re`` module; they match as in ``regex``."""
    from test_noise import MATCHES, NOTES, PROSE

    texts = [line for lines in MATCHES.values() for line in lines] + NOTES + PROSE
    texts += ["By Jane Doe · 3 hours ago", "Politics | 10 min ago", "Il y a 2 heures · Paris"]
    texts += ["İL Y A 2 HEURES", "a" + " " * 5000 + "5 min ago", "· " * 5000 + "· 1h ago"]
    for rule in noise.BUILTIN:
        fast, checked = noise.compiled(rule.pattern), noise.compile_rule(rule.pattern)
        assert not isinstance(fast, regex.Pattern)
        for text in texts:
            assert noise.scrub((fast,), text) == checked.sub("", text), (rule.name, text)


def test_matching_names_the_rules_that_removed_something() -> None:
    rules = noise.applicable((), "talks", None, frozenset())
    text = "The mayor spoke.\n\n3 hours ago\n\n12 comments\n"
    assert [r.name for r in noise.matching(rules, [text])] == ["relative-time", "counts"]
    assert noise.matching(rules, ["Nothing to see here.\n"]) == ()


# --- hostile texts: the answers of bounded work --------------------------------------------


def test_long_runs_of_spaces_are_normalised() -> None:
    text = "a" + " " * 200_000 + "b" + " \t" * 100_000 + "\n"
    assert normalize(text) == "a" + " " * 200_000 + "b\n"


def test_a_line_of_periods_and_tabs_is_split_whole() -> None:
    text = "x.\tY" * 50_000 + "\n" + "Talks end. They resume." * 20_000
    assert "".join(sentences(text)) == text
    assert len(sentences(text)) > 20_000


def test_the_relative_time_rule_reads_long_runs() -> None:
    relative = noise.compiled(noise.RELATIVE_TIME)
    spaced = "By Jane Doe" + " " * 300_000 + "· 3 hours ago"
    assert noise.scrub((relative,), spaced) == "By Jane Doe"
    assert noise.scrub((relative,), "a" + " " * 300_000 + "b") == "a" + " " * 300_000 + "b"


def test_counting_words_counts_what_words_finds() -> None:
    for text in [
        "",
        "U.S. talks, 10:15 p.m. ET.",
        "Ein Café – déjà vu",
        "北の玄関口 talks",
        "x " * 9,
    ]:
        assert count_words(text) == len(words(text)), text


def test_a_note_in_a_line_longer_than_any_paragraph_is_found_where_it_is() -> None:
    filler = "The harbor board met again and said nothing new about the talks. " * 3000
    note = "Correction (Jan. 2, 2025): An earlier version misstated the number of workers."
    text = filler + note + " " + filler.strip() + "\n"
    assert len(text) > 10 * LONGEST_PARAGRAPH
    (found,) = find_notes(text)
    assert found.kind.value == "correction" and text[found.start : found.end] == found.text
    assert found.text.startswith("Correction (Jan. 2, 2025): An earlier version misstated")


def test_a_text_made_of_labels_gives_notes_in_bounded_numbers() -> None:
    found = find_notes("Update: " * 150_000 + "\n")
    assert 0 < len(found) <= 10_000


def test_an_impossible_date_gives_no_date() -> None:
    body = "".join(f"<p>Paragraph {i} of a story about the harbor talks.</p>" for i in range(20))
    html = (
        "<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1>"
        f"<p class='byline'>By Jane Doe | Feb. 30, 2024</p>{body}</article></body></html>"
    )
    snapshot = extract_html(RawSource(html.encode(), "file", "talks.html"))
    assert "published" not in snapshot.metadata
    dated = html.replace(
        "<title>", "<meta property='article:published_time' content='2024-02-28T10:00:00Z'><title>"
    )
    assert extract_html(RawSource(dated.encode(), "file", "talks.html")).metadata["published"] == (
        "2024-02-28"
    )


# --- long sequences: near-minimal diffs in bounded work ------------------------------------


def rebuilt(old: list[str], new: list[str], runs: list[tuple[Op, int]]) -> bool:
    i = j = 0
    for op, count in runs:
        if op is Op.EQUAL:
            if old[i : i + count] != new[j : j + count]:
                return False
            i, j = i + count, j + count
        elif op is Op.DELETE:
            i += count
        else:
            j += count
    return (i, j) == (len(old), len(new))


def changed(runs: list[tuple[Op, int]]) -> int:
    return sum(count for op, count in runs if op is not Op.EQUAL)


def test_long_sequences_that_differ_little_get_a_minimal_diff() -> None:
    rng = random.Random(1)
    old = [f"sentence {rng.random()}" for _ in range(40_000)]
    new = list(old)
    for k in range(100):
        new[rng.randrange(len(new))] = f"edited {k}"
    del new[5000:5100]
    runs = diff_sequences(old, new)
    assert rebuilt(old, new, runs)
    table: dict[str, str] = {}
    assert changed(runs) == changed(_runs(_encode(old, table), _encode(new, table)))


@pytest.mark.parametrize("shape", ["disjoint", "shuffled", "half", "two words"])
def test_long_sequences_that_share_little_get_a_correct_diff(shape: str) -> None:
    rng = random.Random(2)
    size = 2 * MINIMAL_ITEMS
    old = [f"a {rng.random()}" for _ in range(size)]
    if shape == "disjoint":
        new = [f"b {rng.random()}" for _ in range(size)]
    elif shape == "shuffled":
        new = rng.sample(old, len(old))
    elif shape == "half":
        new = [x if rng.random() < 0.5 else x + "!" for x in old]
    else:
        old = [rng.choice("xy") for _ in range(size)]
        new = [rng.choice("xy") for _ in range(size)]
    runs = diff_sequences(old, new)
    assert rebuilt(old, new, runs)
    assert changed(runs) <= len(old) + len(new)


def test_short_sequences_are_diffed_as_before() -> None:
    rng = random.Random(3)
    for _ in range(20):
        old = [rng.choice("abcdefgh") for _ in range(rng.randrange(200))]
        new = [rng.choice("abcdefgh") for _ in range(rng.randrange(200))]
        table: dict[str, str] = {}
        assert diff_sequences(old, new) == _runs(_encode(old, table), _encode(new, table))


@pytest.mark.parametrize("rev", ["٣", "-١", "３", "1٣"])
def test_a_revision_in_other_digits_than_ascii_is_a_usage_error(run: RunFn, rev: str) -> None:
    assert run("add", "talks", "-", input=b"The council met on Tuesday to vote.\n").code == 0
    result = run("show", f"talks@{rev}")
    assert result.code == ExitStatus.USAGE, result
    assert result.stderr.count("\n") == 1 and "malformed revision" in result.stderr
