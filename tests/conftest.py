"""Shared fixtures: every test gets its own empty store and a fixed, clean environment; the
store tests run on both backends, SQLite and a real PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pgserver
import pytest
from click.testing import CliRunner, Result
from webserver import Site

from revtrack.cli import cli
from revtrack.cli.options import ENVIRONMENT
from revtrack.paths import DatabaseURL, Location

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
#: The environment variables of the settings (and of the configuration file and the browser).
SETTINGS = (*ENVIRONMENT.values(), "REVTRACK_CONFIG", "REVTRACK_CHROMIUM")


def pytest_configure(config: pytest.Config) -> None:
    """Keep a user's own note formats (``~/.config/revtrack/notes.toml``) out of the tests."""
    os.environ["REVTRACK_NOTES"] = str(ROOT / "tests" / "no-such-notes.toml")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files from current output."
    )


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the store at a temporary directory, and the user's config directory at an empty
    one; pin time zone and colour settings."""
    home = tmp_path / "home"
    monkeypatch.setenv("REVTRACK_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "COLUMNS", "LINES", *SETTINGS):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")  # a pinned terminal for colour goldens
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield home
    monkeypatch.undo()
    time.tzset()


@dataclass(frozen=True)
class Run:
    """The outcome of one CLI call, with everything needed in an assertion message."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return (
            f"revtrack {' '.join(self.args)} -> {self.code}\n"
            f"--- stdout\n{self.stdout}--- stderr\n{self.stderr}"
        )


@pytest.fixture
def run() -> Callable[..., Run]:
    """Call the CLI in-process: ``run("add", "talks", path, input=b"...")``."""

    def call(
        *args: str, input: bytes | str | None = None, env: dict[str, str] | None = None
    ) -> Run:
        result: Result = CliRunner().invoke(cli, list(args), input=input, env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(tuple(args), result.exit_code, result.stdout, result.stderr)

    return call


def article_versions(name: str) -> list[Path]:
    """The version files of a fixture article, in order."""
    return sorted((ARTICLES / name).glob("v*.txt"), key=lambda p: int(p.stem[1:]))


@pytest.fixture
def site() -> Iterator[Site]:
    """A real HTTP server on 127.0.0.1, for this test alone."""
    server = Site().start()
    yield server
    server.stop()


# --- the two backends ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[pgserver.Server]:
    """One PostgreSQL server for the whole session, started when a test first needs it.

    Skipped when the server's binaries are not installed, unless ``CI`` is set: under CI the
    PostgreSQL tests run, or fail.
    """
    try:
        server = pgserver.start(required=bool(os.environ.get("CI")))
    except pgserver.Unavailable as exc:
        pytest.skip(str(exc))
    yield server
    server.stop()


@dataclass
class Stores:
    """Makes empty stores of one backend, and reads their tables as they are."""

    backend: str
    directory: Path
    server: pgserver.Server | None = None
    made: list[Location] = field(default_factory=list)

    def new(self) -> Location:
        """A store that does not exist yet: a file to be, or a schema of its own."""
        if self.server is None:
            location: Location = self.directory / f"store{len(self.made) + 1}" / "revtrack.db"
        else:
            schema = self.server.new_schema()
            location = DatabaseURL(self.server.writer_url(schema=schema))
        self.made.append(location)
        return location

    def sql(self, location: Location, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        """Run one statement on the store's database, bypassing revtrack; its rows."""
        if isinstance(location, Path):
            with sqlite3.connect(location) as connection:
                return connection.execute(statement, params).fetchall()
        import psycopg

        with psycopg.connect(location.secret, autocommit=True) as connection:
            cursor = connection.execute(statement.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def tables(self, location: Location) -> set[str]:
        """The names of the tables of a store (none before it is created)."""
        if isinstance(location, Path):
            if not location.exists():
                return set()
            rows = self.sql(location, "SELECT name FROM sqlite_schema WHERE type = 'table'")
        else:
            rows = self.sql(
                location, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        return {str(name) for (name,) in rows}


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Stores:
    """Every test that asks for it (or for ``location``) runs once on each backend."""
    if request.param == "sqlite":
        return Stores("sqlite", tmp_path)
    return Stores("postgresql", tmp_path, request.getfixturevalue("postgres"))


@pytest.fixture
def location(stores: Stores) -> Location:
    """A store of each backend that does not exist yet."""
    return stores.new()


@dataclass(frozen=True)
class StoreHome:
    """A store of the test's backend, and ``REVTRACK_HOME`` as it names it."""

    location: Location
    value: str


@pytest.fixture
def store_home(location: Location, monkeypatch: pytest.MonkeyPatch) -> StoreHome:
    """``REVTRACK_HOME`` at a store of each backend, for the commands (a PostgreSQL URL with
    its password, as a user would set it)."""
    value = location.secret if isinstance(location, DatabaseURL) else str(location)
    monkeypatch.setenv("REVTRACK_HOME", value)
    return StoreHome(location, value)


def as_earlier_rows(old: pytest.MonkeyPatch) -> None:
    """Have revtrack write and read versions as it did before a text stored whole was kept
    apart from its row (in ``whole_texts``), in its row, and before SQLite kept each hash as
    the bytes of its digest. For stores of an earlier schema."""
    from revtrack.store import checking, index, sql, sqlite, wholes

    old.setattr(sqlite.SqliteStore, "_stored_hash", lambda _, digest: digest)

    for module in (sql, checking, index):
        old.setattr(module, "COLUMNS", wholes.ROW_COLUMNS)
    old.setattr(
        wholes,
        "keep",
        lambda store, version_id, body: store._execute(
            "UPDATE versions SET body = ? WHERE id = ?", (body, version_id)
        ),
    )
    old.setattr(wholes, "forget", lambda *_: None)


# --- a real browser ------------------------------------------------------------------------


def _browser() -> str | None:
    named = os.environ.get("REVTRACK_TEST_BROWSER")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Chromium, through playwright, for the tests that open pages. Skipped when none is
    installed, unless ``CI`` is set: under CI the browser tests run, or fail."""
    executable = _browser()
    if executable is None:
        message = (
            "no Chromium found (install Debian's chromium, as .ci/run does, or set "
            "REVTRACK_TEST_BROWSER)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    flags += ["--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=flags)
        yield chromium
        chromium.close()
