"""What a refresh shows as it goes: a line per new version on stdout, failures on stderr, a
progress bar on a terminal, and a summary. Nothing is loaded until there is something to show,
so that a refresh with nothing due stays quick. And what a copy of a store shows (its progress
bar, and a summary), and a check of one (its progress bar).
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Self

from revtrack.models import CopyReport, Outcome, RefreshReport, RefreshResult
from revtrack.render.layout import plural
from revtrack.render.lines import added_line
from revtrack.render.output import Output
from revtrack.text import visible

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ProgressBar:
    """A bar of the items done out of a total, on standard error, drawn only on a terminal
    (none when piped, as from cron), and gone once stopped."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def start(self, count: int, errors: Output) -> None:
        """Show the bar, of ``count`` items; once shown, ``count`` more (a refresh claims its
        articles batch by batch)."""
        if self._progress is not None and self._task is not None:
            shown = self._progress.tasks[0].total or 0
            self._progress.update(self._task, total=shown + count)
            return
        if errors.plain or not errors.console.is_terminal:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn(self.label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=errors.console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=count)

    def advance(self, items: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, items)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


class RefreshPrinter:
    """What a refresh shows as it goes: a line per new version on stdout, failures on
    stderr, and a progress bar on a terminal (none when piped, as from cron)."""

    def __init__(
        self, color: str = "auto", *, as_json: bool = False, out: IO[str] | None = None
    ) -> None:
        self.color = color
        self.as_json = as_json
        self._out = out
        self._outputs: tuple[Output, Output] | None = None
        self._bar = ProgressBar("refresh")

    def _streams(self) -> tuple[Output, Output]:
        """Standard output (or ``out``) and standard error, taken when first needed."""
        if self._outputs is None:
            self._outputs = Output(self._out, self.color), Output(stderr=True)
        return self._outputs

    def __enter__(self) -> RefreshPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def total(self, count: int) -> None:
        if not self.as_json:
            self._bar.start(count, self._streams()[1])

    def result(self, result: RefreshResult) -> None:
        self._bar.advance()
        if self.as_json:
            return
        out, errors = self._streams()
        if result.outcome is Outcome.FAILED:
            errors.line([(f"Error: {visible(result.article)}: {visible(result.error or '')}", "")])
        elif (
            result.recorded is not None
            and result.outcome in (Outcome.CHANGED, Outcome.NEW)
            and result.recorded.notable
        ):
            line = added_line(result.recorded)
            if result.outcome is Outcome.NEW:
                line.append(("  (new)", "revtrack.meta"))
            out.line(line)

    @staticmethod
    def summary(report: RefreshReport) -> str:
        quiet = report.count(Outcome.CHANGED, Outcome.NEW) - report.changed
        parts = [
            f"{report.count(Outcome.CHANGED)} changed"
            + (f" ({quiet} less severe than --min-severity)" if quiet else ""),
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


class _BarPrinter:
    """A progress bar of a job over the whole store, on standard error, on a terminal only
    (none when piped, or with ``--json``), gone when the job is done."""

    LABEL = ""

    def __init__(self, *, as_json: bool = False) -> None:
        self.as_json = as_json
        self._bar = ProgressBar(self.LABEL)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def total(self, count: int) -> None:
        if not self.as_json:
            self._bar.start(count, Output(stderr=True))


class CopyPrinter(_BarPrinter):
    """What a copy of a store shows as it goes: a progress bar of the articles copied; then a
    summary."""

    LABEL = "copy"

    def copied(self, article: str, versions: int) -> None:
        self._bar.advance()

    @staticmethod
    def summary(report: CopyReport, target: str) -> str:
        return (
            f"copied to {visible(target)}: {plural(report.articles, 'article')}, "
            f"{plural(report.copied, 'version')} copied, {report.present:,} already there, "
            f"{plural(report.feeds, 'feed')}, {plural(report.rules, 'rule')}"
        )


class CheckPrinter(_BarPrinter):
    """What a check of a store shows as it goes: a progress bar of the versions rebuilt."""

    LABEL = "check"

    def checked(self, article: str, versions: int) -> None:
        self._bar.advance(versions)


class ImportPrinter(_BarPrinter):
    """What an import shows as it goes: a progress bar of the articles (of an export) or the
    captures (of a web archive) imported."""

    LABEL = "import"

    def copied(self, article: str, versions: int) -> None:
        self._bar.advance()
