"""Stores that cannot be written, and stores that are gone.

A store on read-only media, or one the user may read but not write, is read by every command
that reads, and only the writes fail, in one line. The read-only cases are made real even when
the suite runs as root (whom file modes do not stop): the commands then run in a process
without the capabilities that override file modes (``setpriv``), or behind a read-only bind
mount in a mount namespace of their own (``unshare``); a case the system cannot make is skipped.

A store that was there and is gone (truncated to nothing, deleted with its journal files left)
is reported, never replaced; one that never was is not created by reading it.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pgserver
import pytest
from conftest import ARTICLES, Run, as_earlier_rows
from test_errors import assert_error

from revtrack.errors import ExitStatus
from revtrack.models import Snapshot
from revtrack.store import open_store, sqlite
from revtrack.text import normalize

RunFn = Callable[..., Run]
TALKS = ARTICLES / "talks"
READING = [
    ["log", "talks"],
    ["show", "talks@1"],
    ["diff", "talks", "@1", "@3"],
    ["notes", "talks", "--json"],
    ["list"],
    ["check"],
    ["ignore", "list"],
]
#: Runs a command without the capabilities that let root write whatever the file modes say.
WITHOUT_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]
#: Runs a command (after the directory) with that directory mounted read-only.
READ_ONLY_MOUNT = [
    "unshare",
    "--mount",
    "--",
    "sh",
    "-c",
    'mount --bind -o ro "$0" "$0" && exec "$@"',
]


def add_talks(store: Path) -> None:
    for n, at in enumerate(("09:00", "12:00", "15:00"), start=1):
        text = (TALKS / f"v{n}.txt").read_text(encoding="utf-8")
        with open_store(store, write=True) as opened:
            opened.add("talks", Snapshot(normalize(text), "file"), _at(at))


def _at(clock: str) -> object:
    from revtrack.times import parse_time

    return parse_time(f"2025-01-02T{clock}-05:00")


def revtrack(prefix: list[str], store: Path, *args: str, input: str = "") -> Run:
    """Run revtrack in a process of its own, behind ``prefix``."""
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "revtrack", "--store", str(store), *args],
        capture_output=True,
        text=True,
        input=input,
        env={**os.environ, "TZ": "America/New_York"},
        check=False,
    )
    return Run(tuple(args), done.returncode, done.stdout, done.stderr)


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def _works(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


# --- read-only stores ------------------------------------------------------------------------


def user_may_only_read(store: Path) -> list[str]:
    """Make the store and its directory read-only to their owner; the prefix of a command run
    as a user bound by that (root, without its override of file modes)."""
    prefix = WITHOUT_OVERRIDE if os.geteuid() == 0 else []
    if prefix and not shutil.which("setpriv"):
        pytest.skip("setpriv is needed to drop root's override of file modes")
    store.chmod(0o444)
    store.parent.chmod(0o555)
    return _proved(prefix, store.parent)


def read_only_medium(directory: Path) -> list[str]:
    """The prefix of a command that sees ``directory`` mounted read-only."""
    prefix = [*READ_ONLY_MOUNT, str(directory)]
    if not _works([*prefix, "true"]):
        pytest.skip("a read-only bind mount needs root and a mount namespace")
    return _proved(prefix, directory)


def _proved(prefix: list[str], directory: Path) -> list[str]:
    probe = directory / "probe"
    if _works([*prefix, "sh", "-c", f'echo x > "{probe}"']) or probe.exists():
        pytest.fail("the store's directory is still writable: the test would prove nothing")
    return prefix


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A store of talks (three versions) in a directory of its own."""
    directory = tmp_path / "shared"
    directory.mkdir()
    store = directory / "revtrack.db"
    add_talks(store)
    yield store
    directory.chmod(0o755)
    store.chmod(0o644)


@pytest.fixture(params=["user-may-only-read", "read-only-medium"])
def read_only(request: pytest.FixtureRequest, shared: Path) -> tuple[list[str], Path]:
    """The store, and the prefix of a command that may only read it."""
    if request.param == "user-may-only-read":
        return user_may_only_read(shared), shared
    return read_only_medium(shared.parent), shared


def test_a_read_only_store_is_read_and_not_written(read_only: tuple[list[str], Path]) -> None:
    prefix, store = read_only
    expected = {}
    for args in READING:  # (a user who may write keeps what the commands derive)
        expected[tuple(args)] = revtrack([], store, *args)
        assert expected[tuple(args)].code == 0, expected[tuple(args)]
    with sqlite3.connect(f"file:{store}?immutable=1", uri=True) as connection:
        assert connection.execute("SELECT count(*) FROM derived").fetchone()[0] > 0
    before = files(store.parent)
    for args in READING:
        got = revtrack(prefix, store, *args)
        assert (got.code, got.stdout) == (0, expected[tuple(args)].stdout), got
        assert files(store.parent) == before, args  # not even journal files left
    added = revtrack(prefix, store, "add", "talks", "-", input="A new text.\n")
    why = "read-only file system" if "unshare" in prefix else "may read it but not write it"
    assert_error(added, ExitStatus.STORE_ERROR, f"cannot write to store {store}: ")
    assert why in added.stderr, added
    assert files(store.parent) == before


def test_a_store_read_while_its_owner_has_it_open(shared: Path) -> None:
    owner = sqlite3.connect(shared)  # a writer at work: its journal files are there
    try:
        owner.execute("SELECT count(*) FROM versions").fetchone()
        assert (shared.parent / "revtrack.db-shm").exists()
        prefix = user_may_only_read(shared)
        r = revtrack(prefix, shared, "log", "talks")
        assert r.code == 0 and r.stdout.count("\n") == 3, r
    finally:
        shared.parent.chmod(0o755)
        owner.close()


def test_a_read_only_store_of_an_older_schema_says_it_must_be_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "old"
    directory.mkdir()
    store = directory / "revtrack.db"
    with monkeypatch.context() as old:
        old.setattr(sqlite, "MIGRATIONS", sqlite.MIGRATIONS[:4])
        old.setattr(sqlite, "SCHEMA_VERSION", 4)
        as_earlier_rows(old)
        old.setattr(sqlite.SqliteStore, "_index", lambda *_: None)  # (no index yet)
        add_talks(store)
    prefix = read_only_medium(directory)
    r = revtrack(prefix, store, "log", "talks")
    assert_error(r, ExitStatus.STORE_ERROR, "was written by an earlier revtrack and must be")
    assert "read-only file system" in r.stderr, r
    assert revtrack([], store, "log", "talks").code == 0  # upgraded by a user who may write
    assert revtrack(prefix, store, "log", "talks").code == 0


def test_a_role_that_may_only_read(run: RunFn, postgres: pgserver.Server) -> None:
    schema = postgres.new_schema()
    owner = postgres.writer_url(schema=schema)
    for n in (1, 2, 3):
        assert run("--store", owner, "add", "talks", str(TALKS / f"v{n}.txt")).code == 0
    postgres.execute(
        "DROP ROLE IF EXISTS reader",
        "CREATE ROLE reader LOGIN PASSWORD 'reader-pw'",
        f"GRANT USAGE ON SCHEMA {schema} TO reader",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO reader",
    )
    reader = postgres.url(user="reader", password="reader-pw", schema=schema)
    try:
        for args in READING:
            expected = run("--store", owner, *args)
            got = run("--store", reader, *args)
            assert (got.code, got.stdout) == (0, expected.stdout), got
        added = run("--store", reader, "add", "talks", str(TALKS / "v4.txt"))
        assert_error(
            added, ExitStatus.STORE_ERROR, "cannot write to store postgresql://reader:***@"
        )
        assert "permission denied for table" in added.stderr, added
    finally:
        postgres.execute("DROP OWNED BY reader", "DROP ROLE reader")


# --- stores that are gone --------------------------------------------------------------------


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated


def test_a_store_truncated_to_nothing_is_reported_not_replaced(
    run: RunFn, home: Path, tmp_path: Path
) -> None:
    assert run("add", "talks", str(TALKS / "v1.txt")).code == 0
    db = home / "revtrack.db"
    db.write_bytes(b"")
    for args in (["add", "talks", str(TALKS / "v2.txt")], ["log", "talks"], ["list"], ["check"]):
        r = run(*args)
        assert_error(r, ExitStatus.STORE_ERROR, f"store {db} is empty (0 bytes): truncated?")
    assert files(home) == {"revtrack.db": b""}


@pytest.mark.parametrize(
    "trace", ["revtrack.db-wal", "revtrack.db-shm", "revtrack.db.refresh-lock"]
)
def test_a_store_deleted_with_its_traces_left_is_reported_not_replaced(
    run: RunFn, home: Path, trace: str
) -> None:
    assert run("add", "talks", str(TALKS / "v1.txt")).code == 0
    assert run("refresh").code == 0  # (leaves its lock file)
    (home / "revtrack.db").unlink()
    (home / trace).touch()
    left = sorted(p.name for p in home.iterdir())
    for args in (["add", "talks", str(TALKS / "v2.txt")], ["log", "talks"], ["list"], ["refresh"]):
        r = run(*args)
        assert_error(r, ExitStatus.STORE_ERROR, f"store {home / 'revtrack.db'} is missing, but")
        assert "deleted?" in r.stderr and trace in r.stderr, r
    assert sorted(p.name for p in home.iterdir()) == left


def test_a_store_gone_with_its_directory(run: RunFn, home: Path) -> None:
    """Nothing is left to tell it from a store never made: reading says it does not exist,
    and list says so too, but exits 0, as on a new machine."""
    assert run("add", "talks", str(TALKS / "v1.txt")).code == 0
    shutil.rmtree(home)
    db = home / "revtrack.db"
    for args in (["log", "talks"], ["show", "talks"], ["notes", "talks"], ["check"]):
        assert_error(run(*args), ExitStatus.STORE_ERROR, f"store {db} does not exist")
    listed = run("list")
    assert (listed.code, listed.stdout) == (0, ""), listed
    assert listed.stderr == (
        f"no articles yet (no store at {db}): store one with `revtrack add NAME FILE`\n"
    )
    assert run("list", "--json").code == 0
    assert not home.exists()
    assert run("add", "talks", str(TALKS / "v2.txt")).stdout.startswith("talks@1")


def test_a_new_store_appears_whole(run: RunFn, home: Path) -> None:
    assert run("add", "talks", str(TALKS / "v1.txt")).code == 0
    assert sorted(p.name for p in home.iterdir()) == ["revtrack.db"]  # no draft left
    header = (home / "revtrack.db").read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert int.from_bytes(header[68:72], "big") == sqlite.APPLICATION_ID


def test_a_postgresql_store_that_lost_its_tables(run: RunFn, postgres: pgserver.Server) -> None:
    schema = postgres.new_schema()
    url = postgres.writer_url(schema=schema)
    assert run("--store", url, "add", "talks", str(TALKS / "v1.txt")).code == 0
    postgres.execute(f"DROP TABLE {schema}.versions")
    for args in (["add", "talks", str(TALKS / "v2.txt")], ["log", "talks"], ["list"], ["check"]):
        r = run("--store", url, *args)
        assert_error(r, ExitStatus.STORE_ERROR, "is damaged: its table versions is missing")
    postgres.execute(
        f"DROP SCHEMA {schema} CASCADE", f"CREATE SCHEMA {schema} AUTHORIZATION {pgserver.WRITER}"
    )
    assert_error(run("--store", url, "log", "talks"), ExitStatus.STORE_ERROR, "holds no revtrack")
    listed = run("--store", url, "list")
    assert listed.code == 0 and "no articles yet (no store at postgresql://writer:***@" in (
        listed.stderr
    )


def test_a_new_store_on_a_file_system_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(sqlite.os, "link", no_links)
    store = tmp_path / "fat" / "revtrack.db"
    with open_store(store, write=True) as made:
        made.add("talks", Snapshot("One.\n", "file"))
    assert sorted(p.name for p in store.parent.iterdir()) == ["revtrack.db"]
    with open_store(store, write=False) as read:
        assert read.version("talks", 1).text == "One.\n"
