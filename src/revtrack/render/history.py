"""Terminal output of ``blame`` and ``search``: a line per sentence, as ``git blame`` prints a
line per line, and a line per article found.

Lines are written as :mod:`revtrack.render.lines` writes them (plain when the stream shows no
colour); article text is data, made visible, never markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from revtrack.evidence import Blame, Found, SearchResult, Seen
from revtrack.models import Note
from revtrack.render.layout import Line, flat, kind_and_time
from revtrack.render.output import Output
from revtrack.text import visible
from revtrack.times import show_time


def write_blame(
    blame: Blame, out: IO[str] | None = None, *, color: str = "auto", utc: bool = False
) -> None:
    """One line per sentence of the version: the version that gave it its wording, when that
    version was observed, the note it brought (if any), then the sentence."""
    Output(out, color).lines(blame_lines(blame, utc=utc))


def blame_lines(blame: Blame, *, utc: bool = False) -> Iterator[Line]:
    """``@2  2025-01-02 12:00:00 -0500  update 2025-01-02 11:40 ET  The talks resumed.``"""
    width = len(str(blame.version.number)) + 1
    notes = [_note(sentence.notes) for sentence in blame.sentences]
    notes_width = max((len(note) for note in notes), default=0)
    for sentence, note in zip(blame.sentences, notes, strict=True):
        origin = sentence.origin
        line: Line = [
            (f"{'@' + str(origin.number):<{width}}", "revtrack.number"),
            (f"  {show_time(origin.observed_at, utc=utc)}  ", "revtrack.meta"),
        ]
        if notes_width:
            line += [(f"{note:<{notes_width}}", "revtrack.note"), ("  ", "")]
        line.append((visible(flat(sentence.text)), ""))
        yield line


def _note(notes: tuple[Note, ...]) -> str:
    """The first note a version brought (``correction 2025-01-02``), and how many more."""
    if not notes:
        return ""
    return kind_and_time(notes[0]) + (f" (+{len(notes) - 1})" if len(notes) > 1 else "")


def write_search(
    result: SearchResult, out: IO[str] | None = None, *, color: str = "auto", utc: bool = False
) -> None:
    """Two lines per article found: its name, the versions that hold the query, when it first
    appeared and whether the latest version still holds it or when it was removed; then the
    first match in the last version holding it, with its context."""
    Output(out, color).lines(search_lines(result, utc=utc))


def search_lines(result: SearchResult, *, utc: bool = False) -> Iterator[Line]:
    """``talks  @2–@4  first in @2 2025-01-02 12:00:00 -0500  still in @4, the latest``."""
    width = max((len(visible(found.article)) for found in result.found), default=0)
    for found in result.found:
        line: Line = [
            (f"{visible(found.article):<{width}}", "revtrack.header"),
            (f"  {_stretches(found)}", "revtrack.number"),
            (f"  first in {_when(found.first, utc)}", ""),
        ]
        if found.in_latest:
            line.append((f"  still in @{found.latest.number}, the latest", "revtrack.insert"))
        elif found.removed is not None:
            line.append((f"  removed in {_when(found.removed, utc)}", "revtrack.delete"))
        yield line
        yield [(" " * width + "  ", ""), (visible(found.excerpt), "revtrack.collapsed")]


def _stretches(found: Found) -> str:
    return ", ".join(
        f"@{s.first.number}" + (f"–@{s.last.number}" if s.last.number != s.first.number else "")
        for s in found.stretches
    )


def _when(seen: Seen, utc: bool) -> str:
    return f"@{seen.number} {show_time(seen.observed_at, utc=utc)}"
