"""The ``patch`` format of a change report: a unified diff of the two texts, line by line.

The patch is what ``diff -u`` would print for two files holding the versions, so that
``patch -p1`` and ``git apply``, given a file named after the article that holds the old text,
make it hold the new text, byte for byte: the text goes into the patch exactly as it is (lines
end at ``\\n`` alone, a last line without one is marked ``\\ No newline at end of file``). Two
lines before the ``---`` header say which versions these are and what changed in words and
sentences; both tools skip text before a header. Identical texts give no patch at all, as
``diff -u`` and ``git diff`` give none (``patch`` reads that as nothing to do; ``git apply``
wants ``--allow-empty`` for it).

With ``--stat``, a summary in the shape of ``git diff --stat`` instead, followed by revtrack's
own: words, sentences, notes and findings, their text made visible as in the terminal format.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

from revtrack.models import ChangeReport, Op
from revtrack.render.layout import Line, finding_line, ignored_text, note_line, summary_line
from revtrack.text import split_lines, visible

if TYPE_CHECKING:
    from revtrack.render import RenderOptions

#: Unchanged lines kept around each change, as ``diff -u`` does.
CONTEXT = 3
#: The width ``git diff --stat`` fits its lines into when not on a terminal.
STAT_WIDTH = 80
NO_NEWLINE = "\\ No newline at end of file\n"
#: A time stamp that both tools read as "this file does not exist".
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def write_report(report: ChangeReport, options: RenderOptions, out: IO[str]) -> None:
    """The ``patch`` format: a unified diff, or with ``options.stat`` a ``--stat`` summary."""
    if report.line_runs is None:
        raise ValueError("the patch format needs a report built with its line diff (lines=True)")
    old, new = split_lines(report.old.text), split_lines(report.new.text)
    hunks = list(_hunks(old, new, report.line_runs))
    if options.stat:
        out.write("".join(f"{line}\n" for line in _stat(report, hunks)))
        return
    if not hunks:
        return
    name = file_name(report.article)
    out.write(f"revtrack diff {visible(report.article)}@{report.old.number} ")
    out.write(f"{visible(report.article)}@{report.new.number}\n")
    out.write(_plain(summary_line(report.diff.stats)) + "\n")
    out.write(f"--- a/{name}\t{_stamp(report.old.observed_at, utc=options.utc)}\n")
    out.write(f"+++ b/{name}\t{_stamp(report.new.observed_at, utc=options.utc)}\n")
    for hunk in hunks:
        out.write(hunk.header + "\n")
        for sign, line in hunk.lines:
            out.write(sign + line)
            if not line.endswith("\n"):
                out.write("\n" + NO_NEWLINE)


def file_name(article: str) -> str:
    """The name of the file a patch applies to: the article's name, made one plain path
    component (``/`` and ``\\``, quotes and control characters become ``_``; a name of dots
    alone would be a directory)."""
    name = "".join(
        "_" if c in '/\\"' or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
        for c in article
    )
    if not name.strip("."):
        return "_" * len(name)
    return "_" + name if name.lower() == ".git" else name  # a name git will not write to


def _stamp(moment: datetime, *, utc: bool) -> str:
    """A file time as ``diff -u`` writes it (``2025-01-02 09:00:00.000000000 -0500``): in UTC
    or in local time with its offset. The epoch itself, which both tools take to mean the
    file does not exist, is moved by a nanosecond."""
    shown = moment.astimezone(UTC) if utc else moment.astimezone()
    nanoseconds = shown.microsecond * 1000 + (1 if moment == _EPOCH else 0)
    return shown.strftime(f"%Y-%m-%d %H:%M:%S.{nanoseconds:09d} %z")


def _plain(line: Line) -> str:
    return "".join(text for text, _ in line)


# --- hunks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    """Lines ``old[i1:i2]`` replaced by ``new[j1:j2]``, with equal lines on both sides."""

    i1: int
    i2: int
    j1: int
    j2: int


@dataclass(frozen=True)
class _Hunk:
    old_start: int  # 0-based index of the first line of the hunk in the old text
    old_count: int
    new_start: int
    new_count: int
    lines: tuple[tuple[str, str], ...]  # (" ", "-" or "+", the line)

    @property
    def header(self) -> str:
        old = _range(self.old_start, self.old_count)
        return f"@@ -{old} +{_range(self.new_start, self.new_count)} @@"

    @property
    def added(self) -> int:
        return sum(sign == "+" for sign, _ in self.lines)

    @property
    def deleted(self) -> int:
        return sum(sign == "-" for sign, _ in self.lines)


def _range(start: int, count: int) -> str:
    """A hunk's range as ``diff -u`` writes it: ``5`` for one line, ``5,3`` for three, and
    ``4,0`` for none, numbered after the line it follows."""
    if count == 1:
        return f"{start + 1}"
    return f"{start + 1 if count else start},{count}"


def _changes(runs: Sequence[tuple[Op, int]]) -> Iterator[_Change]:
    i = j = 0
    start: tuple[int, int] | None = None
    for op, count in runs:
        if op is Op.EQUAL:
            if start is not None:
                yield _Change(start[0], i, start[1], j)
                start = None
            i += count
            j += count
            continue
        if start is None:
            start = (i, j)
        if op is Op.DELETE:
            i += count
        else:
            j += count
    if start is not None:
        yield _Change(start[0], i, start[1], j)


def _hunks(
    old: Sequence[str], new: Sequence[str], runs: Sequence[tuple[Op, int]]
) -> Iterator[_Hunk]:
    """The changes with ``CONTEXT`` lines around each; changes closer than twice that share
    a hunk. In a hunk, the deleted lines of a change come before the inserted ones."""
    changes = list(_changes(runs))
    groups: list[list[_Change]] = []
    for change in changes:
        if groups and change.i1 - groups[-1][-1].i2 <= 2 * CONTEXT:
            groups[-1].append(change)
        else:
            groups.append([change])
    for group in groups:
        first, last = group[0], group[-1]
        old_start = max(0, first.i1 - CONTEXT)
        old_end = min(len(old), last.i2 + CONTEXT)
        new_start = first.j1 - (first.i1 - old_start)
        new_end = last.j2 + (old_end - last.i2)
        body: list[tuple[str, str]] = []
        at = old_start
        for change in group:
            body += [(" ", line) for line in old[at : change.i1]]
            body += [("-", line) for line in old[change.i1 : change.i2]]
            body += [("+", line) for line in new[change.j1 : change.j2]]
            at = change.i2
        body += [(" ", line) for line in old[at:old_end]]
        yield _Hunk(old_start, old_end - old_start, new_start, new_end - new_start, tuple(body))


# --- --stat ------------------------------------------------------------------------------


def _stat(report: ChangeReport, hunks: Sequence[_Hunk]) -> Iterator[str]:
    added = sum(h.added for h in hunks)
    deleted = sum(h.deleted for h in hunks)
    if hunks:
        yield _stat_line(file_name(report.article), added, deleted)
        yield _files_changed(added, deleted)
    else:
        yield " 0 files changed"
    yield _plain(summary_line(report.diff.stats))
    for sign, notes in (("+", report.notes_added), ("-", report.notes_removed)):
        for note in notes:
            yield _plain(note_line(sign, note))
    for finding in report.findings:
        yield _plain(finding_line(finding))
    ignored = ignored_text(report.ignored_by)
    if ignored:
        yield ignored


def _stat_line(name: str, added: int, deleted: int) -> str:
    """`` talks | 12 +++++-------``, fitted into ``STAT_WIDTH`` columns as git fits it."""
    changed = added + deleted
    number_width = len(str(changed))
    graph_width, name_width = changed, len(name)
    if name_width + number_width + 6 + graph_width > STAT_WIDTH:
        graph_width = min(graph_width, max(STAT_WIDTH * 3 // 8 - number_width - 6, 6))
        if name_width > STAT_WIDTH - number_width - 6 - graph_width:
            name_width = STAT_WIDTH - number_width - 6 - graph_width
        else:
            graph_width = STAT_WIDTH - number_width - 6 - name_width
    if len(name) > name_width:
        name = "..." + name[len(name) - name_width + 3 :]
    plus, minus = added, deleted
    if graph_width < changed:
        total = _scale(changed, graph_width, changed)
        if total < 2 and added and deleted:
            total = 2
        if added < deleted:
            plus = _scale(added, graph_width, changed)
            minus = total - plus
        else:
            minus = _scale(deleted, graph_width, changed)
            plus = total - minus
    return f" {name:<{name_width}} | {changed:>{number_width}} {'+' * plus}{'-' * minus}"


def _scale(count: int, width: int, largest: int) -> int:
    """``count`` of ``largest`` in ``width`` columns, at least one if not zero (as git)."""
    return 1 + count * (width - 1) // largest if count else 0


def _files_changed(added: int, deleted: int) -> str:
    line = " 1 file changed"
    if added or not deleted:
        line += f", {added} insertion{'' if added == 1 else 's'}(+)"
    if deleted or not added:
        line += f", {deleted} deletion{'' if deleted == 1 else 's'}(-)"
    return line
