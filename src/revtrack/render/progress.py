"""What a refresh shows as it goes: a line per new version on stdout, failures on stderr, a
progress bar on a terminal, and a summary. Nothing is loaded until there is something to show,
so that a refresh with nothing due stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from revtrack.models import Outcome, RefreshReport, RefreshResult
from revtrack.render.layout import plural
from revtrack.text import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


class RefreshPrinter:
    """What a refresh shows as it goes: a line per new version on stdout, failures on
    stderr, and a progress bar on a terminal (none when piped, as from cron)."""

    def __init__(
        self,
        color: str = "auto",
        *,
        as_json: bool = False,
        console: Callable[[], Console] | None = None,
    ) -> None:
        self.color = color
        self.as_json = as_json
        self._make_console = console
        self._consoles: tuple[Console, Console] | None = None
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def _out(self) -> tuple[Console, Console]:
        """The consoles for stdout (``console``, if given) and stderr, made when first needed
        (rich is loaded only by a refresh that has something to show)."""
        if self._consoles is None:
            from revtrack.render.console import make_console

            out = self._make_console() if self._make_console else make_console(self.color)
            self._consoles = out, make_console(stderr=True)
        return self._consoles

    def __enter__(self) -> RefreshPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def total(self, count: int) -> None:
        errors = self._out()[1]
        if errors.is_terminal and not self.as_json:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn("refresh"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=errors,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("refresh", total=count)

    def result(self, result: RefreshResult) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)
        if self.as_json:
            return
        from rich.text import Text

        from revtrack.render.lines import added_line

        console, errors = self._out()
        if result.outcome is Outcome.FAILED:
            errors.print(
                Text(f"Error: {visible(result.article)}: {visible(result.error or '')}"),
                soft_wrap=True,
            )
        elif result.recorded is not None and result.outcome in (Outcome.CHANGED, Outcome.NEW):
            line = added_line(result.recorded)
            if result.outcome is Outcome.NEW:
                line.append("  (new)", style="revtrack.meta")
            console.print(line, soft_wrap=True)

    @staticmethod
    def summary(report: RefreshReport) -> str:
        parts = [
            f"{report.count(Outcome.CHANGED)} changed",
            f"{report.count(Outcome.NEW)} new",
            f"{report.count(Outcome.UNCHANGED, Outcome.NOT_MODIFIED)} unchanged"
            f" ({report.count(Outcome.NOT_MODIFIED)} not modified)",
            f"{report.count(Outcome.FAILED)} failed",
        ]
        feeds = ""
        if report.feeds:
            failed = sum(f.error is not None for f in report.feeds)
            feeds = f"; {plural(len(report.feeds), 'feed')} checked" + (
                f", {failed} failed" if failed else ""
            )
        return (
            f"refresh: {plural(len(report.results), 'article')} checked in "
            f"{report.seconds:.1f} s: {', '.join(parts)}{feeds}"
        )
