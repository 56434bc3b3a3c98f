"""Human-readable output: coloured on a terminal, plain text with markers elsewhere.

Article text is data: it goes into rich ``Text`` objects (never markup) and through
:func:`revtrack.text.visible`, so markup, escape sequences and control characters in an
article are shown, not interpreted. Without colour, changes are marked as
``git diff --word-diff`` does, ``[-deleted-]{+inserted+}``, and moved text as ``{>moved<}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from revtrack.models import (
    Action,
    AddResult,
    AddStatus,
    Article,
    ArticleLog,
    Block,
    ChangeReport,
    DiffStats,
    Finding,
    FindingKind,
    Note,
    NotesHistory,
    Op,
    Side,
    Transition,
    Version,
)
from revtrack.render.console import styled
from revtrack.text import visible
from revtrack.times import show_time

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from revtrack.refresh import Report, Result

#: How each kind of piece is marked: a rich style with colour, plain-text markers without.
_LOOK = {
    "equal": ("", "", ""),
    "delete": ("revtrack.delete", "[-", "-]"),
    "insert": ("revtrack.insert", "{+", "+}"),
    "moved": ("revtrack.moved", "{>", "<}"),
    "note": ("revtrack.collapsed", "[", "]"),
}
_LINE_BREAKS = re.compile(r"(\n+)")
_OP_KIND = {Op.EQUAL: "equal", Op.INSERT: "insert", Op.DELETE: "delete"}

Piece = tuple[str, str]  # (kind, text)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _whitespace(raw: str) -> str:
    """A change of whitespace alone, made visible: ¶ for a line break, · for a space."""
    return "".join("¶" if c == "\n" else "→" if c == "\t" else "·" for c in raw)


def _snippet(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# --- from blocks to pieces ---------------------------------------------------------------


def _span_pieces(block: Block, *, moved: bool = False) -> Iterator[Piece]:
    """A block's spans as pieces; ignored differences show as the new text, unmarked."""
    for span in block.spans:
        if span.ignored:
            if span.op is Op.INSERT:
                yield "equal", span.text
        elif span.op is Op.EQUAL:
            yield ("moved" if moved else "equal"), span.text
        else:
            yield _OP_KIND[span.op], span.text


def _whole(block: Block) -> Iterator[Piece]:
    """An edited block as its whole old text deleted and whole new text inserted."""
    old, new = block.old_text, block.new_text
    lead = len(old) - len(old.lstrip())
    yield "equal", new[: len(new) - len(new.lstrip())]
    yield "delete", old[lead:]
    yield "insert", new.lstrip()


def _block_pieces(block: Block, by: str) -> Iterator[Piece]:
    move = block.move
    if move is not None and move.side is Side.FROM:
        text = block.old_text
        yield "equal", text[: len(text) - len(text.lstrip())]
        yield "note", f"moved to ¶{move.new_paragraph}: “{_snippet(text)}”"
    elif move is not None:
        yield from _span_pieces(block, moved=True)
        yield "note", f"moved from ¶{move.old_paragraph}"
    elif block.action is Action.EDITED and by != "word":
        yield from _whole(block)
    else:
        yield from _span_pieces(block)


# --- from pieces to paragraphs -----------------------------------------------------------


class _Paragraph:
    def __init__(self) -> None:
        self.pieces: list[Piece] = []

    @property
    def changed(self) -> bool:
        return any(kind != "equal" for kind, _ in self.pieces)

    @property
    def empty(self) -> bool:
        return not any(text.strip() for _, text in self.pieces)

    def side(self, kinds: tuple[str, ...]) -> str:
        return "".join(text for kind, text in self.pieces if kind in kinds)


def _paragraphs(pieces: Iterator[Piece]) -> list[_Paragraph]:
    """Lay the pieces out in paragraphs; line breaks in the text start new ones."""
    paragraphs = [_Paragraph()]
    for kind, text in pieces:
        if kind in ("insert", "delete") and text.isspace():
            paragraphs[-1].pieces.append((kind, _whitespace(text)))  # a layout change
            continue
        for part in _LINE_BREAKS.split(text):
            if part.startswith("\n"):
                paragraphs.append(_Paragraph())
            elif part:
                paragraphs[-1].pieces.append((kind, part))
    return [p for p in paragraphs if not p.empty]


def _text(pieces: Sequence[Piece], *, color: bool) -> Text:
    out = Text()
    for kind, raw in pieces:
        style, start, end = _LOOK[kind]
        shown = visible(raw)
        if kind == "note":
            space = " " if out.plain.strip() else ""
            out.append(f"{space}[{shown}]" if not color else f"{space}({shown})", style=style)
        elif color or kind == "equal":
            out.append(shown, style=style)
        else:
            out.append(f"{start}{shown}{end}")
    return out


def _shown(paragraph: _Paragraph, by: str, *, color: bool) -> Text:
    if by == "paragraph" and paragraph.changed:
        old = paragraph.side(("equal", "delete"))
        new = paragraph.side(("equal", "insert", "moved"))
        pieces = [("delete", old)] if old.strip() else []
        if new.strip():
            pieces += [("equal", "\n")] if pieces else []
            pieces += [("insert", new)]
        pieces += [p for p in paragraph.pieces if p[0] == "note"]
        return _text(pieces, color=color)
    return _text(paragraph.pieces, color=color)


def _collapsed(
    paragraphs: Sequence[_Paragraph], context: int, by: str, *, color: bool
) -> Iterator[Text]:
    """The changed paragraphs, with ``context`` unchanged ones around each change."""
    near = [False] * len(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        if paragraph.changed:
            for other in range(max(0, index - context), min(len(paragraphs), index + context + 1)):
                near[other] = True
    hidden = 0
    for paragraph, show in zip(paragraphs, near, strict=True):
        if show:
            if hidden:
                yield _marker(hidden)
                hidden = 0
            yield _shown(paragraph, by, color=color)
        else:
            hidden += 1
    if hidden:
        yield _marker(hidden)


def _marker(hidden: int) -> Text:
    return Text(f"⋯ {_plural(hidden, 'unchanged paragraph')} ⋯", style="revtrack.collapsed")


def _version_line(prefix: str, version: Version, *, utc: bool) -> Text:
    line = Text()
    line.append(f"{prefix} {visible(version.article)}@{version.number}", style="revtrack.header")
    line.append(
        f"  {show_time(version.observed_at, utc=utc)}  {_plural(version.word_count, 'word')}"
    )
    if version.revert_of is not None:
        line.append(f"  (same text as @{version.revert_of})", style="revtrack.revert")
    return line


def _summary(stats: DiffStats) -> Text:
    line = Text()
    line.append(f"+{stats.words_added:,}", style="revtrack.insert")
    line.append(" ")
    line.append(f"-{stats.words_deleted:,}", style="revtrack.delete")
    line.append(" words")
    counts = [
        (stats.sentences_added, "added"),
        (stats.sentences_deleted, "deleted"),
        (stats.sentences_edited, "edited"),
        (stats.sentences_moved, "moved"),
    ]
    sentences = ", ".join(f"{count:,} {what}" for count, what in counts if count)
    if sentences:
        line.append(f"; sentences: {sentences}")
    line.append(f"; {stats.change_ratio:.1%} changed")
    return line


def render_report(
    console: Console,
    report: ChangeReport,
    *,
    context: int = 1,
    utc: bool = False,
    by: str = "word",
    stat: bool = False,
) -> None:
    """Print a change report: the two versions, the statistics, the changed paragraphs."""
    console.print(_version_line("---", report.old, utc=utc), soft_wrap=True)
    console.print(_version_line("+++", report.new, utc=utc), soft_wrap=True)
    console.print(_summary(report.diff.stats), soft_wrap=True)
    for sign, notes in (("+", report.notes_added), ("-", report.notes_removed)):
        for note in notes:
            console.print(_note_line(sign, note), soft_wrap=True)
    if stat:
        return
    color = styled(console)
    pieces = (piece for block in report.diff.blocks for piece in _block_pieces(block, by))
    for item in _collapsed(_paragraphs(pieces), context, by, color=color):
        console.print()
        console.print(item, soft_wrap=True)


def render_log(console: Console, log: ArticleLog, *, utc: bool) -> None:
    """One line per version: number, time, words, words added and removed, revert."""
    width = len(str(len(log.entries)))
    for entry in log.entries:
        version = entry.version
        line = Text()
        line.append(f"@{version.number:<{width}}", style="revtrack.number")
        line.append(f"  {show_time(version.observed_at, utc=utc)}  ")
        line.append(f"{_plural(version.word_count, 'word'):>12}  ")
        line.append(f"{'+' + format(entry.words_added, ','):>7}", style="revtrack.insert")
        line.append(" ")
        deleted = f"-{entry.words_deleted:,}"
        line.append(deleted, style="revtrack.delete")
        line.append(" " * (7 - len(deleted)))
        if version.revert_of is not None:
            line.append(f"  (same text as @{version.revert_of})", style="revtrack.revert")
        _append_notes(line, entry.new_notes, entry.findings)
        line.rstrip()
        console.print(line, soft_wrap=True)


def render_articles(console: Console, articles: Sequence[Article], *, utc: bool) -> None:
    """One line per article: name, version count, first and last observed time."""
    width = max((len(visible(a.key)) for a in articles), default=0)
    for article in articles:
        line = Text()
        line.append(f"{visible(article.key):<{width}}", style="revtrack.header")
        line.append(f"  {_plural(article.version_count, 'version'):>12}")
        line.append(f"  {show_time(article.first_observed, utc=utc)}")
        line.append(f"  {show_time(article.last_observed, utc=utc)}")
        if article.title:
            line.append(f"  {visible(article.title)}", style="revtrack.meta")
        console.print(line, soft_wrap=True)


def _append_notes(line: Text, notes: Sequence[Note], findings: Sequence[Finding]) -> None:
    """The notes a version brought (``+update 2021-08-18 22:15 ET``) and the findings about
    the change that made it (``! changed without a note``)."""
    for note in notes:
        line.append(f"  +{_kind_and_time(note)}", style="revtrack.note")
    if findings:
        labels = dict.fromkeys(FINDING_LABELS[f.kind] for f in findings)
        line.append(f"  ! {', '.join(labels)}", style="revtrack.finding")


def render_added(
    console: Console,
    result: AddResult,
    words: tuple[int, int] | None,
    transition: Transition | None = None,
) -> None:
    """The new version's reference, or nothing (the caller reports an unchanged text)."""
    if result.status is AddStatus.UNCHANGED:
        return
    console.print(_added_line(result.version, words, transition), soft_wrap=True)


def _added_line(
    version: Version, words: tuple[int, int] | None, transition: Transition | None
) -> Text:
    """``talks@4  +19 -17 words  +update ...  ! changed without a note``."""
    line = Text()
    line.append(f"{visible(version.article)}@{version.number}", style="revtrack.number")
    if words is not None:
        line.append("  ")
        line.append(f"+{words[0]:,}", style="revtrack.insert")
        line.append(" ")
        line.append(f"-{words[1]:,}", style="revtrack.delete")
        line.append(" words")
    else:
        line.append(f"  {_plural(version.word_count, 'word')}")
    if version.revert_of is not None:
        line.append(f"  (same text as @{version.revert_of})", style="revtrack.revert")
    if transition is not None:
        _append_notes(line, transition.new_notes, transition.findings)
    return line


class RefreshPrinter:
    """What a refresh shows as it goes: a line per new version on stdout, failures on
    stderr, and a progress bar on a terminal (none when piped, as from cron)."""

    def __init__(self, console: Console, *, as_json: bool) -> None:
        from revtrack.render.console import make_console

        self.console = console
        self.errors = make_console(stderr=True)
        self.as_json = as_json
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> RefreshPrinter:
        if self.errors.is_terminal and not self.as_json:
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
                console=self.errors,
                transient=True,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def total(self, count: int) -> None:
        if self._progress is not None:
            self._task = self._progress.add_task("refresh", total=count)

    def result(self, result: Result) -> None:
        from revtrack.refresh import Outcome

        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)
        if self.as_json:
            return
        if result.outcome is Outcome.FAILED:
            self.errors.print(
                Text(f"Error: {visible(result.article)}: {visible(result.error or '')}"),
                soft_wrap=True,
            )
        elif result.version is not None and result.outcome in (Outcome.CHANGED, Outcome.NEW):
            line = _added_line(result.version, result.words, result.transition)
            if result.outcome is Outcome.NEW:
                line.append("  (new)", style="revtrack.meta")
            self.console.print(line, soft_wrap=True)

    @staticmethod
    def summary(report: Report) -> str:
        from revtrack.refresh import Outcome

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
            feeds = f"; {_plural(len(report.feeds), 'feed')} checked" + (
                f", {failed} failed" if failed else ""
            )
        return (
            f"refresh: {_plural(len(report.results), 'article')} checked in "
            f"{report.seconds:.1f} s: {', '.join(parts)}{feeds}"
        )


def render_text(console: Console, version: Version) -> None:
    """A version's text: exactly as stored when piped, control characters made visible
    on a terminal."""
    if console.is_terminal:
        console.print(Text(visible(version.text)), soft_wrap=True, end="")
    else:
        console.file.write(version.text)


# --- notes -------------------------------------------------------------------------------

#: Short names of the stealth-edit findings, for one-line listings.
FINDING_LABELS = {
    FindingKind.UNNOTED_CHANGE: "changed without a note",
    FindingKind.UNDESCRIBED_CHANGE: "changed with only a time stamp",
    FindingKind.NOTE_TIME_OUTSIDE_WINDOW: "note misdated",
    FindingKind.NOTE_EDITED: "note edited",
    FindingKind.NOTE_REMOVED: "note removed",
    FindingKind.NOTE_WITHOUT_CHANGE: "note without a change",
}


def _kind_and_time(note: Note) -> str:
    name = note.kind.label
    return f"{name} {note.time.written()}" if note.time else name


def _note_line(sign: str, note: Note) -> Text:
    line = Text()
    line.append(f"{sign} {_kind_and_time(note)}: ", style="revtrack.note")
    line.append(visible(" ".join(note.text.split())))
    return line


def render_notes(console: Console, history: NotesHistory) -> None:
    """Every note of the history with its versions, then the stealth-edit findings."""
    if not history.notes:
        console.print(Text("no editorial notes", style="revtrack.collapsed"))
    for tracked in history.notes:
        line = Text()
        first, last = tracked.first_version, tracked.last_version
        if tracked.removed_in is None:
            span = f"@{first}–"  # to the latest version
        else:
            span = f"@{first}" + (f"–@{last}" if last != first else "")
        line.append(span, style="revtrack.number")
        line.append(f"  {_kind_and_time(tracked.note)}", style="revtrack.note")
        if tracked.changed_in:
            line.append(f"  (edited in {_versions(tracked.changed_in)})", style="revtrack.finding")
        if tracked.restored_in:
            restored = _versions(tracked.restored_in)
            line.append(f"  (restored in {restored})", style="revtrack.revert")
        if tracked.removed_in is not None:
            how = "replaced" if tracked.replaced else "removed"
            line.append(f"  ({how} in @{tracked.removed_in})", style="revtrack.revert")
        console.print(line, soft_wrap=True)
        console.print(Text("    " + visible(" ".join(tracked.text.split()))), soft_wrap=True)
    console.print()
    if not history.findings:
        console.print(Text("no stealth-edit findings", style="revtrack.collapsed"))
    for finding in history.findings:
        console.print(_finding_line(finding), soft_wrap=True)


def _versions(numbers: Sequence[int]) -> str:
    return ", ".join(f"@{n}" for n in numbers)


def _finding_line(finding: Finding) -> Text:
    line = Text()
    line.append(f"@{finding.from_version}→@{finding.to_version}", style="revtrack.number")
    line.append(f"  {FINDING_LABELS[finding.kind]}", style="revtrack.finding")
    line.append(f": {visible(finding.message)}")
    return line
