"""Renderers read only report models; the terminal one is checked with a pinned console."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import article_versions
from factories import fixture_history, fixture_report, text_report, version
from golden import check_golden
from rich.console import Console
from rich.text import Text

from revtrack.render import RenderOptions
from revtrack.render.console import THEME, make_console
from revtrack.render.layout import Line
from revtrack.render.lines import log_lines, notes_lines, write_text
from revtrack.render.output import Output
from revtrack.render.terminal import render_report
from revtrack.report import build_log, build_notes


def pinned_console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=80, color_system="standard", force_terminal=True, theme=THEME)
    return console, out


@pytest.mark.parametrize("name", ["talks", "storm", "recall"])
def test_terminal_report_with_pinned_console(name: str, request: pytest.FixtureRequest) -> None:
    console, out = pinned_console()
    render_report(console, fixture_report(name, 1, 2), RenderOptions(context=1, utc=False))
    check_golden(request, f"diff/{name}-1-2.ansi", out.getvalue())


def test_article_text_is_never_markup_or_escape_codes() -> None:
    hostile = "Say [bold]hi[/bold] \x1b[2J and \x1b]8;;http://x\x07link\n"
    console, out = pinned_console()
    report = text_report("Plain start.\n", "Plain start.\n\n" + hostile)
    render_report(console, report, RenderOptions(context=1, utc=True))
    shown = out.getvalue()
    assert "[bold]hi[/bold]" in shown
    assert "\x1b[2J" not in shown and "\x1b]8" not in shown and "\x07" not in shown
    assert "\\u001b[2J" in shown and "\\u0007" in shown


# --- line-oriented output --------------------------------------------------------------------


def rich_plain(lines: list[Line]) -> str:
    """The lines as rich draws them without colour."""
    out = io.StringIO()
    console = make_console("never", file=out)
    for line in lines:
        console.print(Text.assemble(*line), soft_wrap=True)
    return out.getvalue()


@pytest.mark.parametrize("name", ["talks", "storm", "recall", "hostile"])
def test_plain_lines_are_what_rich_draws_without_colour(name: str) -> None:
    versions = fixture_history(name)
    lines = [
        *log_lines(build_log(name, versions)),
        *notes_lines(build_notes(name, versions)),
    ]
    out = io.StringIO()
    Output(out, "never").lines(lines)
    assert out.getvalue() == rich_plain(lines)
    assert "\x1b" not in out.getvalue()


def rich_coloured(lines: list[Line]) -> str:
    """The lines as rich draws them in colour, a print each."""
    out = io.StringIO()
    console = make_console("always", file=out)
    for line in lines:
        console.print(Text.assemble(*line), soft_wrap=True)
    return out.getvalue()


#: Lines that try what rich might draw differently from their styles' codes around each text.
AWKWARD: list[Line] = [
    [("", "revtrack.header"), ("", ""), ("after empty segments", "revtrack.meta")],
    [("same", "revtrack.number"), ("style", "revtrack.number"), (" twice", "")],
    [("界面 wide and ", "revtrack.insert"), ("é combining e\u0301", "revtrack.delete")],
    [("emoji 🗞️ and a space at the end ", "revtrack.finding")],
    [("x" * 300, "revtrack.moved"), (" longer than any terminal", "revtrack.damaged")],
    [],
    [("[bold]not markup[/bold] :smile:", "revtrack.note"), ("  ", "revtrack.revert")],
    [("plain", ""), ("dim", "revtrack.collapsed"), ("plain again", "")],
]


@pytest.mark.parametrize(
    "terminal",
    [
        {"COLORTERM": "truecolor", "TERM": "xterm"},
        {"TERM": "xterm-256color"},
        {"TERM": "xterm"},
        {"TERM": "dumb"},
    ],
)
@pytest.mark.parametrize("name", ["talks", "storm", "recall", "hostile", "awkward"])
def test_coloured_lines_are_what_rich_draws_a_line_at_a_time(
    name: str, terminal: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("COLORTERM", "TERM", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in terminal.items():
        monkeypatch.setenv(variable, value)
    if name == "awkward":
        lines = AWKWARD
    else:
        versions = fixture_history(name)
        lines = [
            *log_lines(build_log(name, versions)),
            *notes_lines(build_notes(name, versions)),
        ]
    out = io.StringIO()
    Output(out, "always").lines(lines)
    assert out.getvalue() == rich_coloured(lines)


def test_coloured_lines_carry_their_styles() -> None:
    out = io.StringIO()
    Output(out, "always").lines(log_lines(build_log("talks", fixture_history("talks"))))
    assert "\x1b[" in out.getvalue() and "@1" in out.getvalue()


def test_piped_line_output_does_not_load_rich(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from revtrack.cli import cli\n"
        "for args in (['log', 'talks'], ['notes', 'talks'], ['list'], ['show', 'talks']):\n"
        "    try:\n"
        "        cli(args)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (args, exc.code)\n"
        "assert 'rich' not in sys.modules, sorted(m for m in sys.modules if 'rich' in m)\n"
    )
    env = {**os.environ, "REVTRACK_HOME": str(tmp_path)}
    env.pop("FORCE_COLOR", None)
    for path in article_versions("talks")[:2]:
        added = subprocess.run(
            [sys.executable, "-m", "revtrack", "add", "talks", str(path)], env=env, check=False
        )
        assert added.returncode == 0
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("@1 ") and "talks" in done.stdout


def test_a_tab_is_expanded_as_rich_expands_it() -> None:
    lines: list[Line] = [
        [("Error: x: 404 Not\tFound", "")],
        [("界面\tnews", "revtrack.meta"), ("\tmore", "")],
        [("plain line", "")],
    ]
    out = io.StringIO()
    Output(out, "never").lines(lines)
    assert out.getvalue() == rich_plain(lines)
    assert out.getvalue().startswith("Error: x: 404 Not       Found\n")  # to column 24


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_show_on_a_terminal_without_colour_still_escapes_control_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    text = "Say \x1b[2J hi\x07.\n"
    terminal, pipe = _Terminal(), io.StringIO()
    write_text(version(text), terminal)
    write_text(version(text), pipe)
    assert terminal.getvalue() == "Say \\u001b[2J hi\\u0007.\n"
    assert pipe.getvalue() == text  # piped: exactly as stored
