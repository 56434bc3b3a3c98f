"""Line-oriented terminal output of the commands other than ``diff``: the new-version line of
``add`` and ``refresh``, ``log``, ``list``, ``notes``, ``show``, and the progress of a refresh.

Article text is data: it goes into rich ``Text`` objects (never markup) and through
:func:`revtrack.text.visible`, so markup, escape sequences and control characters in an
article are shown, not interpreted.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from revtrack.models import (
    AddStatus,
    Article,
    ArticleLog,
    Finding,
    Note,
    NotesHistory,
    Recorded,
    Version,
)
from revtrack.render.layout import FINDING_LABELS, kind_and_time, plural
from revtrack.text import visible
from revtrack.times import show_time


def render_log(console: Console, log: ArticleLog, *, utc: bool) -> None:
    """One line per version: number, time, words, words added and removed, revert."""
    width = len(str(len(log.entries)))
    for entry in log.entries:
        version = entry.version
        line = Text()
        line.append(f"@{version.number:<{width}}", style="revtrack.number")
        line.append(f"  {show_time(version.observed_at, utc=utc)}  ")
        line.append(f"{plural(version.word_count, 'word'):>12}  ")
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
        line.append(f"  {plural(article.version_count, 'version'):>12}")
        line.append(f"  {show_time(article.first_observed, utc=utc)}")
        line.append(f"  {show_time(article.last_observed, utc=utc)}")
        if article.title:
            line.append(f"  {visible(article.title)}", style="revtrack.meta")
        console.print(line, soft_wrap=True)


def _append_notes(line: Text, notes: Sequence[Note], findings: Sequence[Finding]) -> None:
    """The notes a version brought (``+update 2021-08-18 22:15 ET``) and the findings about
    the change that made it (``! changed without a note``)."""
    for note in notes:
        line.append(f"  +{kind_and_time(note)}", style="revtrack.note")
    if findings:
        labels = dict.fromkeys(FINDING_LABELS[f.kind] for f in findings)
        line.append(f"  ! {', '.join(labels)}", style="revtrack.finding")


def render_added(console: Console, recorded: Recorded) -> None:
    """The new version's reference, or nothing (the caller reports an unchanged text)."""
    if recorded.status is AddStatus.UNCHANGED:
        return
    console.print(added_line(recorded), soft_wrap=True)


def added_line(recorded: Recorded) -> Text:
    """``talks@4  +19 -17 words  +update ...  ! changed without a note``."""
    version, words = recorded.version, recorded.words
    line = Text()
    line.append(f"{visible(version.article)}@{version.number}", style="revtrack.number")
    if words is not None:
        line.append("  ")
        line.append(f"+{words.added:,}", style="revtrack.insert")
        line.append(" ")
        line.append(f"-{words.deleted:,}", style="revtrack.delete")
        line.append(" words")
    else:
        line.append(f"  {plural(version.word_count, 'word')}")
    if version.revert_of is not None:
        line.append(f"  (same text as @{version.revert_of})", style="revtrack.revert")
    if recorded.transition is not None:
        _append_notes(line, recorded.new_notes, recorded.findings)
    return line


def render_text(console: Console, version: Version) -> None:
    """A version's text: exactly as stored when piped, control characters made visible
    on a terminal."""
    if console.is_terminal:
        console.print(Text(visible(version.text)), soft_wrap=True, end="")
    else:
        console.file.write(version.text)


# --- notes -------------------------------------------------------------------------------


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
        line.append(f"  {kind_and_time(tracked.note)}", style="revtrack.note")
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
