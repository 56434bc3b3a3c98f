"""Renderers read only report models; the terminal one is checked with a pinned console."""

from __future__ import annotations

import io

import pytest
from factories import fixture_report, text_report
from golden import check_golden
from rich.console import Console

from revtrack.render import RenderOptions
from revtrack.render.console import THEME
from revtrack.render.terminal import render_report


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
