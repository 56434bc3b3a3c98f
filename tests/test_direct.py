"""``log ARTICLE``, ``show ARTICLE[@REV]`` and ``diff ARTICLE [REV_A [REV_B]] [--color C]``,
run without click (``revtrack.direct``): the same output, messages and exit statuses as
click's commands, whatever the store, the environment and the configuration; anything else
left to click."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import article_versions

from revtrack import direct
from revtrack.cli import cli

#: ``revtrack`` through click alone, as before the commands were run without it.
CLICK = "from revtrack.cli import cli; cli(prog_name='revtrack')"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_REVTRACK")}
    env.pop("REVTRACK_DEBUG", None)
    env.update(REVTRACK_HOME=str(home), TZ="UTC", **extra)
    return env


def _both(args: list[str], env: dict[str, str]) -> tuple[tuple[int, bytes, bytes], ...]:
    """``revtrack ARGS`` as the program runs it, and through click: status, stdout, stderr."""
    found = []
    for command in (["-m", "revtrack"], ["-c", CLICK]):
        done = subprocess.run(
            [sys.executable, *command, *args],
            capture_output=True,
            env=env,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        found.append((done.returncode, done.stdout, done.stderr))
    return tuple(found)


@pytest.fixture(scope="module")
def talks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the four versions of ``talks``, a day apart."""
    home = tmp_path_factory.mktemp("talks")
    for number, path in enumerate(article_versions("talks"), 1):
        at = f"2025-01-0{number}T09:00+00:00"
        subprocess.run(
            [sys.executable, "-m", "revtrack", "add", "talks", str(path), "--at", at],
            env=_env(home),
            check=True,
            capture_output=True,
        )
    return home


CASES = [
    ["log", "talks"],
    ["show", "talks"],
    ["show", "talks@1"],
    ["show", "talks@-2"],
    ["show", "talks@9"],
    ["show", "talks@x"],
    ["log", "nope"],
    ["show", "nope@1"],
    ["log", "ta\x1blks\nx"],
    ["show", "https://example.org/news/port-talks"],
    ["diff", "talks"],
    ["diff", "talks", "@1"],
    ["diff", "talks", "@1", "@3", "--color", "always"],
    ["diff", "talks", "--color=never", "@-3", "@-1"],
    ["diff", "talks", "--color", "auto", "--color", "always"],
    ["diff", "talks", "@1", "@2", "@3"],
    ["diff", "talks", "@9"],
    ["diff", "nope"],
]


@pytest.mark.parametrize("args", CASES, ids=lambda args: " ".join(args))
def test_as_click_runs_it(args: list[str], talks: Path) -> None:
    direct_run, clicked = _both(args, _env(talks))
    assert direct_run == clicked


@pytest.mark.parametrize("severity", ["", "typo", "substantive", "bogus", "Minor"])
@pytest.mark.parametrize("command", ["log", "diff"])
def test_the_least_severity_from_the_environment(command: str, severity: str, talks: Path) -> None:
    env = _env(talks, REVTRACK_MIN_SEVERITY=severity)
    direct_run, clicked = _both([command, "talks"], env)
    assert direct_run == clicked
    assert direct_run[0] == (2 if severity in ("bogus", "Minor") else 0)


@pytest.mark.parametrize(
    "text", ['min_severity = "substantive"\n', 'min_severity = "none"\n', "min_severity = \n"]
)
def test_the_least_severity_from_the_configuration(text: str, tmp_path: Path, talks: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    env = _env(talks, REVTRACK_CONFIG=str(config))
    for command in ("log", "diff"):
        direct_run, clicked = _both([command, "talks"], env)
        assert direct_run == clicked
        assert (direct_run[0] == 0) == ("substantive" in text)
    both = _both(["log", "talks"], {**env, "REVTRACK_MIN_SEVERITY": "typo"})
    assert both[0] == both[1] and both[0][0] == 0  # (the environment first: no file read)


def test_a_configuration_file_named_and_missing(tmp_path: Path, talks: Path) -> None:
    env = _env(talks, REVTRACK_CONFIG=str(tmp_path / "missing.toml"))
    for command in ("log", "diff"):
        direct_run, clicked = _both([command, "talks"], env)
        assert direct_run == clicked
        assert direct_run[0] == 2 and b"no such configuration file" in direct_run[2]


@pytest.mark.parametrize("store", ["missing", "not-a-database.db"])
@pytest.mark.parametrize("command", ["log", "show", "diff"])
def test_a_store_that_cannot_be_read(command: str, store: str, tmp_path: Path) -> None:
    (tmp_path / "not-a-database.db").write_bytes(b"not a database, " * 100)
    direct_run, clicked = _both([command, "talks"], _env(tmp_path / store))
    assert direct_run == clicked
    assert direct_run[0] > 2 and direct_run[2].startswith(b"Error: ")


def test_a_damaged_version(tmp_path: Path, talks: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "revtrack.db").write_bytes((talks / "revtrack.db").read_bytes())
    with sqlite3.connect(home / "revtrack.db") as db:
        db.execute("UPDATE versions SET body = x'6a756e6b' WHERE number = 2")
    db.close()
    for args in (["log", "talks"], ["show", "talks@2"], ["diff", "talks", "@1", "@3"]):
        direct_run, clicked = _both(args, _env(home))
        assert direct_run == clicked
        assert direct_run[0] == 5 and direct_run[2].startswith(b"Error: ")


def test_a_reader_gone_away(talks: Path) -> None:
    for command in (["-m", "revtrack"], ["-c", CLICK]):
        done = subprocess.run(
            f'{sys.executable} {command[0]} "{command[1]}" show talks | head -c 10',
            shell=True,
            capture_output=True,
            env=_env(talks),
            timeout=60,
        )
        assert (done.returncode, done.stdout, done.stderr) == (0, b"Ostravia a", b"")


@pytest.mark.parametrize("command", ["log", "show", "diff"])
def test_a_full_disk(command: str, talks: Path) -> None:
    found = []
    for way in (["-m", "revtrack"], ["-c", CLICK]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, *way, command, "talks"],
                stdout=full,
                stderr=subprocess.PIPE,
                env=_env(talks),
                timeout=60,
            )
        found.append((done.returncode, done.stderr))
    assert found[0] == found[1]
    assert found[0][0] == 3 and found[0][1].startswith(b"Error: cannot write standard output")


@pytest.mark.parametrize(
    "args",
    [
        ["log"],
        ["log", "talks", "--json"],
        ["log", "--", "talks"],
        ["log", "-h"],
        ["show", "-"],
        ["show", "talks", "--raw"],
        ["diff"],
        ["diff", "--color", "never"],
        ["diff", "talks", "--stat"],
        ["diff", "talks", "--color"],
        ["diff", "talks", "--color", "bogus"],
        ["diff", "talks", "--color="],
        ["diff", "talks", "-U", "3"],
        ["diff", "--", "talks"],
        ["diff", "talks", "-"],
        ["--store", "x", "log"],
    ],
)
def test_anything_else_goes_to_click(args: list[str]) -> None:
    assert direct.run(args) is None


def test_the_completion_goes_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_REVTRACK_COMPLETE", "bash_complete")
    assert direct.run(["log", "talks"]) is None


def test_they_do_not_load_click(talks: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from revtrack.__main__ import main\n"
            "sys.argv = ['revtrack', 'log', 'talks']\n"
            "try:\n"
            "    main()\n"
            "finally:\n"
            "    assert 'click' not in sys.modules\n",
        ],
        capture_output=True,
        text=True,
        env=_env(talks),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("@1  2025-01-01 09:00:00 +0000")


def test_the_defaults_are_the_options_of_the_command_line() -> None:
    params = {p.name: p for p in cli.commands["log"].params}
    assert params["tolerance"].default == direct.TOLERANCE
    severity = params["min_severity"]
    assert severity.default == direct.MIN_SEVERITY
    assert severity.envvar == direct.SEVERITY_ENV_VAR
    assert isinstance(severity.type, click.Choice)
    assert tuple(severity.type.choices) == direct.SEVERITIES
    assert {p.name for p in params.values() if isinstance(p, click.Argument)} == {"article"}
    shown = {p.name for p in cli.commands["show"].params if isinstance(p, click.Argument)}
    assert shown == {"ref"}
    given = {p.name: p for p in cli.commands["diff"].params}
    assert {name: p.default for name, p in given.items() if p.default is not click.core.UNSET} == {
        "by": direct.BY,
        "context": direct.CONTEXT,
        "output_format": "terminal",
        "output": "-",
        "tolerance": direct.TOLERANCE,
        "min_severity": direct.MIN_SEVERITY,
        "color": direct.COLOR,
    }
    assert tuple(given["color"].type.choices) == direct.COLORS  # type: ignore[attr-defined]
    assert {p.name for p in given.values() if getattr(p, "envvar", None)} == {"min_severity"}
