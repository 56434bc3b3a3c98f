"""Hostile input through the commands: a quick part of ``bench/fuzz_bench.py``, as properties.

Whatever the input (bytes that are not text, escapes, markup, note-like lines in odd shapes,
odd names, revisions, patterns, times and sizes), no command ends with an internal error; a
failure is one line on stderr with a documented status; JSON reads and fits its schema; an
HTML report holds nothing live from the article; and an ``add`` stores exactly one version
when it says so, none otherwise. The checks are the fuzzer's own (``fuzz_bench``); the first
test holds them to catching what they must.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from itertools import count
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT, Run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revtrack.errors import ExitStatus

sys.path.insert(0, str(ROOT / "bench"))
import fuzz_bench as fuzz

RunFn = Callable[..., Run]
DOCUMENTED = {int(status) for status in ExitStatus} - {int(ExitStatus.INTERNAL_ERROR)}
QUICK = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TALKS = (ARTICLES / "talks" / "v1.txt").read_text(encoding="utf-8")
_stores = count()


def fresh(tmp_path: Path) -> str:
    """A store of its own for one example (the test's fixtures are made once per test)."""
    return str(tmp_path / f"store{next(_stores)}")


def sound(result: Run) -> Run:
    """The properties of every run: no internal error, a documented status, and a failure
    said in one line on stderr."""
    assert result.code in DOCUMENTED, result
    assert "Traceback" not in result.stderr, result
    if result.code == 1:
        assert "--exit-code" in result.args, result
    problem = fuzz.error_lines_problem(result.code, result.stderr)
    assert problem is None, f"{problem}\n{result}"
    assert fuzz.terminal_problem(result.stderr.encode()) is None, result
    return result


def versions(run: RunFn, store: str) -> dict[str, int]:
    listing = sound(run("--store", store, "list", "--json"))
    assert listing.code == 0, listing
    assert fuzz.json_problem(listing.stdout) is None, listing
    return {a["article"]: a["versions"] for a in json.loads(listing.stdout)["articles"]}


# --- hostile material ----------------------------------------------------------------------

pieces = st.sampled_from(
    fuzz.ESCAPES + fuzz.INVISIBLE + fuzz.MARKUP + fuzz.INJECTION + fuzz.UNICODE
)
note_lines = st.sampled_from([line[:2000] for line in fuzz.NOTE_LINES])
paragraphs = st.lists(
    st.one_of(
        st.sampled_from(TALKS.split("\n\n")[:12]),
        pieces,
        note_lines,
        st.text(min_size=1, max_size=80),
    ),
    min_size=1,
    max_size=8,
)
texts = paragraphs.map("\n\n".join)
raw = st.one_of(
    texts.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
    texts.map(lambda text: b"\xff\xfe" + text.encode("utf-8", "surrogatepass") + b"\x80"),
)


def test_the_checks_catch_what_they_must() -> None:
    """Each check of the properties fails on what it is there to catch."""
    page = '<meta http-equiv="Content-Security-Policy" content="{}"><p>x</p>'
    assert fuzz.html_problem(page.format(fuzz.POLICY)) is None
    for live in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe>",
                 '<a href="javascript:alert(1)">x</a>', "<object>", "<p onclick=x>"]:  # fmt: skip
        assert fuzz.html_problem(page.format(fuzz.POLICY) + live) is not None, live
    assert fuzz.html_problem("<p>x</p>") is not None  # no policy
    assert fuzz.markdown_problem("[x](https://evil.example/)") is not None
    assert fuzz.markdown_problem("<script>alert(1)</script>") is not None
    assert fuzz.markdown_problem("\\[x\\](y) \\<b\\>") is None
    assert fuzz.json_problem('{"schema": "revtrack.list/1"') is not None
    assert fuzz.json_problem('{"schema": "revtrack.list/1", "articles": 3}') is not None
    assert fuzz.json_problem('{"schema": "revtrack.list/1", "articles": []}') is None
    assert fuzz.terminal_problem(b"\x1b[1;31mred\x1b[0m") is None
    for raw_control in [b"\x1b]0;title\x07", b"\x1b[2J", b"\x07", "\u202e".encode(), b"\xc2\x9b"]:
        assert fuzz.terminal_problem(raw_control) is not None, raw_control
    assert fuzz.error_lines_problem(3, "Error: x\n") is None
    assert fuzz.error_lines_problem(3, "Error: a\nb\n") is not None
    assert fuzz.error_lines_problem(3, "") is not None


@QUICK
@given(first=raw, second=raw, as_text=st.booleans(), as_json=st.booleans())
def test_an_add_stores_one_version_when_it_says_so_and_none_otherwise(
    run: RunFn, tmp_path: Path, first: bytes, second: bytes, as_text: bool, as_json: bool
) -> None:
    store = fresh(tmp_path)
    expected = 0
    for data in (first, second, second):
        args = ["--store", store, "add", "talks", "-", *(["--text"] if as_text else [])]
        result = sound(run(*args, *(["--json"] if as_json else []), input=data))
        stored = result.code == 0 and bool(result.stdout.strip())
        if as_json and result.code == 0:
            assert fuzz.json_problem(result.stdout) is None, result
            stored = json.loads(result.stdout)["status"] == "added"
        expected += stored
        assert versions(run, store).get("talks", 0) == expected, result
        if stored:
            number = json.loads(result.stdout)["version"]["number"] if as_json else None
            shown = re.match(r"talks@(\d+)", result.stdout)
            assert (number or int(shown.group(1) if shown else 0)) == expected, result


@QUICK
@given(old=texts, new=texts, stat=st.booleans())
def test_reports_hold_no_live_content_and_read_as_json(
    run: RunFn, tmp_path: Path, old: str, new: str, stat: bool
) -> None:
    store = fresh(tmp_path)
    for text, moment in ((old + "\n\n<script>alert(1)</script>", "2021-08-18"), (new, None)):
        at = ["--at", moment] if moment else []
        added = sound(run("--store", store, "add", "story", "-", "--text", *at, input=text))
        if added.code != 0:
            return  # (an empty text, say: said in one line, checked above)
    more = ["--stat"] if stat else []
    page = sound(run("--store", store, "diff", "story", "@1", "-f", "html", *more))
    if page.code == ExitStatus.NOT_FOUND:  # the second text was the first one again
        return
    assert page.code == 0, page
    assert fuzz.html_problem(page.stdout) is None, page.stdout
    mail = sound(run("--store", store, "diff", "story", "@1", "-f", "markdown", *more))
    assert fuzz.markdown_problem(mail.stdout) is None, mail.stdout
    for args in (["diff", "story", "@1", "--json", *more], ["log", "story", "--json"],
                 ["notes", "story", "--json"], ["show", "story@1", "--json"]):  # fmt: skip
        result = sound(run("--store", store, *args))
        assert result.code == 0 and fuzz.json_problem(result.stdout) is None, result
    coloured = sound(run("--store", store, "diff", "story", "@1", "--color", "always"))
    assert fuzz.terminal_problem(coloured.stdout.encode()) is None, coloured.stdout
    shown = sound(run("--store", store, "notes", "story", "--explain", "--color", "always"))
    assert fuzz.terminal_problem(shown.stdout.encode()) is None, shown.stdout


arguments = st.one_of(st.sampled_from(fuzz.NAMES), st.text(max_size=30))


@QUICK
@given(
    name=arguments,
    revision=st.one_of(st.sampled_from(fuzz.REVISIONS), st.text(max_size=12).map("@".__add__)),
    pattern=st.one_of(st.sampled_from(fuzz.PATTERNS), st.text(max_size=20)),
    moment=st.one_of(st.sampled_from(fuzz.TIMES), st.text(max_size=25)),
    size=st.one_of(st.sampled_from(fuzz.SIZES), st.text(max_size=10)),
    duration=st.one_of(st.sampled_from(fuzz.DURATIONS), st.text(max_size=10)),
    encoding=st.sampled_from(fuzz.ENCODINGS),
)
def test_odd_arguments_are_one_line_errors_or_work(
    run: RunFn,
    tmp_path: Path,
    name: str,
    revision: str,
    pattern: str,
    moment: str,
    size: str,
    duration: str,
    encoding: str,
) -> None:
    store = fresh(tmp_path)
    base = ["--store", store]
    sound(run(*base, "add", "talks", "-", "--at", "2021-08-18", input=TALKS))
    sound(run(*base, "add", "talks", "-", input=TALKS + "\nThe talks went on.\n"))
    before = versions(run, store)
    added = sound(run(*base, "add", name, "-", "--at", moment, "--max-size", size,
                      "--encoding", encoding, "--tolerance", duration, input=TALKS))  # fmt: skip
    after = versions(run, store)
    assert sum(after.values()) - sum(before.values()) == (added.code == 0 and bool(added.stdout))
    for args in (
        ["show", "talks" + revision],
        ["diff", "talks", "--", revision],
        ["diff", "talks", "--ignore", pattern, "-f", "json"],
        ["log", name, "--tolerance", duration],
        ["ignore", "add", pattern, "--site", name],
    ):
        result = sound(run(*base, *args))
        if result.code == 0 and "json" in args:
            assert fuzz.json_problem(result.stdout) is None, result


# --- what the fuzzer found -----------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        "(?u)(?a)x",  # flags that exclude each other: a ValueError, not regex.error
        "(?V1)[[a-z]--[aeiou]]",  # VERSION1 against the rules' VERSION0
        "(" * 1000,  # nested deeper than the parser recurses
        "\udcff",  # an argument that was not UTF-8
        "x" * 5000,  # a literal whose search the regex module prepares in cubic time
    ],
)
def test_an_ignore_pattern_that_cannot_be_used_is_a_usage_error(run: RunFn, pattern: str) -> None:
    for args in (["ignore", "add", pattern], ["diff", "talks", "--ignore", pattern]):
        result = sound(run(*args))
        assert result.code == ExitStatus.USAGE, result
    assert "no saved rules" in run("ignore", "list").stdout


def test_a_pattern_that_calls_itself_stops_the_diff_in_one_line(run: RunFn) -> None:
    run("add", "talks", "-", "--at", "2021-08-18", input=TALKS)
    run("add", "talks", "-", input=TALKS + "\nThe talks went on.\n")
    result = sound(run("diff", "talks", "--ignore", "(?R)"))
    # Which limit it meets first, memory or time, depends on the machine; either is one line.
    assert result.code == ExitStatus.USAGE, result
    assert "ran out of memory" in result.stderr or "took over 1 s" in result.stderr, result


@pytest.mark.parametrize(
    "source", ["\x1b]0;title\x07.txt", "new\nline.txt", "\u202eevil.txt", "\x9b31m.txt"]
)
def test_an_error_quoting_a_hostile_file_name_is_one_escaped_line(
    run: RunFn, tmp_path: Path, source: str
) -> None:
    missing = sound(run("add", "talks", str(tmp_path / source)))
    assert missing.code == ExitStatus.INPUT_ERROR and "no such file" in missing.stderr, missing
    (tmp_path / source).write_bytes(b"binary \x00 bytes")
    binary = sound(run("add", "talks", str(tmp_path / source)))
    assert binary.code == ExitStatus.INPUT_ERROR, binary
    unwritable = sound(run("diff", "talks", "-o", str(tmp_path / "no" / source)))
    assert unwritable.code != 0, unwritable


def test_a_message_quoting_an_escape_is_one_escaped_line(run: RunFn) -> None:
    added = sound(run("ignore", "add", "\x1b\\]0;title\x07|\u202e|\n"))
    assert added.code == 0 and "\\u001b" in added.stderr and "\\u000a" in added.stderr, added
    assert sound(run("ignore", "rm", "1")).code == 0


def test_json_escapes_what_a_terminal_would_act_on(run: RunFn) -> None:
    text = "C1 \x9b31m and \x9d0;title\x9c, bidi \u202eevil\u202c and \u2066isolates\u2069.\n"
    run("add", "talks", "-", input=text)
    shown = sound(run("show", "talks", "--json"))
    assert fuzz.terminal_problem(shown.stdout.encode()) is None, shown.stdout
    assert "\\u009b" in shown.stdout and json.loads(shown.stdout)["text"] == text


def test_an_encoding_that_fails_without_a_position_is_an_input_error(run: RunFn) -> None:
    result = sound(run("add", "talks", "-", "--encoding", "punycode", input="a b\u00e9 c\n"))
    assert result.code == ExitStatus.INPUT_ERROR and "not valid punycode" in result.stderr, result


def test_a_store_url_that_urlsplit_refuses_is_a_store_error(run: RunFn) -> None:
    for url in ("postgresql://u:secret@[::1/news", "postgresql://\x1b[31m@/x"):
        result = sound(run("--store", url, "list"))
        assert result.code == ExitStatus.STORE_ERROR and "secret" not in result.stderr, result


def test_a_revision_padded_with_thousands_of_zeros_is_read(run: RunFn) -> None:
    run("add", "talks", "-", input=TALKS)
    assert run("show", "talks@" + "0" * 5000 + "1").stdout == TALKS
    assert run("diff", "talks", "@-" + "0" * 5000 + "1", "--stat").code == 0
    assert sound(run("show", "talks@" + "0" * 5000)).code == ExitStatus.USAGE


def test_a_long_rewritten_passage_is_judged(run: RunFn) -> None:
    """A sentence of 20,000 words rewritten (each inserted word was once checked for a name
    against the whole text before it: `bench/hostile_bench.py --only changes` times it)."""
    old, new = (f"The talks {' '.join([word] * 20_000)} went on." for word in ("word", "thing"))
    run("add", "long", "-", "--at", "2021-08-18", input=f"{old}\n\n{TALKS}")
    result = sound(run("add", "long", "-", input=f"{new}\n\n{TALKS}"))
    assert result.stdout.startswith("long@2  +20,000 -20,000 words"), result


def test_a_run_of_punctuation_is_read_for_names() -> None:
    """Dots without a word after them, in a change (a pattern for a word with what precedes
    it once tried the whole run from each dot: `bench/hostile_bench.py --only changes`)."""
    from revtrack.severity import _named

    assert not _named("budget port.\n\n" + ". " * 10_000, "the city council ")
    assert _named("budget port.\n\n" + ". " * 10_000 + "x Washington", "the city council ")


def test_a_history_of_ten_thousand_notes_is_followed(run: RunFn) -> None:
    """As many notes as a text is read for (a line of labels; each note was once looked for
    among the others: `bench/hostile_bench.py --only changes` times it)."""
    labels = "Update: " * 12_000
    for text in (f"{TALKS}\n\n{labels}", f"{TALKS}\n\nThe talks went on.\n\n{labels}",
                 f"{TALKS}\n\nThe talks went on."):  # fmt: skip
        assert sound(run("add", "many", "-", "--force", input=text)).code == 0
    notes = sound(run("notes", "many", "--json"))
    assert len(json.loads(notes.stdout)["notes"]) == 10_000


def test_sentence_starts_read_from_the_end_as_the_pattern_read_them() -> None:
    from revtrack.severity import _sentence_start

    pattern = re.compile(r"(?:^|[.!?:;…]['\"”’»)\]]*)\s*['\"“‘«„(\[]*$")
    alphabet = ".!?:;…'\"”’»)]“‘«„([ \t\n\u00a0ax1-"

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=8))
    def same(text: str) -> None:
        assert _sentence_start(text) == bool(pattern.search(text)), repr(text)

    same()
