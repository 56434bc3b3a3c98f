"""Line-oriented output of the commands other than ``diff``: the new-version line of ``add`` and
``refresh``, ``log``, ``notes``, ``show`` and ``check``.

Each line is a list of ``(text, style)`` segments, written by :mod:`revtrack.render.output`:
as plain text when the output shows no colour (rich is not loaded), else in colour. Article
text is data: it goes through :func:`revtrack.text.visible`, and never into markup, so escape
sequences and control characters in an article are shown, not interpreted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO

from revtrack.models import (
    AddStatus,
    ArticleLog,
    ChangeKind,
    CheckReport,
    Finding,
    IgnoreRule,
    Note,
    NotesHistory,
    Problem,
    Recorded,
    Version,
)
from revtrack.render.layout import Line, finding_label, flat, kind_and_time, plural, where
from revtrack.render.output import Output
from revtrack.text import visible
from revtrack.times import show_time


def write_log(
    log: ArticleLog, out: IO[str] | None = None, *, color: str = "auto", utc: bool = False
) -> None:
    """One line per version: number, time, words, words added and removed, revert, the notes
    it brought and the findings about its change."""
    Output(out, color).lines(log_lines(log, utc=utc))


def log_lines(log: ArticleLog, *, utc: bool = False) -> Iterator[Line]:
    damage = _by_version(log.damaged)
    width = len(str(max([e.version.number for e in log.entries] + list(damage), default=0)))
    pending = sorted(damage.items())
    for entry in log.entries:
        while pending and pending[0][0] < entry.version.number:
            yield _damaged_line(*pending.pop(0), width=width)
        version = entry.version
        deleted = f"-{entry.words_deleted:,}"
        line: Line = [
            (f"@{version.number:<{width}}", "revtrack.number"),
            (f"  {show_time(version.observed_at, utc=utc)}  ", ""),
            (f"{plural(version.word_count, 'word'):>12}  ", ""),
            (f"{'+' + format(entry.words_added, ','):>7}", "revtrack.insert"),
            (" ", ""),
            (deleted, "revtrack.delete"),
            (" " * (7 - len(deleted)), ""),
        ]
        if version.revert_of is not None:
            line.append((f"  (same text as @{version.revert_of})", "revtrack.revert"))
        line += _notes(entry.new_notes, entry.findings)
        yield rstrip(line)
    for number, details in pending:
        yield _damaged_line(number, details, width=width)


def _by_version(problems: Sequence[Problem]) -> dict[int, list[str]]:
    """What is wrong with each damaged version, by number (0: with the article itself)."""
    found: dict[int, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.version or 0, []).append(problem.detail)
    return found


def _damaged_line(number: int, details: Sequence[str], *, width: int) -> Line:
    """``@3  damaged: its text does not match its hash``."""
    line: Line = [(f"@{number:<{width}}  ", "revtrack.number")] if number else []
    return [*line, (f"damaged: {visible('; '.join(details))}", "revtrack.damaged")]


def damage_lines(problems: Sequence[Problem]) -> Iterator[Line]:
    """A line for each damaged version, by number."""
    damage = _by_version(problems)
    width = len(str(max(damage, default=0)))
    for number, details in sorted(damage.items()):
        yield _damaged_line(number, details, width=width)


def write_added(recorded: Recorded, out: IO[str] | None = None, *, color: str = "auto") -> None:
    """The new version's line, or nothing (the caller reports an unchanged text)."""
    if recorded.status is not AddStatus.UNCHANGED:
        Output(out, color).line(added_line(recorded))


def added_line(recorded: Recorded) -> Line:
    """``talks@4  +19 -17 words  +update ...  ! changed without a note``."""
    version, added, deleted = recorded.version, recorded.words_added, recorded.words_deleted
    line: Line = [(f"{visible(version.article)}@{version.number}", "revtrack.number")]
    if added is not None and deleted is not None:
        line += [
            ("  ", ""),
            (f"+{added:,}", "revtrack.insert"),
            (" ", ""),
            (f"-{deleted:,}", "revtrack.delete"),
            (" words", ""),
        ]
    else:
        line.append((f"  {plural(version.word_count, 'word')}", ""))
    if version.revert_of is not None:
        line.append((f"  (same text as @{version.revert_of})", "revtrack.revert"))
    return line + _notes(recorded.new_notes, recorded.findings)


def _notes(notes: Sequence[Note], findings: Sequence[Finding]) -> Line:
    """The notes a version brought (``+update 2021-08-18 22:15 ET``) and the findings about
    the change that made it (``! changed without a note``)."""
    line: Line = [(f"  +{kind_and_time(note)}", "revtrack.note") for note in notes]
    if findings:
        labels = dict.fromkeys(finding_label(f) for f in findings)
        line.append((f"  ! {', '.join(labels)}", "revtrack.finding"))
    return line


def rstrip(line: Line) -> Line:
    """The line without the whitespace that ends it."""
    line = list(line)
    while line and not line[-1][0].rstrip():
        line.pop()
    if line:
        text, style = line[-1]
        line[-1] = (text.rstrip(), style)
    return line


def write_text(version: Version, out: IO[str] | None = None) -> None:
    """A version's text: exactly as stored when piped, control characters made visible on a
    terminal."""
    output = Output(out)
    isatty = getattr(output.stream, "isatty", None)
    if output.plain:  # a terminal without colour (NO_COLOR) is a terminal all the same
        terminal = isatty is not None and isatty()
        output.stream.write(visible(version.text) if terminal else version.text)
        output.stream.flush()
        return
    from rich.text import Text

    console = output.console
    if console.is_terminal:
        console.print(Text(visible(version.text)), soft_wrap=True, end="")
    else:
        console.file.write(version.text)


# --- notes -------------------------------------------------------------------------------


def write_notes(
    history: NotesHistory,
    out: IO[str] | None = None,
    *,
    color: str = "auto",
    explain: bool = False,
) -> None:
    """Every note of the history with its versions, then the stealth-edit findings (with
    ``explain``, each with its changes and the notes weighed)."""
    Output(out, color).lines(notes_lines(history, explain=explain))


def notes_lines(history: NotesHistory, *, explain: bool = False) -> Iterator[Line]:
    if not history.notes:
        yield [("no editorial notes", "revtrack.collapsed")]
    for tracked in history.notes:
        first, last = tracked.first_version, tracked.last_version
        if tracked.removed_in is None:
            span = f"@{first}–"  # to the latest version
        else:
            span = f"@{first}" + (f"–@{last}" if last != first else "")
        line: Line = [
            (span, "revtrack.number"),
            (f"  {kind_and_time(tracked.note)}", "revtrack.note"),
        ]
        if tracked.changed_in:
            line.append((f"  (edited in {_versions(tracked.changed_in)})", "revtrack.finding"))
        if tracked.restored_in:
            line.append((f"  (restored in {_versions(tracked.restored_in)})", "revtrack.revert"))
        if tracked.removed_in is not None:
            how = "replaced" if tracked.replaced else "removed"
            line.append((f"  ({how} in @{tracked.removed_in})", "revtrack.revert"))
        yield line
        yield [("    " + visible(" ".join(tracked.text.split())), "")]
    yield []
    if not history.findings:
        yield [("no stealth-edit findings", "revtrack.collapsed")]
    for finding in history.findings:
        yield _finding_line(finding)
        if explain:
            yield from explanation(finding)
    if history.hidden:
        yield [
            (
                f"({plural(history.hidden, 'finding')} less severe than --min-severity not shown)",
                "revtrack.collapsed",
            )
        ]
    if history.damaged:
        yield []
        yield from damage_lines(history.damaged)


def _versions(numbers: Sequence[int]) -> str:
    return ", ".join(f"@{n}" for n in numbers)


def _finding_line(finding: Finding) -> Line:
    return [
        (f"@{finding.from_version}→@{finding.to_version}", "revtrack.number"),
        (f"  {finding_label(finding)}", "revtrack.finding"),
        (f": {visible(finding.message)}", ""),
    ]


def explanation(finding: Finding) -> Iterator[Line]:
    """The changes a finding is about and the notes weighed against them, indented:
    ``- ¶5 “...”``, ``+ ¶6 “...”``, ``~ ¶3 “...” → “...”`` and ``weighed: ...``."""
    signs = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.EDITED: "~"}
    for change in finding.changes:
        shown = {
            ChangeKind.ADDED: f"“{flat(change.new)}”",
            ChangeKind.REMOVED: f"“{flat(change.old)}”",
            ChangeKind.EDITED: f"“{flat(change.old)}” → “{flat(change.new)}”",
        }[change.kind]
        yield [
            (f"    {signs[change.kind]} {where(change)}  ", "revtrack.number"),
            (visible(shown), ""),
            (f"  [{change.severity}: {visible(change.why)}]", "revtrack.finding"),
        ]
    for weighed in finding.weighed:
        yield [
            ("    weighed: ", "revtrack.meta"),
            (kind_and_time(weighed.note), "revtrack.note"),
            (f": {visible(weighed.reason)}", ""),
        ]


# --- check ---------------------------------------------------------------------------------


def write_check(report: CheckReport, out: IO[str] | None = None, *, color: str = "auto") -> None:
    """A line for each problem found: ``talks@3 is damaged: its text does not match its
    hash``, or ``tracking: ...`` for a row of no version."""
    Output(out, color).lines(problem_line(p) for p in report.problems)


def problem_line(problem: Problem) -> Line:
    if problem.article is None:
        return [(f"{problem.kind.value}: ", "revtrack.damaged"), (visible(problem.detail), "")]
    if problem.version is None:
        return [(visible(problem.article), "revtrack.number"), (f": {visible(problem.detail)}", "")]
    return [
        (f"{visible(problem.article)}@{problem.version}", "revtrack.number"),
        (" is damaged: ", "revtrack.damaged"),
        (visible(problem.detail), ""),
    ]


# --- ignore rules ------------------------------------------------------------------------


def write_ignore_rules(
    builtin: Sequence[IgnoreRule],
    rules: Sequence[IgnoreRule],
    disabled: frozenset[str],
    out: IO[str] | None = None,
    *,
    color: str = "auto",
) -> None:
    """The built-in rules (name, on or off, what they ignore, the pattern), then the saved
    rules (number, scope, pattern)."""
    Output(out, color).lines(ignore_lines(builtin, rules, disabled))


def ignore_lines(
    builtin: Sequence[IgnoreRule], rules: Sequence[IgnoreRule], disabled: frozenset[str]
) -> Iterator[Line]:
    width = max((len(str(rule.name)) for rule in builtin), default=0)
    yield [(f"{'built-in':<{width}}  on/off  what it ignores", "revtrack.header")]
    for rule in builtin:
        state = "on" if rule.enabled(disabled) else "off"
        yield [
            (f"{rule.name!s:<{width}}", "revtrack.number"),
            (f"  {state:<6}  ", ""),
            (rule.description, "revtrack.meta"),
        ]
        yield [(f"{'':<{width}}          pattern: {rule.pattern}", "")]
    yield []
    if not rules:
        yield [("no saved rules: add one with revtrack ignore add PATTERN", "")]
        return
    number = max(len("rule"), *(len(str(rule.id)) for rule in rules))
    scope = max(len("scope"), *(len(visible(rule.scope)) for rule in rules))
    yield [(f"{'rule':<{number}}  {'scope':<{scope}}  pattern", "revtrack.header")]
    for rule in rules:
        yield [
            (f"{rule.id!s:<{number}}", "revtrack.number"),
            (f"  {visible(rule.scope):<{scope}}  {visible(rule.pattern)}", ""),
        ]
