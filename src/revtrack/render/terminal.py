"""The ``terminal`` format of a change report: coloured on a terminal, plain text elsewhere.

Without colour, changes are marked as ``git diff --word-diff`` does,
``[-deleted-]{+inserted+}``, and moved text as ``{>moved<}``; such output is written as it is,
without loading rich. Article text is data: it goes through :func:`revtrack.text.visible`, so
escape sequences and control characters in an article are shown, not interpreted, and into
rich ``Text`` objects (never markup) when coloured.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

from revtrack.models import ChangeReport, Version
from revtrack.render.layout import (
    Gap,
    Line,
    Piece,
    collapse,
    finding_line,
    ignored_text,
    note_line,
    paragraphs,
    plural,
    summary_line,
)
from revtrack.render.output import plain
from revtrack.text import visible
from revtrack.times import show_time

if TYPE_CHECKING:
    from rich.console import Console

    from revtrack.render import RenderOptions

#: How each kind of piece is marked: a rich style with colour, plain-text markers without.
_LOOK = {
    "equal": ("", "", ""),
    "delete": ("revtrack.delete", "[-", "-]"),
    "insert": ("revtrack.insert", "{+", "+}"),
    "moved": ("revtrack.moved", "{>", "<}"),
    "note": ("revtrack.collapsed", "[", "]"),
}


def write_report(report: ChangeReport, options: RenderOptions, out: IO[str]) -> None:
    """The ``terminal`` format: the console's colours on a terminal, marked text elsewhere."""
    if plain(options.color, out):
        out.write(
            "".join(
                "".join(text for text, _ in line) + "\n"
                for line in _lines(report, options, color=False)
            )
        )
        return
    from revtrack.render.console import make_console

    render_report(make_console(options.color, file=out), report, options)


def render_report(console: Console, report: ChangeReport, options: RenderOptions) -> None:
    """Print a change report on a rich console (coloured if the console is)."""
    from rich.text import Text

    from revtrack.render.console import styled

    for line in _lines(report, options, color=styled(console)):
        console.print(Text.assemble(*line), soft_wrap=True)


def _lines(report: ChangeReport, options: RenderOptions, *, color: bool) -> Iterator[Line]:
    """The report line by line: the two versions, the statistics, the notes that came and
    went, the findings of the changes between, then the changed paragraphs."""
    yield _version_line("---", report.old, utc=options.utc)
    yield _version_line("+++", report.new, utc=options.utc)
    yield summary_line(report.diff.stats)
    for sign, notes in (("+", report.notes_added), ("-", report.notes_removed)):
        for note in notes:
            yield note_line(sign, note)
    for finding in report.findings:
        yield finding_line(finding)
    ignored = ignored_text(report.ignored_by)
    if ignored:
        yield [(visible(ignored), "revtrack.meta")]
    if options.stat:
        return
    laid = paragraphs(report.diff.blocks, options.by)
    for item in collapse(laid, options.context):
        yield []
        if isinstance(item, Gap):
            yield [(item.label, "revtrack.collapsed")]
        else:
            yield _pieces(item.pieces, color=color)


def _pieces(pieces: Sequence[Piece], *, color: bool) -> Line:
    line: Line = []
    for kind, raw in pieces:
        style, start, end = _LOOK[kind]
        shown = visible(raw)
        if kind == "note":
            space = " " if any(text.strip() for text, _ in line) else ""
            line.append((f"{space}({shown})" if color else f"{space}[{shown}]", style))
        elif color or kind == "equal":
            line.append((shown, style))
        else:
            line.append((f"{start}{shown}{end}", ""))
    return line


def _version_line(prefix: str, version: Version, *, utc: bool) -> Line:
    line: Line = [
        (f"{prefix} {visible(version.article)}@{version.number}", "revtrack.header"),
        (f"  {show_time(version.observed_at, utc=utc)}  {plural(version.word_count, 'word')}", ""),
    ]
    if version.revert_of is not None:
        line.append((f"  (same text as @{version.revert_of})", "revtrack.revert"))
    return line
