"""Human-readable output: coloured on a terminal, plain text with markers elsewhere.

Article text is data: it goes into rich ``Text`` objects (never markup) and through
:func:`revtrack.text.visible`, so markup, escape sequences and control characters in an
article are shown, not interpreted. Without colour, changes are marked as
``git diff --word-diff`` does: ``[-deleted-]{+inserted+}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

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
    Op,
    Version,
)
from revtrack.render.console import styled
from revtrack.text import paragraphs, visible
from revtrack.times import show_time

_MARKERS = {Op.DELETE: ("[-", "-]"), Op.INSERT: ("{+", "+}"), Op.EQUAL: ("", "")}
_STYLES = {Op.DELETE: "revtrack.delete", Op.INSERT: "revtrack.insert", Op.EQUAL: ""}
_LINE_BREAKS = re.compile(r"(\n+)")


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _whitespace(raw: str) -> str:
    """A change of whitespace alone, made visible: ¶ for a line break, · for a space."""
    return "".join("¶" if c == "\n" else "→" if c == "\t" else "·" for c in raw)


def _span_text(pieces: Sequence[tuple[Op, str]], *, color: bool) -> Text:
    out = Text()
    for op, raw in pieces:
        if not raw:
            continue
        shown = _whitespace(raw) if op is not Op.EQUAL and raw.isspace() else visible(raw)
        if color:
            out.append(shown, style=_STYLES[op])
            continue
        start, end = _MARKERS[op]
        # As git does, markers close at the end of a line and open again on the next one.
        for part in _LINE_BREAKS.split(shown):
            out.append(part if not part or part.startswith("\n") else f"{start}{part}{end}")
    return out


def _block_pieces(block: Block) -> list[tuple[Op, str]]:
    """A changed block's spans without the line breaks around it (blocks are set apart).

    A span of whitespace alone keeps its breaks: they are the change, shown as ¶.
    """
    pieces = [(span.op, span.text) for span in block.spans]
    if pieces and not pieces[0][1].isspace():
        pieces[0] = (pieces[0][0], pieces[0][1].lstrip("\n"))
    if pieces and not pieces[-1][1].isspace():
        pieces[-1] = (pieces[-1][0], pieces[-1][1].rstrip("\n"))
    return pieces


def _items(block: Block, *, color: bool) -> Iterator[Text]:
    """The paragraphs of a block as shown: each unchanged one alone, a change as one item."""
    if block.action is Action.EQUAL:
        for part in paragraphs(block.old_text):
            if part.strip("\n"):
                yield Text(visible(part.lstrip("\n")))
        return
    pieces = _block_pieces(block)
    if any(text for _, text in pieces):
        yield _span_text(pieces, color=color)


def _collapsed(report: ChangeReport, context: int, *, color: bool) -> Iterator[Text]:
    """The changed paragraphs, with ``context`` unchanged ones around each change."""
    items = [
        (item, block.action is Action.EQUAL)
        for block in report.diff.blocks
        for item in _items(block, color=color)
    ]
    near = [False] * len(items)
    for index, (_, unchanged) in enumerate(items):
        if not unchanged:
            for other in range(max(0, index - context), min(len(items), index + context + 1)):
                near[other] = True
    hidden = 0
    for (item, _), show in zip(items, near, strict=True):
        if show:
            if hidden:
                yield _marker(hidden)
                hidden = 0
            yield item
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


def render_report(console: Console, report: ChangeReport, *, context: int, utc: bool) -> None:
    """Print a change report: the two versions, the word counts, the changed paragraphs."""
    color = styled(console)
    stats = report.diff.stats
    console.print(_version_line("---", report.old, utc=utc), soft_wrap=True)
    console.print(_version_line("+++", report.new, utc=utc), soft_wrap=True)
    summary = Text()
    summary.append(f"+{stats.words_added:,}", style="revtrack.insert")
    summary.append(" ")
    summary.append(f"-{stats.words_deleted:,}", style="revtrack.delete")
    summary.append(" words")
    console.print(summary, soft_wrap=True)
    for item in _collapsed(report, context, color=color):
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
        if version.revert_of is not None:
            line.append(" " * (7 - len(deleted)))
            line.append(f"  (same text as @{version.revert_of})", style="revtrack.revert")
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


def render_added(console: Console, result: AddResult, words: tuple[int, int] | None) -> None:
    """The new version's reference, or nothing (the caller reports an unchanged text)."""
    version = result.version
    if result.status is AddStatus.UNCHANGED:
        return
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
    console.print(line, soft_wrap=True)


def render_text(console: Console, version: Version) -> None:
    """A version's text: exactly as stored when piped, control characters made visible
    on a terminal."""
    if console.is_terminal:
        console.print(Text(visible(version.text)), soft_wrap=True, end="")
    else:
        console.file.write(version.text)
