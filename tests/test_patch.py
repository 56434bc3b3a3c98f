"""The patch format: a unified diff that GNU patch and git apply turn the old text into the
new one with, byte for byte; and its --stat summary, in the shape of git's."""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NoReturn

import pytest
from conftest import ARTICLES, article_versions
from factories import fixture_report, text_report, version
from golden import check_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import revtrack.sequences as engine
from revtrack.models import (
    ChangeReport,
    Finding,
    FindingKind,
    Note,
    NoteKind,
)
from revtrack.render import RenderOptions
from revtrack.render.patch import file_name, write_report
from revtrack.report import build_report
from revtrack.sequences import TooManyUnits
from revtrack.text import split_lines

PATCH = shutil.which("patch") or "/usr/bin/patch"
GIT = shutil.which("git") or "/usr/bin/git"
DIFF = shutil.which("diff") or "/usr/bin/diff"
#: git without the user's or the system's configuration.
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "revtrack",
    "GIT_AUTHOR_EMAIL": "revtrack@example.org",
    "GIT_COMMITTER_NAME": "revtrack",
    "GIT_COMMITTER_EMAIL": "revtrack@example.org",
}


# --- building reports --------------------------------------------------------------------


def render(report: ChangeReport, *, stat: bool = False, utc: bool = False) -> str:
    out = io.StringIO()
    write_report(report, RenderOptions(stat=stat, utc=utc), out)
    return out.getvalue()


# --- applying patches --------------------------------------------------------------------


def apply_with_patch(root: Path, article: str, old: str, patch: str) -> bytes:
    """Run GNU patch on a file named after the article holding ``old``; its new bytes.

    Patch must say nothing but ``patching file NAME`` (nothing at all for an empty patch): no
    offset, fuzz, garbage or reversed-patch remarks.
    """
    work, patch_file = _setup(root, article, old, patch)
    result = subprocess.run(
        [PATCH, "-p1", "--no-backup-if-mismatch", "-i", str(patch_file)],
        cwd=work,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # no terminal to ask questions on
        timeout=60,
    )
    said = result.stdout.decode(errors="replace")
    assert result.returncode == 0, f"patch failed:\n{said}{result.stderr.decode()}\n{patch}"
    assert result.stderr == b""
    if patch:
        assert said.startswith("patching file ") and said.count("\n") == 1, said
    else:
        assert said == ""
    assert sorted(p.name for p in work.iterdir()) == [file_name(article)]  # no .rej, .orig
    return (work / file_name(article)).read_bytes()


def apply_with_git(root: Path, article: str, old: str, patch: str) -> bytes:
    """Run ``git apply`` in a new repository holding a file named after the article."""
    work, patch_file = _setup(root, article, old, patch)
    subprocess.run([GIT, "init", "-q"], cwd=work, env=GIT_ENV, check=True)
    result = subprocess.run(
        # the whitespace warnings would be about the article's text, not the patch
        [GIT, "apply", "--whitespace=nowarn", str(patch_file)],
        cwd=work,
        env=GIT_ENV,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, f"git apply failed:\n{result.stderr.decode()}\n{patch}"
    assert result.stdout == result.stderr == b""
    return (work / file_name(article)).read_bytes()


def _setup(root: Path, article: str, old: str, patch: str) -> tuple[Path, Path]:
    work = root / "work"
    work.mkdir(parents=True)
    (work / file_name(article)).write_bytes(old.encode())
    patch_file = root / "change.patch"
    patch_file.write_bytes(patch.encode())
    return work, patch_file


def hunks(patch: str) -> str:
    """A patch from its first hunk on: what ``diff -u`` output is compared by."""
    return patch[patch.index("\n@@ ") + 1 :]


def diff_u(root: Path, old: str, new: str) -> str:
    """GNU diff's minimal unified diff of two texts, from its first hunk on."""
    (root / "old").write_bytes(old.encode())
    (root / "new").write_bytes(new.encode())
    result = subprocess.run(
        [DIFF, "-u", "-a", "-d", "old", "new"], cwd=root, capture_output=True, timeout=60
    )
    assert result.returncode == 1, result.stderr
    return hunks("\n" + result.stdout.decode())


# --- the fixture articles ----------------------------------------------------------------

PAIRS = [
    (name, a, b)
    for name in sorted(p.name for p in ARTICLES.iterdir() if p.is_dir())
    for a, b in itertools.permutations(range(1, len(article_versions(name)) + 1), 2)
]


@pytest.mark.parametrize(("name", "a", "b"), PAIRS)
def test_fixture_patches_apply_with_patch_and_git(
    name: str, a: int, b: int, tmp_path: Path
) -> None:
    report = fixture_report(name, a, b, lines=True)
    patch = render(report)
    assert patch.count("\n--- a/") == 1
    old, new = report.old.text, report.new.text
    assert apply_with_patch(tmp_path / "patch", name, old, patch) == new.encode()
    assert apply_with_git(tmp_path / "git", name, old, patch) == new.encode()


@pytest.mark.parametrize("name", ["talks", "storm", "recall"])
def test_patch_golden(name: str, request: pytest.FixtureRequest) -> None:
    check_golden(request, f"patch/{name}-1-2.patch", render(fixture_report(name, 1, 2, lines=True)))


def test_stat_golden(request: pytest.FixtureRequest) -> None:
    check_golden(
        request,
        "patch/talks-1-4.stat.txt",
        render(fixture_report("talks", 1, 4, lines=True), stat=True),
    )


def test_header_times_local_or_utc() -> None:
    report = fixture_report("talks", 2, 3, lines=True)
    local = render(report).splitlines()
    assert local[:4] == [
        "revtrack diff talks@2 talks@3",
        "+28 -31 words; sentences: 2 added, 1 deleted, 1 edited, 1 moved; 4.0% changed",
        "--- a/talks\t2025-01-02 12:00:00.000000000 -0500",
        "+++ b/talks\t2025-01-02 15:00:00.000000000 -0500",
    ]
    utc = render(report, utc=True).splitlines()
    assert utc[2:4] == [
        "--- a/talks\t2025-01-02 17:00:00.000000000 +0000",
        "+++ b/talks\t2025-01-02 20:00:00.000000000 +0000",
    ]
    assert local[4:] == utc[4:]


def test_fixture_patches_are_minimal_as_diff_d(tmp_path: Path) -> None:
    """As many lines added and deleted as ``diff --minimal`` finds (where lines could be
    aligned in more than one way, as blank lines can, the hunks may differ)."""
    for name, a, b in PAIRS:
        report = fixture_report(name, a, b, lines=True)
        ours = hunks(render(report)).splitlines()
        theirs = diff_u(tmp_path, report.old.text, report.new.text).splitlines()
        for sign in "+-":
            assert sum(line.startswith(sign) for line in ours) == sum(
                line.startswith(sign) for line in theirs
            ), (name, a, b)


# --- hunks and their headers -------------------------------------------------------------

TEN = "".join(f"line {n}\n" for n in range(1, 11))


@pytest.mark.parametrize(
    ("old", "new", "header"),
    [
        ("a\n", "", "@@ -1 +0,0 @@"),
        ("", "a\nb\n", "@@ -0,0 +1,2 @@"),
        ("", "a", "@@ -0,0 +1 @@"),
        ("a\n", "b\n", "@@ -1 +1 @@"),
        (TEN, TEN.replace("line 5\n", ""), "@@ -2,7 +2,6 @@"),
        (TEN, TEN.replace("line 5\n", "line 5\nnew\n"), "@@ -3,6 +3,7 @@"),
        (TEN, "new\n" + TEN, "@@ -1,3 +1,4 @@"),
        (TEN, TEN + "new\n", "@@ -8,3 +8,4 @@"),
        ("a\nb\n", "b\n", "@@ -1,2 +1 @@"),
    ],
)
def test_hunk_headers(old: str, new: str, header: str, tmp_path: Path) -> None:
    patch = render(text_report(old, new))
    assert [line for line in patch.splitlines() if line.startswith("@@")] == [header]
    assert hunks(patch) == diff_u(tmp_path, old, new)


@pytest.mark.parametrize(("gap", "count"), [(6, 1), (7, 2)])
def test_changes_closer_than_twice_the_context_share_a_hunk(
    gap: int, count: int, tmp_path: Path
) -> None:
    old = "".join(f"line {n}\n" for n in range(30))
    new = old.replace("line 5\n", "five\n").replace(f"line {6 + gap}\n", "later\n")
    patch = render(text_report(old, new))
    assert patch.count("\n@@ ") == count
    assert hunks(patch) == diff_u(tmp_path, old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a\nb", "a\nb\n"),  # a newline added at the end ...
        ("a\nb\n", "a\nb"),  # ... and taken away
        ("a\nb", "a\nc"),  # both without one
        ("a\nb", "x\na\nb"),  # an unchanged last line without one, as context
        ("", "a"),
        ("a", ""),
        ("", "a\n"),
        ("a\n", ""),
    ],
)
def test_missing_final_newline_and_empty_texts(old: str, new: str, tmp_path: Path) -> None:
    patch = render(text_report(old, new))
    assert hunks(patch) == diff_u(tmp_path, old, new)
    assert apply_with_patch(tmp_path / "patch", "talks", old, patch) == new.encode()
    assert apply_with_git(tmp_path / "git", "talks", old, patch) == new.encode()


def test_no_newline_marker_follows_each_side_once() -> None:
    patch = render(text_report("a\nb", "a\nc"))
    assert hunks(patch) == (
        "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
    )
    same_end = render(text_report("a\nb", "x\na\nb"))
    assert same_end.endswith(" b\n\\ No newline at end of file\n")
    assert same_end.count("No newline") == 1


@pytest.mark.parametrize("text", ["", "a\n", "a", "line\r\nother\n"])
def test_identical_texts_give_no_patch(text: str, tmp_path: Path) -> None:
    assert render(text_report(text, text)) == ""
    # as for diff -u: patch takes an empty patch as nothing to do, git apply wants to be told
    assert apply_with_patch(tmp_path, "talks", text, "") == text.encode()


def test_lines_end_at_newline_alone() -> None:
    assert split_lines("") == []
    assert split_lines("\n") == ["\n"]
    assert split_lines("a\r\nb\rc\x0cd\u2028e\x85f\x1c\ng") == [
        "a\r\n",
        "b\rc\x0cd\u2028e\x85f\x1c\n",
        "g",
    ]


def test_lines_with_cr_unicode_and_patch_syntax_apply(tmp_path: Path) -> None:
    old = (
        "--- a/talks\n+++ b/talks\n@@ -1 +1 @@\n\\ No newline at end of file\n"
        "crlf\r\nlone\rcr\n東京 é\u2028 \x1b[2J\x00\nIndex: x\ndiff --git a/x b/x\n"
        + "long " * 20_000
        + "\n"
    )
    new = old.replace("lone\rcr", "lone\r\rcr").replace("long long", "long, long") + "\r"
    patch = render(text_report(old, new))
    assert "\x1b[2J\x00" in patch  # the text itself, not shown escaped
    assert apply_with_patch(tmp_path / "patch", "talks", old, patch) == new.encode()
    assert apply_with_git(tmp_path / "git", "talks", old, patch) == new.encode()
    assert hunks(patch) == diff_u(tmp_path, old, new)


@pytest.mark.parametrize(
    "article",
    [
        "port talks",
        'say "hi"',
        "café 東京",
        "news/talks",
        "..",
        "a\\b",
        "Index: x",
        "1a2",
        "tab\there \x1b[2J \u202e",  # not a name the command line takes; the API does
    ],
)
def test_file_names_from_any_article_name(article: str, tmp_path: Path) -> None:
    name = file_name(article)
    assert "/" not in name and "\\" not in name and '"' not in name and name.strip(".")
    old, new = "one\ntwo\n", "one\n2\n"
    patch = render(text_report(old, new, article=article))
    assert f"\n--- a/{name}\t" in patch and f"\n+++ b/{name}\t" in patch
    head = patch[: patch.index("\n@@ ")]
    assert not any(c in head for c in "\x1b\u202e"), head
    assert head.splitlines()[-2] == f"--- a/{name}\t2025-01-02 09:00:00.000000000 -0500"
    stat = render(text_report(old, new, article=article), stat=True)
    assert not any(c in stat for c in "\t\x1b\u202e"), stat
    assert apply_with_patch(tmp_path / "patch", article, old, patch) == new.encode()
    assert apply_with_git(tmp_path / "git", article, old, patch) == new.encode()


@pytest.mark.parametrize("utc", [True, False])
@pytest.mark.parametrize("hours", [0, -3])
def test_observed_at_the_epoch_is_not_a_missing_file(utc: bool, hours: int, tmp_path: Path) -> None:
    """Both tools take a file dated at the epoch for one that does not exist."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(hours=hours)
    old, new = "one\ntwo\n", "one\n2\n"
    report = build_report(
        version(old, 1, at=epoch), version(new, 2, at=epoch + timedelta(hours=3)), lines=True
    )
    patch = render(report, utc=utc)
    assert apply_with_patch(tmp_path / "patch", "talks", old, patch) == new.encode()
    assert apply_with_git(tmp_path / "git", "talks", old, patch) == new.encode()


def test_too_many_distinct_lines_still_give_a_patch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def too_many(old: Sequence[str], new: Sequence[str]) -> NoReturn:
        raise TooManyUnits

    monkeypatch.setattr(engine, "diff_sequences", too_many)
    old = "".join(f"{n}\n" for n in range(40))
    new = old.replace("12\n", "twelve\n").replace("30\n", "")
    patch = render(text_report(old, new))
    assert patch.count("\n@@ ") == 1  # the lines between the two changes are replaced
    assert apply_with_patch(tmp_path / "patch", "talks", old, patch) == new.encode()
    assert apply_with_git(tmp_path / "git", "talks", old, patch) == new.encode()


# --- random texts and edits --------------------------------------------------------------

#: Characters that trouble line-based tools, and ordinary ones.
_TRICKY = [
    "\r",
    "\t",
    " ",
    "\x00",
    "\x0c",
    "\x1b",
    "\x85",
    "\u2028",
    "\\",
    "+",
    "-",
    "@",
    "é",
    "東",
]
_LINE = st.text(
    alphabet=st.sampled_from(_TRICKY) | st.characters(exclude_characters="\n", codec="utf-8"),
    max_size=8,
)
#: Lines from a small pool, so that texts repeat lines as articles do.
_LINES = st.lists(st.sampled_from(["", "a", "b", "\r", "a\r", "x y"]) | _LINE, max_size=25)


@st.composite
def edited_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A text, and the same after random line edits: insertions, deletions, replacements and
    moves; each with or without a final newline, either possibly empty."""
    old = draw(_LINES)
    new = list(old)
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "move"]))
        at = draw(st.integers(0, len(new)))
        if kind == "insert":
            new[at:at] = draw(st.lists(_LINE, min_size=1, max_size=4))
        elif new and kind == "delete":
            del new[at : at + draw(st.integers(1, 4))]
        elif new and kind == "replace":
            new[at : at + draw(st.integers(1, 3))] = draw(st.lists(_LINE, max_size=3))
        elif new:
            end = min(len(new), at + draw(st.integers(1, 5)))
            moved = new[at:end]
            del new[at:end]
            to = draw(st.integers(0, len(new)))
            new[to:to] = moved
    return _joined(old, draw(st.booleans())), _joined(new, draw(st.booleans()))


def _joined(text_lines: list[str], final_newline: bool) -> str:
    text = "".join(f"{line}\n" for line in text_lines)
    return text if final_newline else text.removesuffix("\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_texts())
def test_random_edits_apply_with_patch(texts: tuple[str, str]) -> None:
    old, new = texts
    patch = render(text_report(old, new))
    assert (patch == "") == (old == new)
    if old != new:
        with tempfile.TemporaryDirectory() as root:
            assert apply_with_patch(Path(root), "talks", old, patch) == new.encode()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_texts())
def test_random_edits_apply_with_git(texts: tuple[str, str]) -> None:
    old, new = texts
    if old != new:
        with tempfile.TemporaryDirectory() as root:
            patch = render(text_report(old, new))
            assert apply_with_git(Path(root), "talks", old, patch) == new.encode()


# --- --stat ------------------------------------------------------------------------------


def git_stat(root: Path, name: str, old: str, new: str) -> list[str]:
    """``git diff --stat`` (minimal, as revtrack's line diff is) of a file committed as
    ``old`` and changed to ``new``."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run([GIT, "init", "-q"], cwd=root, env=GIT_ENV, check=True)
    (root / name).write_bytes(old.encode())
    subprocess.run([GIT, "add", "--", name], cwd=root, env=GIT_ENV, check=True)
    subprocess.run([GIT, "commit", "-qm", "old"], cwd=root, env=GIT_ENV, check=True)
    (root / name).write_bytes(new.encode())
    result = subprocess.run(
        [GIT, "-c", "core.quotePath=false", "diff", "--stat", "--minimal"],
        cwd=root,
        env=GIT_ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


_MANY = "".join(f"line {n}\n" for n in range(300))


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("talks", _MANY, _MANY.replace("line 1", "LINE 1")),  # 111 lines each way
        ("talks", _MANY, _MANY[: len(_MANY) // 3]),  # deletions only
        ("talks", "a\n", "a\nb\n"),  # one insertion
        ("x" * 120, "a\nb\n", "a\nc\n"),  # a name too long for the line
        ("y" * 90, _MANY, _MANY.replace("line 2", "LINE 2")),
    ],
)
def test_stat_lines_are_those_of_git(name: str, old: str, new: str, tmp_path: Path) -> None:
    stat = render(text_report(old, new, article=name), stat=True).splitlines()
    assert stat[:2] == git_stat(tmp_path / "git", name, old, new)


@pytest.mark.parametrize(("name", "a", "b"), [("talks", 1, 4), ("storm", 1, 3), ("recall", 3, 1)])
def test_fixture_stat_lines_are_those_of_git(name: str, a: int, b: int, tmp_path: Path) -> None:
    report = fixture_report(name, a, b, lines=True)
    stat = render(report, stat=True).splitlines()
    assert stat[:2] == git_stat(tmp_path, name, report.old.text, report.new.text)


def test_stat_of_identical_texts() -> None:
    assert (
        render(text_report("a\n", "a\n"), stat=True)
        == " 0 files changed\n+0 -0 words; 0.0% changed\n"
    )


def test_stat_shows_control_characters_escaped_and_the_patch_keeps_them() -> None:
    old, new = "Calm.\n", "Calm.\n\nSay \x1b[2J hi\x07.\n"
    report = text_report(old, new)
    note = Note(NoteKind.CORRECTION, "Correction: \x1b]8;;http://x\x07 fixed.", 0, 10)
    finding = Finding(FindingKind.UNNOTED_CHANGE, 1, 2, "changed \x1b[31m\u202e here")
    report = replace(report, notes_added=(note,), notes_removed=(note,), findings=(finding,))
    stat = render(report, stat=True)
    assert "\x1b" not in stat and "\x07" not in stat and "\u202e" not in stat
    assert stat.splitlines()[3:] == [
        "+ correction: Correction: \\u001b]8;;http://x\\u0007 fixed.",
        "- correction: Correction: \\u001b]8;;http://x\\u0007 fixed.",
        "! @1→@2  changed without a note: changed \\u001b[31m\\u202e here",
    ]
    assert "+Say \x1b[2J hi\x07.\n" in render(report)


def test_patch_format_does_not_load_rich() -> None:
    code = (
        "import io, sys\n"
        "from datetime import UTC, datetime\n"
        "from revtrack.models import Version\n"
        "from revtrack.render import RenderOptions, render\n"
        "from revtrack.report import build_report\n"
        "v = [Version('t', n, datetime.now(UTC), '', 'stdin', 0, 1, t)"
        " for n, t in ((1, 'a\\n'), (2, 'b\\n'))]\n"
        "for stat in (False, True):\n"
        "    report = build_report(*v, lines=True)\n"
        "    render('patch', report, RenderOptions(stat=stat), io.StringIO())\n"
        "assert 'rich' not in sys.modules, sorted(m for m in sys.modules if 'rich' in m)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
