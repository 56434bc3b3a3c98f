"""Every way a command can fail: exit status, one-line message, nothing printed on stdout, no
traceback, and the store left exactly as it was."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from revtrack.errors import ExitStatus
from revtrack.text import content_hash

RunFn = Callable[..., Any]


def command_id(value: object) -> str | None:
    """Test ids: a command line as typed; other parameters get pytest's own ids."""
    return " ".join(value) if isinstance(value, list) else None


#: Text with everything a terminal could interpret: rich markup, an ANSI colour escape,
#: a bell and a right-to-left override.
HOSTILE = "Markup [bold red]x[/] and \x1b[31mred\x1b[0m bell\x07 bidi\u202eevil."
ARTICLE_ESCAPE = "\x1b[31mred"  # the article's own escape sequence, as stored
TALKS_TIMES = ("2021-08-18T10:00:00Z", "2021-08-18T12:00:00Z")


# --- helpers -------------------------------------------------------------------------------


def assert_error(r: Any, status: ExitStatus, fragment: str) -> None:
    """``r`` failed with ``status`` and one ``Error: ...`` line containing ``fragment``."""
    assert r.code == status, str(r)
    assert r.stdout == "", str(r)
    assert "Traceback" not in r.stderr, str(r)
    lines = r.stderr.splitlines()
    assert len(lines) == 1, str(r)
    assert lines[0].startswith("Error: "), str(r)
    assert fragment in lines[0], str(r)


@dataclass(frozen=True)
class StoreState:
    """What a failed command must not change."""

    files: tuple[str, ...] | None  # names in the store directory; None: it does not exist
    db: bytes | None  # the database file; None: it does not exist
    log: str | None  # ``log talks --json`` when the store holds talks


def store_state(run: RunFn, home: Path, *, with_log: bool) -> StoreState:
    log = None
    if with_log:  # (first: the log keeps what it derives, once, in the store's cache)
        r = run("log", "talks", "--json")
        assert r.code == ExitStatus.SUCCESS, str(r)
        log = r.stdout
    db = home / "revtrack.db"
    files = tuple(sorted(p.name for p in home.iterdir())) if home.is_dir() else None
    data = db.read_bytes() if db.is_file() else None
    return StoreState(files, data, log)


def open_files_under(path: Path) -> set[str]:
    """Files under ``path`` this process still holds open."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():  # pragma: no cover - not Linux
        return set()
    found = set()
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(path)):
            found.add(target)
    return found


def add_talks(run: RunFn, tmp_path: Path, count: int = 2) -> None:
    texts = ["First paragraph.\n\nSecond paragraph.\n", "First paragraph.\n\nSecond, changed.\n"]
    for n in range(count):
        source = tmp_path / f"talks-v{n + 1}.txt"
        source.write_text(texts[n], encoding="utf-8")
        r = run("add", "talks", str(source), "--at", TALKS_TIMES[n])
        assert r.code == ExitStatus.SUCCESS, str(r)


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def talks(run: RunFn, home: Path, tmp_path: Path) -> StoreState:
    """A store holding ``talks`` with two versions; returns its state."""
    add_talks(run, tmp_path)
    return store_state(run, home, with_log=True)


@pytest.fixture(params=["no-store", "populated"])
def unchanged(
    request: pytest.FixtureRequest, run: RunFn, home: Path, tmp_path: Path
) -> Iterator[Callable[[], None]]:
    """Run the test against no store, then against a populated one; the returned check says
    that the store is as before (not even created when there was none)."""
    populated = request.param == "populated"
    if populated:
        add_talks(run, tmp_path)
    before = store_state(run, home, with_log=populated)
    if not populated:
        assert before == StoreState(None, None, None)

    def check() -> None:
        assert store_state(run, home, with_log=populated) == before

    yield check


# --- exit statuses ---------------------------------------------------------------------------


def test_exit_status_numbers_never_change() -> None:
    assert {status.name: int(status) for status in ExitStatus} == {
        "SUCCESS": 0,
        "CHANGED": 1,
        "USAGE": 2,
        "INPUT_ERROR": 3,
        "NOT_FOUND": 4,
        "STORE_ERROR": 5,
        "FETCH_ERROR": 6,
        "BUSY": 7,
        "INTERNAL_ERROR": 70,
        "INTERRUPTED": 130,
    }


# --- add: unreadable or unacceptable input ---------------------------------------------------


def test_add_missing_file(run: RunFn, tmp_path: Path, unchanged: Callable[[], None]) -> None:
    missing = tmp_path / "nowhere.txt"
    r = run("add", "talks", str(missing))
    assert_error(r, ExitStatus.INPUT_ERROR, f"{missing}: no such file")
    unchanged()


def test_add_directory(run: RunFn, tmp_path: Path, unchanged: Callable[[], None]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    r = run("add", "talks", str(folder))
    assert_error(r, ExitStatus.INPUT_ERROR, "is a directory, not a file")
    unchanged()


def test_add_binary_file(run: RunFn, tmp_path: Path, unchanged: Callable[[], None]) -> None:
    png = tmp_path / "image.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    r = run("add", "talks", str(png))
    assert_error(r, ExitStatus.INPUT_ERROR, "looks like a binary file: NUL byte at offset 8")
    unchanged()


def test_add_invalid_utf8_names_the_offset(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"hello\xffworld\n")
    r = run("add", "talks", str(bad))
    assert_error(r, ExitStatus.INPUT_ERROR, "byte 0xff at offset 5")
    assert "--encoding" in r.stderr, str(r)
    unchanged()


def test_add_invalid_utf8_after_a_byte_order_mark_names_the_file_offset(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None]
) -> None:
    # The BOM takes bytes 0-2, so the bad byte 0xff is at offset 8 of the file.
    bad = tmp_path / "bom.txt"
    bad.write_bytes(b"\xef\xbb\xbfhello\xffworld\n")
    r = run("add", "talks", str(bad))
    assert_error(r, ExitStatus.INPUT_ERROR, "byte 0xff at offset 8")
    unchanged()


def test_add_invalid_utf8_names_the_encoding_the_user_chose(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"hello\xffworld\n")
    r = run("add", "talks", str(bad))
    assert_error(r, ExitStatus.INPUT_ERROR, "is not valid utf-8: byte 0xff at offset 5")
    bad.write_bytes("café\n".encode())  # valid UTF-8, not ASCII
    r = run("add", "talks", str(bad), "--encoding", "ascii")
    assert_error(r, ExitStatus.INPUT_ERROR, "is not valid ascii: byte 0xc3 at offset 3")
    unchanged()


def test_add_invalid_utf8_succeeds_as_latin1(run: RunFn, tmp_path: Path) -> None:
    source = tmp_path / "latin.txt"
    source.write_bytes(b"caf\xe9 cr\xe8me\n")
    r = run("add", "talks", str(source), "--encoding", "latin-1")
    assert r.code == ExitStatus.SUCCESS, str(r)
    assert r.stdout.startswith("talks@1 "), str(r)
    shown = run("show", "talks")
    assert shown.code == ExitStatus.SUCCESS, str(shown)
    assert shown.stdout == "café crème\n", str(shown)


def test_add_utf16_is_refused_by_default(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None]
) -> None:
    source = tmp_path / "utf16.txt"
    source.write_bytes("Wide text.\n".encode("utf-16"))
    r = run("add", "talks", str(source))
    assert_error(r, ExitStatus.INPUT_ERROR, "--encoding utf-16")
    assert "NUL byte at offset 3" in r.stderr, str(r)
    unchanged()


def test_add_utf16_succeeds_with_its_encoding(run: RunFn, tmp_path: Path) -> None:
    source = tmp_path / "utf16.txt"
    source.write_bytes("Wide text, ünïcode.\n".encode("utf-16"))
    r = run("add", "talks", str(source), "--encoding", "utf-16")
    assert r.code == ExitStatus.SUCCESS, str(r)
    assert r.stdout.startswith("talks@1 "), str(r)
    shown = run("show", "talks")
    assert shown.stdout == "Wide text, ünïcode.\n", str(shown)


@pytest.mark.parametrize("encoding", ["nope", "utf-9", "latin-42"])
def test_add_unknown_encoding(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None], encoding: str
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")
    r = run("add", "talks", str(source), "--encoding", encoding)
    assert_error(r, ExitStatus.USAGE, f"unknown text encoding {encoding!r}")
    unchanged()


@pytest.mark.parametrize("encoding", ["rot13", "base64", "hex", "zlib"])
def test_add_encoding_that_is_not_a_text_encoding(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None], encoding: str
) -> None:
    # codecs.lookup() knows these, but they turn bytes into bytes, not into text.
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")
    r = run("add", "talks", str(source), "--encoding", encoding)
    assert_error(r, ExitStatus.USAGE, repr(encoding))
    unchanged()


@pytest.mark.parametrize("content", [b"", b"   \n\t\n\n  \r\n"], ids=["empty", "whitespace"])
@pytest.mark.parametrize("via", ["file", "stdin"])
def test_add_empty_input(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None], content: bytes, via: str
) -> None:
    if via == "file":
        source = tmp_path / "blank.txt"
        source.write_bytes(content)
        r = run("add", "talks", str(source))
    else:
        r = run("add", "talks", "-", input=content)
    assert_error(r, ExitStatus.INPUT_ERROR, "is empty: there is no text to store")
    unchanged()


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_add_input_above_the_size_limit(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None], via: str
) -> None:
    content = ("word " * 400).encode()  # 2,000 bytes
    if via == "file":
        source = tmp_path / "big.txt"
        source.write_bytes(content)
        r = run("add", "talks", str(source), "--max-size", "1kB")
    else:
        r = run("add", "talks", "-", "--max-size", "1kB", input=content)
    assert_error(r, ExitStatus.INPUT_ERROR, "is larger than the 1,000 byte limit")
    assert "--max-size" in r.stderr, str(r)
    unchanged()


@pytest.mark.parametrize("size", ["ten", "10XB", "-1", "", "1.2.3kB", "kB"])
def test_add_malformed_max_size(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None], size: str
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")
    r = run("add", "talks", str(source), "--max-size", size)
    assert_error(r, ExitStatus.USAGE, f"invalid size {size!r}")
    unchanged()


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_add_huge_max_size_is_refused(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None], via: str
) -> None:
    # A limit beyond anything revtrack will read (10**20 bytes) is a usage error, not a crash.
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")
    spec = str(source) if via == "file" else "-"
    r = run("add", "talks", spec, "--max-size", "100000000000000000000", input=b"Some text.\n")
    assert_error(r, ExitStatus.USAGE, "is too large: the most revtrack reads is 1GB")
    unchanged()


@pytest.mark.parametrize("at", ["yesterday", "2021-13-01", "", "18/08/2021", "2021-08-18T25:00"])
def test_add_malformed_at(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None], at: str
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")
    r = run("add", "talks", str(source), "--at", at)
    assert_error(r, ExitStatus.USAGE, f"invalid time {at!r}")
    unchanged()


def test_add_at_before_the_latest_version_is_refused(
    run: RunFn, home: Path, tmp_path: Path, talks: StoreState
) -> None:
    source = tmp_path / "late.txt"
    source.write_text("A text that was never stored.\n", encoding="utf-8")
    r = run("add", "talks", str(source), "--at", "2021-08-18T11:00:00Z")
    assert_error(r, ExitStatus.INPUT_ERROR, "add versions in the order they were observed")
    assert "talks@2" in r.stderr, str(r)
    assert store_state(run, home, with_log=True) == talks


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("a@b", "invalid article name 'a@b'"),
        ("", "article name is empty"),
        ("-draft", "not starting with '-'"),
        (" lead", "invalid article name ' lead'"),
        ("tab\there", "invalid article name"),
        ("x" * 201, "longer than 200 characters"),
    ],
    ids=["at-sign", "empty", "dash", "space", "control", "too-long"],
)
def test_add_invalid_article_name(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None], name: str, fragment: str
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")
    r = run("add", "--", name, str(source))
    assert_error(r, ExitStatus.USAGE, fragment)
    unchanged()


# --- reading: unknown articles, revisions ------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["log", "nope"], ["show", "nope"], ["diff", "nope"], ["notes", "nope"]], ids=command_id
)
def test_unknown_article(run: RunFn, home: Path, talks: StoreState, args: list[str]) -> None:
    r = run(*args)
    assert_error(r, ExitStatus.NOT_FOUND, "unknown article 'nope'")
    assert store_state(run, home, with_log=True) == talks


@pytest.mark.parametrize(
    "args",
    [["log", "nope"], ["show", "nope"], ["diff", "nope"], ["notes", "nope"], ["check"]],
    ids=command_id,
)
def test_reading_a_store_that_does_not_exist(run: RunFn, home: Path, args: list[str]) -> None:
    r = run(*args)
    assert_error(r, ExitStatus.STORE_ERROR, f"store {home / 'revtrack.db'} does not exist")
    assert not home.exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["show", "talks@9"], "talks@9 does not exist: talks has 2 versions"),
        (["show", "talks@-9"], "talks@-9 does not exist: talks has 2 versions"),
        (["diff", "talks", "@1", "@9"], "talks@9 does not exist: talks has 2 versions"),
        (["diff", "talks", "@-3"], "talks@-3 does not exist"),
        (["diff", "talks@3"], "talks@3 does not exist"),
    ],
    ids=command_id,
)
def test_revision_that_does_not_exist(
    run: RunFn, home: Path, talks: StoreState, args: list[str], fragment: str
) -> None:
    r = run(*args)
    assert_error(r, ExitStatus.NOT_FOUND, fragment)
    assert store_state(run, home, with_log=True) == talks


@pytest.mark.parametrize(
    ("args", "rev"),
    [
        (["show", "talks@abc"], "abc"),
        (["show", "talks@0"], "0"),
        (["show", "talks@"], ""),
        (["show", "talks@1.5"], "1.5"),
        (["diff", "talks", "@x"], "x"),
        (["diff", "talks", "@1", "@-0"], "-0"),
    ],
    ids=command_id,
)
def test_malformed_revision(
    run: RunFn, home: Path, talks: StoreState, args: list[str], rev: str
) -> None:
    r = run(*args)
    assert_error(r, ExitStatus.USAGE, f"malformed revision {rev!r}")
    assert store_state(run, home, with_log=True) == talks


@pytest.mark.parametrize("value", ["soon", "-1h", "1x", "", "2h-", "99999999d"])
@pytest.mark.parametrize("command", ["notes", "log"])
def test_malformed_tolerance(
    run: RunFn, home: Path, talks: StoreState, command: str, value: str
) -> None:
    r = run(command, "talks", "--tolerance", value)
    assert_error(r, ExitStatus.USAGE, f"invalid duration {value!r}")
    assert store_state(run, home, with_log=True) == talks


@pytest.mark.parametrize(
    "args", [["diff", "talks", "@1", "@2", "@1"], ["diff", "talks@1", "@2", "@1"]], ids=command_id
)
def test_diff_with_too_many_revisions(
    run: RunFn, home: Path, talks: StoreState, args: list[str]
) -> None:
    r = run(*args)
    assert_error(r, ExitStatus.USAGE, "at most two revisions")
    assert store_state(run, home, with_log=True) == talks


def test_diff_of_an_article_with_one_version(run: RunFn, home: Path, tmp_path: Path) -> None:
    add_talks(run, tmp_path, count=1)
    before = store_state(run, home, with_log=True)
    r = run("diff", "talks")
    assert_error(r, ExitStatus.NOT_FOUND, "talks has only one version: nothing to compare yet")
    assert store_state(run, home, with_log=True) == before


# --- store problems ---------------------------------------------------------------------------


def tree(path: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and directory (None) under ``path``."""
    return {
        str(p.relative_to(path)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(path.rglob("*"))
    }


@pytest.mark.parametrize("below", ["blocker/sub", "blocker/store.db", "blocker/a/b"])
@pytest.mark.parametrize("via", ["env", "option"])
def test_store_below_a_regular_file(run: RunFn, tmp_path: Path, below: str, via: str) -> None:
    (tmp_path / "blocker").write_text("a regular file\n", encoding="utf-8")
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")
    before = tree(tmp_path)
    location = str(tmp_path / below)
    if via == "env":
        r = run("add", "talks", str(source), env={"REVTRACK_HOME": location})
    else:
        r = run("--store", location, "add", "talks", str(source))
    assert_error(r, ExitStatus.STORE_ERROR, "cannot create store")
    assert location in r.stderr, str(r)
    assert f"{tmp_path / 'blocker'} is not a directory" in r.stderr, str(r)
    assert tree(tmp_path) == before
    assert open_files_under(tmp_path) == set()


def test_store_location_that_is_a_directory(run: RunFn, tmp_path: Path) -> None:
    (tmp_path / "dh" / "revtrack.db").mkdir(parents=True)
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")
    before = tree(tmp_path)
    for args in (["add", "talks", str(source)], ["log", "talks"]):
        r = run("--store", str(tmp_path / "dh"), *args)
        assert_error(r, ExitStatus.STORE_ERROR, "is a directory, not a store file")
    assert tree(tmp_path) == before


STORE_COMMANDS = [
    ["add", "talks", "SOURCE"],
    ["log", "talks"],
    ["show", "talks"],
    ["list"],
    ["notes", "talks"],
]


def _command(args: list[str], tmp_path: Path) -> list[str]:
    source = tmp_path / "new-version.txt"
    source.write_text("A new version of the text.\n", encoding="utf-8")
    return [str(source) if a == "SOURCE" else a for a in args]


@pytest.mark.parametrize("text", ["notes\n", "just some notes, not SQLite at all\n" * 200])
@pytest.mark.parametrize("args", STORE_COMMANDS, ids=lambda a: a[0])
def test_store_that_is_a_text_file(run: RunFn, tmp_path: Path, text: str, args: list[str]) -> None:
    notes = tmp_path / "data" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text(text, encoding="utf-8")
    command = _command(args, tmp_path)
    before = tree(notes.parent)
    r = run("--store", str(notes), *command)
    assert_error(r, ExitStatus.STORE_ERROR, "not a revtrack store")
    assert str(notes) in r.stderr, str(r)
    assert tree(notes.parent) == before
    assert open_files_under(tmp_path) == set()


@pytest.mark.parametrize("args", STORE_COMMANDS, ids=lambda a: a[0])
def test_store_of_another_application(run: RunFn, tmp_path: Path, args: list[str]) -> None:
    other = tmp_path / "data" / "other.db"
    other.parent.mkdir()
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.execute("INSERT INTO recipes VALUES ('soup')")
    db.commit()
    db.close()
    command = _command(args, tmp_path)
    before = tree(other.parent)
    r = run("--store", str(other), *command)
    assert_error(r, ExitStatus.STORE_ERROR, f"{other} is not a revtrack store")
    assert tree(other.parent) == before
    assert open_files_under(tmp_path) == set()


def _overwrite(data: bytes, old: bytes, new: bytes) -> bytes:
    assert len(old) == len(new) and data.count(old) >= 1
    return data.replace(old, new)


NOT_A_STORE = "damaged or not a revtrack store"


def _spoil_row_page(data: bytes, byte: bytes, length: int) -> bytes:
    """Overwrite the start of the page that holds the version row (found by its metadata and
    codec)."""
    page_size = int.from_bytes(data[16:18], "big")
    start = data.index(b"{}zstd") // page_size * page_size
    return data[:start] + byte * length + data[start + length :]


#: The digest of the text of talks@1 in the store that CORRUPTIONS damage.
ONLY_DIGEST = bytes.fromhex(content_hash("The only version of the text.\n").removeprefix("sha256:"))

# Each damages the file of a store holding talks@1 (observed 2021-08-18T14:00Z), and names
# what the message must say.
CORRUPTIONS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    # The page that holds the version's row: its b-tree header, or all of it.
    "overwrite-middle": (lambda d: _spoil_row_page(d, b"\xa5", 64), NOT_A_STORE),
    "overwrite-page": (lambda d: _spoil_row_page(d, b"\x5a", 4096), NOT_A_STORE),
    "truncate-half": (lambda d: d[: len(d) // 2], NOT_A_STORE),
    "truncate-header": (lambda d: d[:50], NOT_A_STORE),
    # The zstd frame's magic number, at the start of the text.
    "text-frame": (
        lambda d: _overwrite(d, b"(\xb5/\xfd", b"(\xb5/\x00"),
        "cannot be decompressed",
    ),
    # A short text is stored as zstd literals: change it, keeping it valid UTF-8.
    "text-bytes": (
        lambda d: _overwrite(d, b"The only version", b"The ONLY version"),
        "talks@1 is damaged: its text does not match its hash",
    ),
    # The hash, kept as the bytes of its digest.
    "hash": (lambda d: _overwrite(d, ONLY_DIGEST, b"!" + ONLY_DIGEST[1:]), "talks@1 is damaged"),
    "codec": (lambda d: _overwrite(d, b"{}zstd", b"{}zzzz"), "unknown codec 'zzzz'"),
    # The row's text columns: nothing in SQLite checks them.
    "observed-time": (
        lambda d: _overwrite(d, b"2021-08-18T14:00:00", b"XXXX-08-18T14:00:00"),
        "damaged",
    ),
    "metadata": (lambda d: _overwrite(d, b"{}zstd", b"{!zstd"), "damaged"),
}


@pytest.mark.parametrize("damage", list(CORRUPTIONS))
@pytest.mark.parametrize(
    "args",
    [["log", "talks"], ["show", "talks"], ["show", "talks@1"], ["notes", "talks"]],
    ids=command_id,
)
def test_corrupt_store(
    run: RunFn, home: Path, tmp_path: Path, damage: str, args: list[str]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("The only version of the text.\n", encoding="utf-8")
    r = run("add", "talks", str(source), "--at", "2021-08-18T14:00:00Z")
    assert r.code == ExitStatus.SUCCESS, str(r)
    db = home / "revtrack.db"
    assert sorted(p.name for p in home.iterdir()) == ["revtrack.db"]
    spoil, fragment = CORRUPTIONS[damage]
    original = db.read_bytes()
    damaged = spoil(original)
    assert damaged != original
    db.write_bytes(damaged)
    r = run(*args)
    assert_error(r, ExitStatus.STORE_ERROR, fragment)
    assert db.read_bytes() == damaged
    assert sorted(p.name for p in home.iterdir()) == ["revtrack.db"]
    assert open_files_under(tmp_path) == set()


@pytest.mark.parametrize("args", STORE_COMMANDS, ids=lambda a: a[0])
def test_store_written_by_a_newer_revtrack(
    run: RunFn, home: Path, tmp_path: Path, talks: StoreState, args: list[str]
) -> None:
    db = sqlite3.connect(home / "revtrack.db")
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    before = tree(home)
    r = run(*_command(args, tmp_path))
    assert_error(r, ExitStatus.STORE_ERROR, "was written by a newer revtrack (schema 99)")
    assert "upgrade revtrack" in r.stderr, str(r)
    assert tree(home) == before
    assert open_files_under(tmp_path) == set()


# --- article text is data, never terminal commands ---------------------------------------------


# The hostile text in an unchanged paragraph, a deleted one and an added one.
V1 = f"Lead paragraph.\n\n{HOSTILE}\n\nRemoved {HOSTILE}\n\nThe middle stays.\n"
V2 = (
    f"Lead paragraph.\n\n{HOSTILE}\n\nThe middle stays.\n\n"
    f"Added at the end, with several other words around it: {HOSTILE}\n"
)


@pytest.fixture
def hostile(run: RunFn) -> None:
    for n, text in enumerate((V1, V2)):
        r = run("add", "evil", "-", "--at", TALKS_TIMES[n], input=text.encode("utf-8"))
        assert r.code == ExitStatus.SUCCESS, str(r)


@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize(("ref", "text"), [("evil@1", V1), ("evil", V2)])
def test_show_piped_prints_text_exactly_as_stored(run: RunFn, ref: str, text: str) -> None:
    r = run("show", ref)
    assert r.code == ExitStatus.SUCCESS, str(r)
    assert r.stdout == text, str(r)
    assert r.stderr == "", str(r)
    as_json = run("show", ref, "--json")
    assert json.loads(as_json.stdout)["text"] == text, str(as_json)


@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize("color", ["always", "never"])
def test_diff_shows_escapes_instead_of_sending_them(run: RunFn, color: str) -> None:
    as_json = run("diff", "evil", "--json")
    actions = {block["action"] for block in json.loads(as_json.stdout)["blocks"]}
    assert actions == {"equal", "deleted", "added"}, str(as_json)
    r = run("diff", "evil", "--color", color, "--context", "5")
    assert r.code == ExitStatus.SUCCESS, str(r)
    out = r.stdout
    # The article's escape, bell and bidi override never reach the terminal ...
    assert ARTICLE_ESCAPE not in out, str(r)
    assert "\x07" not in out, str(r)
    assert "\u202e" not in out, str(r)
    # ... they are shown in a visible form, once per copy of the text in the diff:
    # the unchanged paragraph, the inserted one and the deleted one.
    shown = [out.count(form) for form in ("\\x1b[31mred", "\\u001b[31mred")]
    assert max(shown) == 3, str(r)
    assert out.count("[bold red]x[/]") == 3, str(r)
    if color == "never":
        assert "\x1b" not in out, str(r)
    else:
        # The only escape sequences left are rich's own styles (SGR: ESC [ digits ; m).
        assert "\x1b[" in out, str(r)
        for piece in out.split("\x1b")[1:]:
            head = piece.split("m", 1)[0]
            assert head.startswith("[") and set(head[1:]) <= set("0123456789;"), repr(piece)


@pytest.mark.parametrize("encoding", ["undefined", "idna"])
def test_add_encoding_that_cannot_decode_text(
    run: RunFn, tmp_path: Path, unchanged: Callable[[], None], encoding: str
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")
    r = run("add", "talks", str(source), "--encoding", encoding)
    assert r.code == ExitStatus.USAGE and "Traceback" not in r.stderr, str(r)
    assert len(r.stderr.splitlines()) == 1 and repr(encoding) in r.stderr, str(r)
    unchanged()


def test_add_with_stdin_closed(tmp_path: Path, home: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Some text.\n", encoding="utf-8")

    def add(spec: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "revtrack", "add", "x", spec],
            preexec_fn=lambda: os.close(0),
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "REVTRACK_HOME": str(home)},
        )

    from_file = add(str(source))
    assert (from_file.returncode, from_file.stderr) == (0, ""), from_file
    from_stdin = add("-")
    assert from_stdin.returncode == ExitStatus.INPUT_ERROR, from_stdin
    assert from_stdin.stderr == "Error: standard input is closed: give a file instead of -\n"


@pytest.mark.parametrize(
    "name", ["zero\u200bwidth", "line\u2028separator", "soft\u00adhyphen", "bidi\u202eevil"]
)
def test_add_name_with_invisible_characters(run: RunFn, name: str) -> None:
    r = run("add", name, "-", input=b"Text.\n")
    assert_error(r, ExitStatus.USAGE, "invalid article name")


def test_names_are_compared_in_canonical_form(run: RunFn) -> None:
    assert run("add", "cafe\u0301", "-", input=b"One.\n").code == ExitStatus.SUCCESS
    again = run("add", "caf\u00e9", "-", input=b"One.\n")
    assert (again.code, again.stderr) == (ExitStatus.SUCCESS, "caf\u00e9: unchanged since @1\n")
    assert json.loads(run("list", "--json").stdout)["articles"][0]["article"] == "caf\u00e9"


def test_unexpected_failure_is_one_line(run: RunFn, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("revtrack.report.build_log", broken)
    run("add", "x", "-", input=b"Text.\n")
    r = run("log", "x")
    assert_error(r, ExitStatus.INTERNAL_ERROR, "internal error: RuntimeError: boom")
