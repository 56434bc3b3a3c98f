"""Shared fixtures: every test gets its own empty store and a fixed, clean environment."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from webserver import Site

from revtrack.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"


def pytest_configure(config: pytest.Config) -> None:
    """Keep a user's own note formats (``~/.config/revtrack/notes.toml``) out of the tests."""
    os.environ["REVTRACK_NOTES"] = str(ROOT / "tests" / "no-such-notes.toml")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files from current output."
    )


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the store at a temporary directory; pin time zone and colour settings."""
    home = tmp_path / "home"
    monkeypatch.setenv("REVTRACK_HOME", str(home))
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "COLUMNS", "LINES"):
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
