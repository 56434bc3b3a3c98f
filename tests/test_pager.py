"""A report on a terminal goes through a pager, as git's do: revtrack runs as a real process on
a pseudo-terminal, with a pager that records what it is given."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Run, article_versions

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

ANSI = re.compile(r"\x1b\[[0-9;]*m")
RunFn = Callable[..., Run]


def add_all(run: RunFn, name: str) -> None:
    for path in article_versions(name):
        assert run("add", name, str(path)).code == 0


@dataclass(frozen=True)
class Shown:
    code: int
    terminal: str  # what reached the terminal itself
    stderr: str
    paged: str | None  # what the pager was given, None if it did not run
    less: str | None  # the LESS the pager saw


@pytest.fixture
def recorder(tmp_path: Path) -> Path:
    """A pager that keeps what it reads, and the LESS it was given."""
    script = tmp_path / "record-pager"
    script.write_text(
        f'#!/bin/sh\nprintf "%s" "${{LESS-unset}}" > "{tmp_path}/less"\ncat > "{tmp_path}/paged"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def on_terminal(
    tmp_path: Path,
    *args: str,
    env: dict[str, str | None] | None = None,
    columns: int = 80,
    stdout_terminal: bool = True,
) -> Shown:
    """Run revtrack with a pseudo-terminal for standard input and output (``columns`` wide)
    and standard error a pipe."""
    import fcntl
    import pty
    import struct
    import termios

    environ = {k: v for k, v in os.environ.items() if k not in ("PAGER", "LESS", "COLUMNS")}
    environ.pop("REVTRACK_PAGER", None)
    for name, value in (env or {}).items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-m", "revtrack", *args],
        stdin=slave,
        stdout=slave if stdout_terminal else subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ,
    ) as process:
        os.close(slave)
        received = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal is closed: every process that had it is done
                break
            if not chunk:
                break
            received += chunk
        os.close(master)
        piped, stderr = process.communicate()
    code = process.returncode
    paged = tmp_path / "paged"
    less = tmp_path / "less"
    return Shown(
        code,
        (received + (piped or b"")).decode().replace("\r\n", "\n"),
        stderr.decode(),
        paged.read_text(encoding="utf-8") if paged.exists() else None,
        less.read_text(encoding="utf-8") if less.exists() else None,
    )


REPORTS = [
    ("diff", "talks", "@1", "@4"),
    ("log", "talks"),
    ("notes", "talks"),
    ("show", "talks"),
    ("blame", "talks"),
]


@pytest.mark.parametrize("args", REPORTS, ids=lambda a: a[0])
def test_a_report_on_a_terminal_goes_through_the_pager(
    run: RunFn, tmp_path: Path, recorder: Path, args: tuple[str, ...]
) -> None:
    add_all(run, "talks")
    shown = on_terminal(tmp_path, *args, env={"PAGER": str(recorder)})
    assert (shown.code, shown.stderr) == (0, ""), shown
    assert shown.paged and shown.terminal == "", shown
    assert shown.less == "FRX"  # git's default, when LESS is not set
    if args[0] != "show":  # the pager shows the terminal's colours
        assert "\x1b[" in shown.paged
    assert "Traceback" not in shown.paged


def test_the_terminal_width_folds_the_report_behind_the_pager(
    run: RunFn, tmp_path: Path, recorder: Path
) -> None:
    add_all(run, "talks")
    for columns in (20, 40, 80):
        shown = on_terminal(
            tmp_path, "diff", "talks", "@1", "@4", env={"PAGER": str(recorder)}, columns=columns
        )
        assert shown.paged is not None and shown.code == 0, shown
        lines = ANSI.sub("", shown.paged).splitlines()
        # (Latin text: a character a cell; a word longer than the room has a line of its own)
        too_wide = [
            line
            for line in lines
            if len(line) > columns and len(re.sub(r"^ *(¶\S+)? *", "", line).split()) > 1
        ]
        assert not too_wide, shown.paged
        if columns == 80:
            assert max(len(line) for line in lines) > 70
    shown = on_terminal(
        tmp_path, "diff", "talks", "@1", "@4", env={"PAGER": str(recorder), "COLUMNS": "30"}
    )
    assert shown.paged is not None
    assert max(len(line) for line in ANSI.sub("", shown.paged).splitlines()) <= 30


def test_the_revtrack_pager_comes_first_and_less_keeps_its_settings(
    run: RunFn, tmp_path: Path, recorder: Path
) -> None:
    add_all(run, "talks")
    env = {"REVTRACK_PAGER": str(recorder), "PAGER": "false", "LESS": "-S"}
    shown = on_terminal(tmp_path, "log", "talks", env=env)
    assert shown.code == 0 and shown.paged and shown.less == "-S", shown


def test_a_pager_command_with_arguments_runs_in_the_shell(
    run: RunFn, tmp_path: Path, recorder: Path
) -> None:
    add_all(run, "talks")
    shown = on_terminal(tmp_path, "log", "talks", env={"PAGER": f"{recorder} --some-option"})
    assert shown.code == 0 and shown.paged and "@4" in shown.paged, shown


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--no-pager", "log", "talks"), {}),
        (("-P", "diff", "talks"), {}),
        (("log", "talks"), {"PAGER": ""}),
        (("log", "talks"), {"PAGER": "cat"}),
        (("log", "talks"), {"REVTRACK_PAGER": "", "PAGER": "RECORDER"}),
        (("log", "talks", "--json"), {}),
        (("diff", "talks", "--format", "json"), {}),
    ],
    ids=[
        "no-pager",
        "P",
        "PAGER-empty",
        "PAGER-cat",
        "REVTRACK_PAGER-empty",
        "json",
        "format-json",
    ],
)
def test_no_pager_when_told_so(
    run: RunFn, tmp_path: Path, recorder: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    add_all(run, "talks")
    environ: dict[str, str | None] = {"PAGER": str(recorder)}
    environ |= {k: str(recorder) if v == "RECORDER" else v for k, v in env.items()}
    shown = on_terminal(tmp_path, *args, env=environ)
    assert shown.code == 0 and shown.paged is None, shown
    assert "talks" in shown.terminal or "@4" in shown.terminal, shown


def test_no_pager_for_a_file_or_a_pipe(run: RunFn, tmp_path: Path, recorder: Path) -> None:
    add_all(run, "talks")
    report = tmp_path / "report.txt"
    shown = on_terminal(tmp_path, "diff", "talks", "-o", str(report), env={"PAGER": str(recorder)})
    assert shown.code == 0 and shown.paged is None and "talks@4" in report.read_text(), shown
    piped = on_terminal(
        tmp_path, "log", "talks", env={"PAGER": str(recorder)}, stdout_terminal=False
    )
    assert piped.code == 0 and piped.paged is None and "@4" in piped.terminal, piped
    assert "\x1b[" not in piped.terminal


def test_without_less_installed_the_report_goes_to_the_terminal(run: RunFn, tmp_path: Path) -> None:
    add_all(run, "talks")
    nowhere = tmp_path / "empty-path"
    nowhere.mkdir()
    shown = on_terminal(tmp_path, "log", "talks", env={"PATH": str(nowhere)})
    assert shown.code == 0 and "@4" in shown.terminal, shown


@pytest.mark.parametrize("pager", ["true", "head -c 100 > /dev/null", "exit 3"])
def test_a_pager_quit_early_is_no_error(run: RunFn, tmp_path: Path, pager: str) -> None:
    """The reader quits the pager before the end of a long report (more than a pipe holds)."""
    paragraphs = [f"Paragraph {n} of a long report about the port talks." for n in range(3000)]
    source = tmp_path / "long.txt"
    source.write_text("\n\n".join(paragraphs), encoding="utf-8")
    assert run("add", "long", str(source)).code == 0
    source.write_text("\n\n".join(p.replace("port", "harbor") for p in paragraphs))
    assert run("add", "long", str(source)).code == 0
    shown = on_terminal(tmp_path, "diff", "long", env={"PAGER": pager})
    assert (shown.code, shown.stderr) == (0, ""), shown
    assert "Traceback" not in shown.terminal
    status = on_terminal(tmp_path, "diff", "long", "--exit-code", env={"PAGER": pager})
    assert (status.code, status.stderr) == (1, ""), status


def test_an_error_is_said_after_the_pager(tmp_path: Path, recorder: Path) -> None:
    shown = on_terminal(tmp_path, "log", "nothing", env={"PAGER": str(recorder)})
    assert shown.code != 0 and "Error:" in shown.stderr, shown
    assert shown.paged == ""
