"""The ``markdown`` format of a change report, for chat and email.

Deleted words are ``~~struck through~~`` and inserted ones ``**bold**``, which read as such
with or without a Markdown viewer; moved text is ``_in italics_`` with where it came from.
Article text is escaped, so that nothing in it is taken for Markdown or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

from revtrack.models import ChangeReport, Finding, Note, Version
from revtrack.render.layout import (
    Gap,
    Piece,
    collapse,
    finding_label,
    flat,
    ignored_text,
    kind_and_time,
    paragraphs,
    plural,
    sentence_counts,
    transition,
)
from revtrack.text import visible
from revtrack.times import show_time

if TYPE_CHECKING:
    from revtrack.render import RenderOptions

#: Characters with a meaning in Markdown (or HTML) wherever they are, and what chat and
#: GitHub turn into links and mentions (``https://``, ``www.``, ``@name``, ``#123``) ...
_SPECIAL = re.compile(r"([\\`*_\[\]<>~@#]|&(?=#?\w+;)|:(?=//)|(?<=\bwww)\.)", re.IGNORECASE)
#: ... and at the start of a line: a heading, a quote, a list, a rule.
_LINE_START = re.compile(r"^(\s*(?:\d+)?)([-+=>#.)])", re.MULTILINE)
#: How each kind of piece is marked.
_MARKS = {"delete": "~~", "insert": "**", "moved": "_"}


def write_report(report: ChangeReport, options: RenderOptions, out: IO[str]) -> None:
    """The ``markdown`` format: a heading, the summary, the notes and findings, the changes."""
    out.write("\n\n".join(_blocks(report, options)) + "\n")


def escape(text: str) -> str:
    """Article text as literal Markdown inside a line: special characters escaped, control
    characters made visible."""
    return _SPECIAL.sub(r"\\\1", visible(text))


def _lines(markdown: str) -> str:
    """Markdown text whose lines start with what would start a heading, a quote or a list
    there, escaped to be text."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), markdown)


def _blocks(report: ChangeReport, options: RenderOptions) -> Iterator[str]:
    old, new = report.old, report.new
    title = new.title or old.title
    heading = f"### {escape(report.article)}: @{old.number} → @{new.number}"
    yield heading + (f"\n\n{_lines(escape(title))}" if title else "")
    yield "\n".join(
        [_version_line("−", old, utc=options.utc), _version_line("+", new, utc=options.utc)]
    )
    stats = report.diff.stats
    summary = f"**+{stats.words_added:,} −{stats.words_deleted:,} words**"
    sentences = sentence_counts(stats)
    if sentences:
        summary += f" · sentences: {sentences}"
    yield summary + f" · {stats.change_ratio:.1%} changed"
    notes = [_note_line("+", n) for n in report.notes_added]
    notes += [_note_line("−", n) for n in report.notes_removed]
    if notes:
        yield "**Editorial notes**\n\n" + "\n".join(notes)
    if report.findings:
        yield "**Stealth-edit findings**\n\n" + "\n".join(_finding_line(f) for f in report.findings)
    ignored = ignored_text(report.ignored_by)
    if ignored:
        yield f"*{escape(ignored)}*"
    if options.stat:
        return
    yield "Marked: ~~deleted~~, **inserted**, _moved_.\n\n---"
    for item in collapse(paragraphs(report.diff.blocks, options.by), options.context, keep=False):
        if isinstance(item, Gap):
            yield f"*{item.label}*"
        else:
            yield _paragraph(item.pieces)


def _version_line(sign: str, version: Version, *, utc: bool) -> str:
    line = f"- {sign} **@{version.number}** {show_time(version.observed_at, utc=utc)}"
    line += f", {plural(version.word_count, 'word')}"
    if version.revert_of is not None:
        line += f" (same text as @{version.revert_of})"
    return line


def _note_line(sign: str, note: Note) -> str:
    return f"- {sign} **{escape(kind_and_time(note))}**: {escape(flat(note.text))}"


def _finding_line(finding: Finding) -> str:
    label = finding_label(finding)
    return f"- **{label}** ({transition(finding)}): {escape(finding.message)}"


def _paragraph(pieces: Sequence[Piece]) -> str:
    out: list[str] = []
    for kind, raw in pieces:
        if kind == "note":
            out.append(f" *({escape(raw)})*")
        elif kind == "equal":
            out.append("\\\n".join(escape(line) for line in raw.split("\n")))
        else:
            out.append(_marked(raw, _MARKS[kind]))
    return _lines("".join(out).strip())


def _marked(raw: str, mark: str) -> str:
    """``raw`` between ``mark``s, the spaces around it left outside (where Markdown wants
    them), each line marked on its own."""
    lines = []
    for line in raw.split("\n"):
        core = line.strip()
        if not core:
            lines.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        lines.append(f"{lead}{mark}{escape(core)}{mark}{trail}")
    return "\\\n".join(lines)
