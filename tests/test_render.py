"""Renderers read only report models; the terminal one is checked with a pinned console."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from conftest import article_versions
from golden import check_golden
from rich.console import Console

from revtrack.models import Snapshot
from revtrack.render import RenderOptions
from revtrack.render.console import THEME
from revtrack.render.terminal import render_report
from revtrack.report import build_report
from revtrack.store.sqlite import SqliteStore
from revtrack.text import normalize


def pinned_console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=80, color_system="standard", force_terminal=True, theme=THEME)
    return console, out


@pytest.mark.parametrize("name", ["talks", "storm", "recall"])
def test_terminal_report_with_pinned_console(name: str, request: pytest.FixtureRequest) -> None:
    start = datetime(2025, 1, 2, 14, tzinfo=UTC)  # as the CLI goldens: 09:00 New York time
    with SqliteStore.open(":memory:") as store:
        for n, path in enumerate(article_versions(name)[:2]):
            text = normalize(path.read_text(encoding="utf-8"))
            store.add(name, Snapshot(text=text, source="file"), start + timedelta(hours=3 * n))
        old, new = store.versions(name, [1, 2])
    console, out = pinned_console()
    render_report(console, build_report(old, new), RenderOptions(context=1, utc=False))
    check_golden(request, f"diff/{name}-1-2.ansi", out.getvalue())


def test_article_text_is_never_markup_or_escape_codes() -> None:
    hostile = "Say [bold]hi[/bold] \x1b[2J and \x1b]8;;http://x\x07link\n"
    with SqliteStore.open(":memory:") as store:
        store.add("x", Snapshot(text="Plain start.\n", source="stdin"))
        store.add("x", Snapshot(text="Plain start.\n\n" + hostile, source="stdin"))
        old, new = store.versions("x", [1, 2])
    console, out = pinned_console()
    render_report(console, build_report(old, new), RenderOptions(context=1, utc=True))
    shown = out.getvalue()
    assert "[bold]hi[/bold]" in shown
    assert "\x1b[2J" not in shown and "\x1b]8" not in shown and "\x07" not in shown
    assert "\\u001b[2J" in shown and "\\u0007" in shown
