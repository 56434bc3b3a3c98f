"""The ``terminal`` format of a change report: coloured on a terminal, plain text elsewhere.

Without colour, changes are marked as ``git diff --word-diff`` does,
``[-deleted-]{+inserted+}``, and moved text as ``{>moved<}``; such output is written as it is,
without loading rich. Article text is data: it goes through :func:`revtrack.text.visible`, so
escape sequences and control characters in an article are shown, not interpreted, and into
rich ``Text`` objects (never markup) when coloured.

Each paragraph is headed by its number (``¶5``, ``¶5→¶6`` where it moved, as the notes of
moves count them), and folded at the report's width (see :mod:`revtrack.render.wrap`): on a
terminal its width, elsewhere none unless one is given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
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
from revtrack.render.output import Output, plain
from revtrack.render.wrap import report_width, wrap
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
    """The ``terminal`` format: the console's colours on a terminal, marked text elsewhere;
    folded at the terminal's width on a terminal, at ``options.width`` if given."""
    options = replace(options, width=report_width(out, options.width))
    if plain(options.color, out):
        lines = _lines(report, options, color=False)
        out.writelines("".join(text for text, _ in line) + "\n" for line in lines)
        return
    from revtrack.render.console import styled

    output = Output(out, options.color)  # (drawn as rich would, a line at a time, but faster)
    output.lines(_lines(report, options, color=styled(output.console)))


def render_report(console: Console, report: ChangeReport, options: RenderOptions) -> None:
    """Print a change report on a rich console (coloured if the console is), folded at
    ``options.width`` if it is given (not at the console's)."""
    from rich.text import Text

    from revtrack.render.console import styled

    for line in _lines(report, options, color=styled(console)):
        console.print(Text.assemble(*line), soft_wrap=True)


#: Where the lines after the first of a line of the report's head start.
_HANGING = 2


def _lines(report: ChangeReport, options: RenderOptions, *, color: bool) -> Iterator[Line]:
    """The report line by line, folded at ``options.width``."""
    for line, indent in _laid(report, options, color=color):
        yield from wrap(line, options.width, indent)


def _laid(
    report: ChangeReport, options: RenderOptions, *, color: bool
) -> Iterator[tuple[Line, int]]:
    """The report's lines, each with where its folded lines start: the two versions, the
    statistics, the notes that came and went, the findings of the changes between, then the
    changed paragraphs, each after its number."""
    yield _version_line("---", report.old, utc=options.utc), _HANGING
    yield _version_line("+++", report.new, utc=options.utc), _HANGING
    yield summary_line(report.diff.stats), _HANGING
    for sign, notes in (("+", report.notes_added), ("-", report.notes_removed)):
        for note in notes:
            yield note_line(sign, note), _HANGING
    for finding in report.findings:
        yield finding_line(finding), _HANGING
    ignored = ignored_text(report.ignored_by)
    if ignored:
        yield [(visible(ignored), "revtrack.meta")], _HANGING
    if options.stat:
        return
    shown = list(collapse(paragraphs(report.diff.blocks, options.by), options.context, keep=False))
    gutter = max((len(item.label) for item in shown if not isinstance(item, Gap)), default=0)
    indent = gutter + 2 if gutter else 0
    for item in shown:
        yield [], 0
        if isinstance(item, Gap):
            yield [(" " * indent, ""), (item.label, "revtrack.collapsed")], indent
        else:
            number: Line = [(f"{item.label:<{gutter}}", "revtrack.paragraph"), ("  ", "")]
            yield (number if gutter else []) + _pieces(item.pieces, color=color), indent


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
